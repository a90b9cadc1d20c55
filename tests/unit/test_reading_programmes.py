"""Reading programmes: groups, experts registered by age, progress from loans and ticks,
questionnaires, the report's figures against an independent count, the statistics lines."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Loan
from rozupe_desk.errors import Conflict, InvalidInput
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.programmes import documents, experts, setup
from rozupe_desk.services.statistics import stats
from tests.desk_data import make_item, make_patron, make_title

START, DEADLINE = date(2026, 2, 1), date(2026, 5, 31)


@pytest.fixture
def jury(db_path):
    """A jury with the usual groups, three books in 9+, two readers of 9 and 12."""
    guardian = make_patron("G1", first="Inese", last="Kalniņa", birth=date(1985, 1, 1))
    guardian.phone = "+371 29111222"
    guardian.save()
    nine = make_patron("C9", first="Līva", last="Zariņa", birth=date(2016, 6, 1),
                       guardian=guardian, category="pupil")
    twelve = make_patron("C12", first="Jurģis", last="Dzenis", birth=date(2013, 9, 1),
                         category="pupil")
    books = [make_title(name, authors="Autors") for name in ("Pūce", "Lapsa", "Vilks")]
    for n, title in enumerate(books):
        make_item(f"90{n}1", title)
        make_item(f"90{n}2", title)
    programme_id = setup.create(name="Bērnu žūrija 2026", year=2026, starts_on=START,
                                deadline_on=DEADLINE)
    groups = {g.name: g for g in setup.get(programme_id=programme_id).groups}
    for title in books:
        setup.add_book(group_id=groups["9+"].id, title_id=title.id)
    return {"programme": programme_id, "groups": groups, "nine": nine, "twelve": twelve,
            "books": books, "guardian": guardian, "db": db_path}


def test_the_jury_starts_with_its_own_age_groups(jury):
    names = [g.name for g in setup.get(programme_id=jury["programme"]).groups]
    assert names == ["5+", "9+", "11+", "15+", "Vecāki"]


def test_a_reader_is_registered_into_the_group_of_their_age_and_only_once(jury):
    pid = experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                           on=date(2026, 2, 10))
    found = experts.participant(participant_id=pid, today=date(2026, 2, 10))
    assert (found.group_name, found.age, found.guardian) == ("9+", 9, "Inese Kalniņa")
    assert found.guardian_phone == "+371 29111222"
    with pytest.raises(Conflict) as twice:
        experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id)
    assert "jau ir reģistrēts" in str(twice.value) and "9+" in str(twice.value)


def test_an_age_outside_the_group_is_refused_unless_confirmed(jury):
    with pytest.raises(InvalidInput) as wrong:
        experts.register(programme_id=jury["programme"], patron_id=jury["twelve"].id,
                         group_id=jury["groups"]["9+"].id, on=date(2026, 2, 10))
    assert "neatbilst grupas 9+ vecumam" in str(wrong.value)
    assert experts.participants(programme_id=jury["programme"]) == []
    experts.register(programme_id=jury["programme"], patron_id=jury["twelve"].id,
                     group_id=jury["groups"]["9+"].id, on=date(2026, 2, 10), ignore_age=True)
    assert len(experts.participants(programme_id=jury["programme"])) == 1


def test_progress_rises_with_checkouts_of_the_collection_in_the_programme_time(jury):
    pid = experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                           on=date(2026, 2, 10))
    circulation.checkout(barcode="9001", patron_id=jury["nine"].id,
                         at=datetime(2026, 1, 20, 10))  # before the start: does not count
    circulation.checkin(barcode="9001", at=datetime(2026, 1, 25, 10))
    assert experts.participant(participant_id=pid).read == 0
    circulation.checkout(barcode="9002", patron_id=jury["nine"].id,
                         at=datetime(2026, 2, 12, 10))
    circulation.checkout(barcode="9012", patron_id=jury["nine"].id,
                         at=datetime(2026, 2, 12, 10, 1))
    found = experts.participant(participant_id=pid)
    assert (found.read, found.total, found.finished) == (2, 3, False)
    desk = experts.desk_progress(patron_id=jury["nine"].id, today=date(2026, 2, 12))
    assert [(d.read, d.total, d.on_shelf) for d in desk] == [(2, 3, ["Vilks"])]
    assert experts.desk_progress(patron_id=jury["nine"].id, today=date(2026, 6, 1)) == []


def test_a_book_read_elsewhere_is_ticked_and_a_book_outside_the_collection_refused(jury):
    pid = experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                           on=date(2026, 2, 10))
    outside = make_title("Cita grāmata")
    other_group_book = setup.add_book(group_id=jury["groups"]["11+"].id, title_id=outside.id)
    with pytest.raises(InvalidInput) as refused:
        experts.mark_read(participant_id=pid, book_id=other_group_book)
    assert "nav dalībnieka grupas kolekcijā" in str(refused.value)
    books = setup.books(group_id=jury["groups"]["9+"].id)
    experts.mark_read(participant_id=pid, book_id=books[2].id, vote=8)
    progress = experts.book_progress(participant_id=pid)
    assert [(p.title, p.read, p.vote) for p in progress] == [
        ("Pūce", None, None), ("Lapsa", None, None), ("Vilks", "manual", 8)]
    with pytest.raises(InvalidInput):
        experts.mark_read(participant_id=pid, book_id=books[0].id, vote=11)


def test_a_questionnaire_after_the_deadline_is_refused_and_changes_nothing(jury):
    pid = experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                           on=date(2026, 2, 10))
    books = setup.books(group_id=jury["groups"]["9+"].id)
    with pytest.raises(InvalidInput) as late:
        experts.receive_questionnaire(participant_id=pid, on=date(2026, 6, 2),
                                      votes={books[0].id: 9}, today=date(2026, 6, 3))
    assert "pēc termiņa (31.05.2026)" in str(late.value)
    found = experts.participant(participant_id=pid)
    assert found.questionnaire_on is None and found.read == 0
    experts.receive_questionnaire(participant_id=pid, on=date(2026, 5, 30),
                                  votes={b.id: 7 + n for n, b in enumerate(books)},
                                  today=date(2026, 6, 3))
    found = experts.participant(participant_id=pid)
    assert found.questionnaire_on == date(2026, 5, 30) and found.finished


def test_deleting_a_programme_keeps_every_loan(jury):
    experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                     on=date(2026, 2, 10))
    circulation.checkout(barcode="9002", patron_id=jury["nine"].id,
                         at=datetime(2026, 2, 12, 10))
    loans = Loan.select().count()
    setup.delete(programme_id=jury["programme"])
    assert Loan.select().count() == loans == 1
    assert database.execute_sql("SELECT count(*) FROM programme_participant").fetchone() == (0,)


def _independent_counts() -> dict[str, object]:
    """The report's figures counted row by row in Python over the plain tables (models, no
    SQL of the service shared)."""
    from rozupe_desk.db.models import Item, ProgrammeBook, ProgrammeParticipant

    people = list(ProgrammeParticipant.select())
    titles = {item.id: item.title_id for item in Item.select()}
    in_time = [titles[loan.item_id] for loan in Loan.select()
               if "2026-02-01" <= str(loan.issued_at)[:10] <= "2026-05-31"]
    return {"experts": len(people),
            "children": sum(1 for p in people if p.age_group == "child"),
            "questionnaires": sum(1 for p in people if p.questionnaire_on),
            "loans": {book.title_id: in_time.count(book.title_id)
                      for book in ProgrammeBook.select()}}


def test_the_report_for_the_central_library_matches_an_independent_count(jury, tmp_path):
    groups = jury["groups"]
    experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                     on=date(2026, 2, 10))
    experts.register(programme_id=jury["programme"], patron_id=jury["twelve"].id,
                     on=date(2026, 2, 11))
    adult = make_patron("P1", first="Ilze", last="Ozola", birth=date(1979, 3, 3))
    experts.register(programme_id=jury["programme"], patron_id=adult.id, on=date(2026, 3, 1))
    for at, code, reader in ((datetime(2026, 2, 12, 10), "9002", jury["nine"]),
                             (datetime(2026, 3, 2, 10), "9011", adult),
                             (datetime(2026, 6, 5, 10), "9021", adult)):
        circulation.checkout(barcode=code, patron_id=reader.id, at=at)
    books = setup.books(group_id=groups["9+"].id)
    nine = experts.participants(programme_id=jury["programme"], group_id=groups["9+"].id)[0]
    experts.receive_questionnaire(participant_id=nine.id, on=date(2026, 4, 1),
                                  votes={books[0].id: 9, books[1].id: 6},
                                  today=date(2026, 4, 2))
    data = documents.report(programme_id=jury["programme"], today=date(2026, 6, 10))
    expected = _independent_counts()
    totals = data.totals
    assert (totals.experts, totals.children, totals.questionnaires) == (
        expected["experts"], expected["children"], expected["questionnaires"]) == (3, 2, 1)
    by_title = {b.title: b for b in data.books}
    for title in jury["books"]:
        assert by_title[title.title].loans == expected["loans"][title.id]
    assert (by_title["Pūce"].votes, by_title["Pūce"].average) == (1, 9.0)
    assert by_title["Lapsa"].expert_loans == 1 and by_title["Vilks"].loans == 0
    pdf = documents.make_report(programme_id=jury["programme"], target=tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Bērnu žūrija 2026" in text and "Eksperti pa grupām" in text
    xlsx = documents.make_report_xlsx(programme_id=jury["programme"], target=tmp_path / "r")
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[-1][:5] == ["Kopā", 3, 2, 1, 1]


def test_programme_participants_are_their_own_lines_in_the_statistics(jury):
    experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                     on=date(2026, 2, 10))
    adult = make_patron("P1", first="Ilze", last="Ozola", birth=date(1979, 3, 3))
    experts.register(programme_id=jury["programme"], patron_id=adult.id, on=date(2026, 3, 1))
    february = stats.month(year=2026, month=2)
    year = stats.year(year=2026)
    assert (february["programme_participants"], february["programme_participants_children"]) \
        == (1, 1)
    assert (year["programme_participants"], year["programme_participants_children"]) == (2, 1)


def test_every_document_is_written_and_certificates_go_to_those_who_finished(jury, tmp_path):
    pid = experts.register(programme_id=jury["programme"], patron_id=jury["nine"].id,
                           on=date(2026, 2, 10))
    experts.register(programme_id=jury["programme"], patron_id=jury["twelve"].id,
                     on=date(2026, 2, 10))
    with pytest.raises(InvalidInput):
        documents.make_certificates(programme_id=jury["programme"], target=tmp_path / "c.pdf")
    for book in setup.books(group_id=jury["groups"]["9+"].id):
        experts.mark_read(participant_id=pid, book_id=book.id)
    experts.receive_questionnaire(participant_id=pid, on=date(2026, 3, 1),
                                  today=date(2026, 3, 2))
    assert [r.name for r in documents.finished_readers(programme_id=jury["programme"])] == [
        "Līva Zariņa"]
    outputs = {
        "list": documents.make_participant_list(programme_id=jury["programme"],
                                                target=tmp_path / "list.pdf"),
        "progress": documents.make_progress_sheet(programme_id=jury["programme"],
                                                  target=tmp_path / "progress.pdf"),
        "certificates": documents.make_certificates(programme_id=jury["programme"],
                                                    target=tmp_path / "c.pdf"),
        "poster": documents.make_poster(programme_id=jury["programme"],
                                        target=tmp_path / "poster.pdf"),
    }
    texts = {name: subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout for name, path in outputs.items()}
    assert "Līva Zariņa" in texts["list"] and "Inese Kalniņa" in texts["list"]
    assert "3 no 3" in texts["progress"] and "0 no 0" in texts["progress"]  # 12: group 11+
    assert "Līvai Zariņai" in texts["certificates"] and "Jurģ" not in texts["certificates"]
    assert "Bērnu žūrija 2026" in texts["poster"]


def test_the_demo_library_has_this_years_jury_with_progress_from_loans(db_path):
    from rozupe_desk.services import demo

    today = date(2026, 12, 3)
    summary = demo.fill_demo(scale="small", seed=3, today=today)
    programme = setup.programmes()[0]
    assert programme.year == 2026 and programme.is_running(today)
    people = experts.participants(programme_id=programme.id, today=today)
    assert len(people) == summary.programme_experts > 0
    assert any(p.read for p in people) and any(p.questionnaire_on for p in people)
    assert all(setup.books(group_id=g.id) for g in programme.groups)
    with_loans = [p for p in people
                  if any(b.read == "loan" for b in experts.book_progress(participant_id=p.id))]
    assert with_loans


def test_a_readers_data_on_request_names_her_programmes_and_an_erased_expert_has_no_name(jury):
    from rozupe_desk.services.readers import privacy

    experts.register(programme_id=jury["programme"], patron_id=jury["twelve"].id,
                     on=date(2026, 2, 10))
    data = privacy.patron_data(patron_id=jury["twelve"].id)
    assert [(p["programme"], p["group"]) for p in data["reading_programmes"]] == [
        ("Bērnu žūrija 2026", "11+")]
    privacy.erase_patron(patron_id=jury["twelve"].id)
    erased = experts.participants(programme_id=jury["programme"])[0]
    assert (erased.name, erased.card_number, erased.age_group) == ("", "", "child")
    assert stats.year(year=2026)["programme_participants"] == 1
