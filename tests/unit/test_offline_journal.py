"""The offline journal: KOC lines on this PC, keyed by journal and sequence, replayed once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from rozupe_desk.db.models import KocTransaction, Loan
from rozupe_desk.formats.koc import read_koc
from rozupe_desk.services.circulation import koc
from rozupe_desk.services.offline import journal, reader_copy
from rozupe_desk.services.offline.link import DeskLink
from tests.desk_data import small_library


@pytest.fixture
def lib(db_path):
    return small_library()


def recent(seconds: int = 0) -> datetime:
    """A time a few minutes ago (the replay refuses the future)."""
    return datetime.now().replace(microsecond=123_000) - timedelta(minutes=30) + timedelta(
        seconds=seconds)


def test_each_line_is_appended_whole_and_keyed_by_journal_and_sequence(tmp_path):
    book = journal.Journal(desk_id="Galds 1", where=tmp_path)
    at = recent()
    path = book.append(at, "return", ("1001",))
    book.append(at, "return", ("1001",))  # the same scan twice within one millisecond
    text = path.read_text(encoding="utf-8")
    header, first, second = text.splitlines()
    assert header.startswith("Version=1.0\tGenerator=Rozupe Desk\t")
    assert "\tDesk=Galds 1\tJournal=" in header
    assert first == second == f"{at:%Y-%m-%d %H:%M:%S} 123\treturn\t1001"
    lines = read_koc(path.read_bytes()).lines
    journal_id = read_koc(path.read_bytes()).header["Journal"]
    assert [line.key for line in lines] == [f"j:{journal_id}:1", f"j:{journal_id}:2"]
    assert [line.repeat_of for line in lines] == [None, None]


def test_a_koc_file_without_a_journal_keeps_its_repeats_as_one_transaction():
    at = recent()
    line = f"{at:%Y-%m-%d %H:%M:%S} 123\treturn\t1001"
    data = f"Version=1.0\tGenerator=kocQt4\n{line}\n{line}\n".encode()
    lines = read_koc(data).lines
    assert lines[0].key.startswith("t:") and lines[1].repeat_of == lines[0].line_no


def test_a_line_cut_by_a_kill_was_never_acknowledged(tmp_path):
    book = journal.Journal(desk_id="d", where=tmp_path)
    path = book.append(recent(), "return", ("1001",))
    with path.open("a", encoding="utf-8") as stream:
        stream.write("2026-03-10 11:0")  # the power went while this was written
    assert read_koc(journal.acknowledged(path)).lines[-1].fields == ("1001",)
    assert len(read_koc(journal.acknowledged(path)).lines) == 1


def test_a_sealed_journal_is_replaced_by_a_new_one(tmp_path):
    book = journal.Journal(desk_id="d", where=tmp_path)
    first = book.append(recent(), "return", ("1001",))
    book.seal()
    second = book.append(recent(1), "return", ("1002",))
    assert first != second
    assert read_koc(first.read_bytes()).header["Journal"] != read_koc(
        second.read_bytes()).header["Journal"]
    assert journal.waiting(tmp_path, except_path=second) == [first]


def test_a_replayed_journal_is_zeroed_before_it_is_deleted(tmp_path):
    book = journal.Journal(desk_id="d", where=tmp_path)
    path = book.append(recent(), "issue", ("R000001", "1001"))
    link = path.with_name("link")
    link.hardlink_to(path)  # another name for the same bytes, to look at them afterwards
    journal.discard(path)
    assert not path.exists() and set(link.read_bytes()) == {0}


def test_an_erased_reader_leaves_the_copy_at_the_next_refresh(lib, tmp_path):
    from rozupe_desk.services.readers import privacy

    tmp_path = tmp_path / "offline"  # beside the library's file
    reader_copy.refresh(where=tmp_path)
    assert reader_copy.find("K1", where=tmp_path).name == "Kārlis Kalniņš"
    privacy.erase_patron(patron_id=lib["karlis"].id)
    assert reader_copy.refresh(where=tmp_path) == 3
    assert reader_copy.find("K1", where=tmp_path) is None
    data = reader_copy.path(tmp_path).read_bytes()
    assert "Kalniņš".encode() not in data and b"K1" not in data
    assert "Bērziņa".encode() in data
    assert sorted(tmp_path.iterdir()) == [reader_copy.path(tmp_path)]  # no journal beside it


def test_offline_scans_lend_to_the_loaded_reader_and_take_back_without_one(lib, tmp_path):
    reader_copy.refresh(where=tmp_path)
    link = DeskLink(desk_id="Galds 1", where=tmp_path)
    loaded = link.scan(code="a1", card=None)
    assert (loaded.card, loaded.name, loaded.saved) == ("A1", "Anna Bērziņa", False)
    assert "Anna Bērziņa" in loaded.message
    lent = link.scan(code="1001", card="A1", at=recent())
    assert lent.saved and lent.card == "A1" and "Anna Bērziņa" in lent.message
    back = link.scan(code="2001", card=None, at=recent(1))
    assert back.saved and back.card is None
    blocked = link.scan(code="B1", card=None)
    assert blocked.card is None and blocked.level == "refusal"
    unknown = link.scan(code="r000777", card=None)
    assert unknown.card == "R000777" and not unknown.saved
    lines = read_koc(link.journal.path.read_bytes()).lines
    assert [(line.operation, line.fields) for line in lines] == [
        ("issue", ("A1", "1001")), ("return", ("2001",))]
    panel = link.reader_panel(card="C1")
    assert panel.name == "Līga Bērziņa" and panel.family == ["Anna Bērziņa"]
    assert panel.age_group == "child"


def test_the_return_replays_every_line_once_and_says_what_was_refused(lib, tmp_path):
    link = DeskLink(desk_id="Galds 1", where=tmp_path)
    link.scan(code="1001", card="A1", at=recent())
    link.scan(code="2001", card="K1", at=recent(1))
    link.scan(code="7777", card="K1", at=recent(2))  # no such copy
    link.scan(code="1001", card=None, at=recent(3))
    link.scan(code="1001", card=None, at=recent(3))  # scanned twice: one check-in, a note
    written = link.journal.path.read_bytes()
    link.offline = True
    result = link.come_back()
    assert result.applied == 4 and result.decided_before == 0
    assert [(r.line_no, r.line.split("\t")[1:]) for r in result.refused] == [
        (4, ["issue", "K1", "7777"])]
    assert "7777" in result.refused[0].shown and "izsniegšana" in result.refused[0].shown
    assert link.waiting() == [] and len(result.journals) == 1
    assert link.go_online() and not link.offline
    loans = {(loan.item.barcode, loan.patron.card_number, loan.returned_at is None)
             for loan in Loan.select()}
    assert loans == {("1001", "A1", False), ("2001", "K1", True)}
    keys = [row.line_key for row in KocTransaction.select()]
    assert len(keys) == len(set(keys)) == 5 and all(key.startswith("j:") for key in keys)
    assert list(tmp_path.glob("*.koc")) == []  # replayed whole: the file is gone
    # `import koc` of a copy of the same journal decides nothing again.
    again = koc.replay(data=written, file_name="a copy.koc")
    assert (again.applied, again.rejected, again.skipped) == (0, [], 5)


def test_a_scan_during_the_return_keeps_the_desk_offline_for_one_more_round(lib, tmp_path):
    link = DeskLink(desk_id="d", where=tmp_path)
    link.scan(code="1001", card="A1", at=recent())
    link.offline = True
    link.come_back()
    link.scan(code="1001", card=None, at=recent(5))  # scanned before the window went online
    assert not link.go_online() and link.offline
    assert link.come_back().applied == 1 and link.go_online()
    assert Loan.get().returned_at is not None


def test_a_reader_registered_offline_is_created_once_before_her_loans(lib, tmp_path):
    from rozupe_desk.db.models import Patron
    from rozupe_desk.services.offline import registrations
    from rozupe_desk.services.readers.patron_fields import FieldErrors, PatronFields

    link = DeskLink(desk_id="Galds 1", where=tmp_path)
    with pytest.raises(FieldErrors):
        link.register(fields=PatronFields(first_name="", last_name="Liepa"))
    card = link.register(fields=PatronFields(first_name="Ilze", last_name="Liepa",
                                             birth="1990", category="employed",
                                             consent_data=True))
    second = link.register(fields=PatronFields(first_name="Ints", last_name="Liepa"))
    journal_id = link.journal.journal_id
    assert card == f"GALDS1-{journal_id[:8].upper()}-1"
    assert second == f"GALDS1-{journal_id[:8].upper()}-2"
    assert link.scan(code=card.lower(), card=None).name == "Ilze Liepa"
    link.scan(code="1001", card=card, at=recent())
    link.offline = True
    path = link.journal.path
    result = link.come_back()
    assert result.refused == [] and result.applied == 3  # two readers and a checkout
    ilze = Patron.get(Patron.card_number == card)
    assert (ilze.first_name, ilze.birth_year, ilze.category) == ("Ilze", 1990, "employed")
    assert ilze.consent_data_on is not None
    assert Loan.get().patron_id == ilze.id
    assert not registrations.companion(path).exists()  # zeroed and deleted with the journal


def test_a_registration_the_server_refuses_is_listed_and_changes_nothing(lib, tmp_path):
    from rozupe_desk.db.models import Patron
    from rozupe_desk.services.offline import registrations
    from rozupe_desk.services.readers.patron_fields import PatronFields

    link = DeskLink(desk_id="d", where=tmp_path)
    card = link.register(fields=PatronFields(first_name="Ilze", last_name="Liepa"))
    Patron.update(card_number=card).where(Patron.card_number == "K1").execute()
    path, journal_id = link.journal.current()
    created, refused = registrations.create_on_server(journal_path=path, journal_id=journal_id)
    assert created == 0 and [c for c, _reason in refused] == [card]
    assert "jau pieder citam lasītājam" in refused[0][1]
    assert registrations.create_on_server(journal_path=path, journal_id=journal_id) == (0, [])
    assert Patron.select().where(Patron.first_name == "Ilze").count() == 0
    link.offline = True
    assert link.come_back().refused == []  # decided the first time: not refused again
