"""Copy cataloguing (issue 17) against real servers: yaz-ztest over SRU and Z39.50, one
frozen mid-search with SIGSTOP, one port with nothing behind it, one that answers junk."""

from __future__ import annotations

import threading
import time

import pymarc
import pytest

from rozupe_desk.db.models import AuditLog, Item, Title
from rozupe_desk.errors import DomainError, InvalidInput
from rozupe_desk.services import settings
from rozupe_desk.services.collection.lookup import bounded, pending, save, search, servers
from rozupe_desk.services.collection.lookup import sru as sru_client
from rozupe_desk.services.collection.lookup.query import parse
from tests.lookup_server import ZTEST_ISBN, ZTEST_TITLE, free_port


def sru(url: str, timeout: float = 5) -> servers.Server:
    return servers.from_address(url, timeout=timeout)


def dead_server(protocol: str = "sru") -> servers.Server:
    port = free_port()  # nothing listens there
    address = f"http://127.0.0.1:{port}/Default" if protocol == "sru" else f"127.0.0.1:{port}"
    return servers.from_address(address, timeout=2)


# -- what was scanned ---------------------------------------------------------------------
def test_an_isbn_is_asked_in_both_forms_hyphens_stripped():
    for text in ("978-0-8391-0882-5", "0-8391-0882-6", " 0839108826 "):
        query = parse(text)
        assert query.terms == ("9780839108825", "0839108826")
        assert query.cql() == "bath.isbn=9780839108825 or bath.isbn=0839108826"
        assert query.pqf() == "@or @attr 1=7 9780839108825 @attr 1=7 0839108826"
    assert parse("979-10-90636-07-1").terms == ("9791090636071",)  # no ISBN-10 exists


def test_an_issn_also_from_a_periodicals_ean_and_a_title_with_author():
    assert parse("1064-3923").cql() == "bath.issn=1064-3923"
    assert parse("9770317847001").terms == ("0317-8471",)  # 977 + ISSN without check digit
    query = parse("Mēness  māja", author='Imants "Zie" Ziedonis')
    assert query.cql() == 'dc.title="Mēness māja" and dc.creator="Imants \\"Zie\\" Ziedonis"'
    assert query.pqf() == '@and @attr 1=4 "Mēness māja" @attr 1=1003 "Imants \\"Zie\\" Ziedonis"'


def test_a_mistyped_code_and_nothing_are_refused_in_latvian():
    with pytest.raises(InvalidInput) as refused:
        parse("9780839108826")  # wrong check digit
    assert "nav derīgs ISBN vai ISSN" in str(refused.value)
    with pytest.raises(InvalidInput, match="Ievadiet vai noskenējiet"):
        parse("  ")


# -- real answers -------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", ["sru", "z3950"])
def test_isbn_look_up_against_yaz_ztest(ztest, protocol):
    address = ztest.sru_url if protocol == "sru" else ztest.z3950_address
    result = search.look_up(text="978-0-8391-0882-5", servers=[servers.from_address(address)])
    assert result.answered_by == address and not result.failures
    first = result.candidates[0]  # the record with the ISBN comes first
    assert first.fields["title"].startswith(ZTEST_TITLE)
    assert (first.control_number, first.control_agency) == ("77000348", "DLC")
    assert first.fields["publisher"] == "University Park Press" and first.fields["year"] == "1977"
    assert first.server == address
    assert len(result.candidates) > 1  # ztest sends other records too: the rest follow
    assert len({c.identity for c in result.candidates}) == len(result.candidates)


def test_title_and_author_and_issn_look_ups(ztest):
    server = sru(ztest.sru_url)
    by_title = search.look_up(text="How to program a computer", author="Jack Collins",
                              servers=[server])
    assert by_title.query.kind == "title" and by_title.candidates
    by_issn = search.look_up(text="1064-3923", servers=[server])
    assert by_issn.query.kind == "issn" and by_issn.candidates


def test_a_dead_server_says_so_in_latvian_and_the_next_one_is_asked(ztest):
    dead = dead_server()
    with pytest.raises(bounded.Unreachable) as refused:
        search.look_up(text=ZTEST_ISBN, servers=[dead, dead_server("z3950")])
    assert str(refused.value).startswith("Neviens katalogs nav sasniedzams.")
    assert "Nevar sazināties" in str(refused.value)
    result = search.look_up(text=ZTEST_ISBN, servers=[dead, sru(ztest.sru_url)])
    assert result.answered_by == ztest.sru_url
    assert len(result.failures) == 1 and "Nevar sazināties" in result.failures[0]


@pytest.mark.parametrize("protocol", ["sru", "z3950"])
def test_a_server_that_stops_answering_mid_search_times_out(stoppable_ztest, protocol):
    address = (stoppable_ztest.sru_url if protocol == "sru"
               else stoppable_ztest.z3950_address)
    server = servers.from_address(address, timeout=1)
    assert search.look_up(text=ZTEST_ISBN, servers=[server]).candidates
    stoppable_ztest.pause()
    started = time.monotonic()
    with pytest.raises(bounded.Unreachable) as refused:
        search.look_up(text=ZTEST_ISBN, servers=[server])
    assert time.monotonic() - started < 4  # the 1 s timeout, not a hang
    assert "neatbildēja 1 sekundēs" in str(refused.value)
    stoppable_ztest.resume()
    assert search.look_up(text=ZTEST_ISBN, servers=[server]).candidates


def test_a_look_up_can_be_cancelled_while_the_server_is_silent(stoppable_ztest):
    stoppable_ztest.pause()
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(DomainError, match="atcelta"):
        search.look_up(text=ZTEST_ISBN, servers=[sru(stoppable_ztest.sru_url, timeout=60)],
                       cancel=cancel)
    assert time.monotonic() - started < 5


def test_a_server_answering_garbage_is_named(garbage_server):
    with pytest.raises(bounded.Unreachable) as refused:
        search.look_up(text=ZTEST_ISBN, servers=[sru(garbage_server)])
    assert "nav kataloga atbilde" in str(refused.value)


def test_an_unknown_database_is_the_servers_refusal(ztest):
    server = servers.from_address(f"127.0.0.1:{ztest.port}/NoSuchBase")
    with pytest.raises(bounded.Unreachable, match="atteica meklēšanu"):
        search.look_up(text=ZTEST_ISBN, servers=[server])


# -- importing the one picked ---------------------------------------------------------------
def test_the_picked_record_is_imported_with_its_source_and_once(db_path, ztest):
    candidate = search.look_up(text=ZTEST_ISBN, servers=[sru(ztest.sru_url)]).candidates[0]
    saved = save.import_candidate(candidate=candidate, barcode="R-1001", shelf="61 Ter")
    assert saved.summary.titles_added == 1 and saved.summary.copies_added == 1
    title = Title.get_by_id(saved.title_id)
    assert title.title.startswith(ZTEST_TITLE) and title.isbn == "0839108826"
    kept = pymarc.Record(data=bytes(title.marc))
    assert kept["001"].data.strip() == "77000348" and kept["003"].data == "DLC"
    item = Item.get(Item.barcode == "R-1001")
    assert item.title_id == title.id and item.shelf == "61 Ter"
    entry = AuditLog.select().where(AuditLog.action == "lookup.import").get()
    assert "77000348" in entry.details and ztest.sru_url in entry.details

    again = save.import_candidate(candidate=candidate)
    assert again.summary.titles_added == 0 and again.title_id == title.id
    same_copy = save.import_candidate(candidate=candidate, barcode="R-1001", shelf="61 Ter")
    assert (same_copy.summary.titles_added, same_copy.summary.copies_added) == (0, 0)
    second_copy = save.import_candidate(candidate=candidate, barcode="R-1002")
    assert second_copy.summary.copies_added == 1 and Title.select().count() == 1


def test_a_taken_barcode_refuses_the_import_and_changes_nothing(db_path, ztest):
    found = search.look_up(text=ZTEST_ISBN, servers=[sru(ztest.sru_url)]).candidates
    save.import_candidate(candidate=found[0], barcode="R-7")
    with pytest.raises(DomainError, match="R-7"):
        save.import_candidate(candidate=found[1], barcode="R-7")
    assert Title.select().count() == 1
    assert AuditLog.select().where(AuditLog.action == "lookup.import").count() == 1


def test_the_other_librarys_holdings_are_not_imported(ztest):
    candidate = search.look_up(text=ZTEST_ISBN, servers=[sru(ztest.sru_url)]).candidates[0]
    record = pymarc.Record(data=candidate.marc, force_utf8=True)
    record.add_field(pymarc.Field("952", pymarc.Indicators(" ", " "),
                                  [pymarc.Subfield("p", "THEIRS-1")]))
    candidate.marc = record.as_marc()
    mine = pymarc.Record(data=save.record_with_copy(candidate, barcode="R-5", shelf="A"))
    assert [f.get("p") for f in mine.get_fields("952")] == ["R-5"]


# -- the settings and the offline list ---------------------------------------------------------
def test_servers_default_to_the_verified_preset_and_are_checked(db_path):
    assert servers.configured() == [servers.PRESETS[0]]
    assert servers.PRESETS[0].url == "http://lx2.loc.gov:210/LCDB"
    with pytest.raises(InvalidInput, match="http://"):
        servers.save(servers=[{"name": "X", "url": "ftp://x", "protocol": "sru"}])
    with pytest.raises(InvalidInput, match="resursdators:ports"):
        servers.save(servers=[{"name": "X", "url": "nohost", "protocol": "z3950"}])
    with pytest.raises(InvalidInput, match="1 līdz 120"):
        servers.save(servers=[{"name": "X", "url": "http://x", "timeout": 0}])
    assert settings.get("lookup_servers") is None  # nothing stored by the refusals
    union = {"name": "Kopkatalogs", "url": "kopkatalogs.example.lv:210", "protocol": "z3950",
             "database": "LNC04", "record_schema": "marc21", "charset": "marc-8",
             "timeout": 8}
    servers.save(servers=[union, servers.PRESETS[0].as_setting()])
    first, second = servers.configured()
    assert (first.name, first.database, first.charset, first.timeout) == (
        "Kopkatalogs", "LNC04", "marc-8", 8.0)
    assert second == servers.PRESETS[0]
    servers.save(servers=[])
    with pytest.raises(InvalidInput, match="Nav norādīts neviens katalogs"):
        search.look_up(text=ZTEST_ISBN)


def test_isbns_scanned_offline_are_looked_up_later_in_one_go(db_path, ztest):
    assert pending.add(code="978-0-8391-0882-5") and pending.add(code="1064-3923")
    assert not pending.add(code="9780839108825")  # the same ISBN again
    assert [item["code"] for item in pending.waiting()] == ["9780839108825", "1064-3923"]
    still_offline = pending.look_up_all(servers=[dead_server()])
    assert [o.result for o in still_offline] == [None, None]
    assert "Nevar sazināties" in still_offline[0].message
    assert len(pending.waiting()) == 2  # kept for the next try
    outcomes = pending.look_up_all(servers=[sru(ztest.sru_url)])
    assert outcomes[0].result.candidates[0].fields["title"].startswith(ZTEST_TITLE)
    assert pending.waiting() == []


def test_a_marc21_z3950_server_in_marc8_and_the_sru_schema_for_it(ztest):
    server = servers.clean({"name": "MARC-8", "url": f"127.0.0.1:{ztest.port}",
                            "protocol": "z3950", "database": "Default",
                            "record_schema": "marc21", "charset": "marc-8"})
    first = search.look_up(text=ZTEST_ISBN, servers=[server]).candidates[0]
    assert first.fields["title"].startswith(ZTEST_TITLE)
    as_sru = servers.clean({"name": "S", "url": "http://x.example/", "database": "LCDB",
                            "record_schema": "marc21"})
    url = sru_client.search_url(as_sru, parse(ZTEST_ISBN))
    assert url.startswith("http://x.example/LCDB?") and "recordSchema=marcxml" in url
