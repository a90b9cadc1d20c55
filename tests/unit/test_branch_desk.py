"""Branches at the desk (issue 16): every write records the branch of the desk that made
it, a copy of another branch checked in here goes "in transit" home, and the desk's branch
is worked out once, not read from the PC's settings file at every scan."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pymarc
import pytest
from pymarc import Field, Indicators, Subfield

from rozupe_desk import workstation
from rozupe_desk.db.models import (
    AuditLog,
    Event,
    Item,
    Loan,
    Patron,
    ReferenceQuery,
    Renewal,
    Visit,
)
from rozupe_desk.services.branches import branches, transit
from rozupe_desk.services.circulation import circulation, desk, koc, visits
from rozupe_desk.services.collection import catalog, catalog_import
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import EventFields
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields
from tests.desk_data import NOW, koc_text, small_library
from tests.unit.test_marc_real_files import parsed, real, write


@pytest.fixture
def lib(db_path):
    library = small_library()
    library["roz"] = branches.add_branch(code="ROZ", name="Rožupes filiāle")
    library["liv"] = branches.add_branch(code="LIV", name="Līvānu centrālā bibliotēka")
    return library


def at_desk(code: str) -> int:
    workstation.store(branch_code=code)
    return branches.desk_branch_id()


def test_loans_renewals_and_returns_record_the_desks_branch(lib):
    roz = at_desk("ROZ")
    lent = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    assert Loan.get_by_id(lent.loan_id).branch_id == roz
    liv = at_desk("LIV")
    circulation.renew(loan_id=lent.loan_id, at=NOW + timedelta(days=3))
    assert Renewal.get(Renewal.loan_id == lent.loan_id).branch_id == liv
    at_desk("1")
    circulation.checkin(barcode="1001", at=NOW + timedelta(days=5))
    loan = Loan.get_by_id(lent.loan_id)
    assert (loan.branch_id, loan.return_branch_id) == (roz, 1)


def test_the_desks_branch_is_kept_not_read_from_the_file_at_each_scan(lib, monkeypatch):
    roz = at_desk("ROZ")
    assert branches.desk_branch_id() == roz

    def no_file() -> workstation.Workstation:
        raise AssertionError("the settings file read during a scan")

    monkeypatch.setattr(workstation, "load", no_file)
    outcome = desk.scan(code="1001", patron_id=lib["anna"].id, at=NOW)
    assert outcome.changed and Loan.get_by_id(1).branch_id == roz
    monkeypatch.undo()
    assert at_desk("LIV") == lib["liv"].id  # storing the setting changes it at once
    circulation.checkout(barcode="1002", patron_id=lib["anna"].id, at=NOW)
    assert Loan.get_by_id(2).branch_id == lib["liv"].id


def test_a_code_added_after_the_setting_counts_at_once(db_path):
    workstation.store(branch_code="NEW")
    assert branches.desk_branch_id() == 1
    added = branches.add_branch(code="NEW", name="Jaunā filiāle")
    assert branches.desk_branch_id() == added.id


def test_visits_questions_readers_events_and_copies_are_the_desks_branch(lib):
    roz = at_desk("ROZ")
    visit = visits.count_visit(purpose="internet", age_group="adult", at=NOW)
    question = visits.count_reference_query(topic="Biškopība", at=NOW)
    reader = patrons.register(fields=PatronFields(first_name="Ilze", last_name="Krūmiņa"),
                              today=NOW.date())
    title = catalog.save_title(values={"title": "Zaķīša pasakas"})
    copy = catalog.add_copy(title_id=title, values={"barcode": "R-1"})
    assert Visit.get_by_id(visit).branch_id == roz
    assert ReferenceQuery.get_by_id(question).branch_id == roz
    assert Patron.get_by_id(reader).branch_id == roz
    assert Item.get_by_id(copy).branch_id == roz
    catalog.update_copy(item_id=copy, values={"barcode": "R-1", "shelf": "A"})  # kept
    assert Item.get_by_id(copy).branch_id == roz


def test_an_event_is_the_desks_unless_the_form_chooses_another(lib):
    roz = at_desk("ROZ")
    starts = datetime(2026, 12, 12, 14, 0)
    own = events.create_event(fields=EventFields(title="Pasaku rīts", starts_at=starts))
    other = events.create_event(fields=EventFields(title="Dzejas vakars", starts_at=starts,
                                                   branch_id=lib["liv"].id))
    assert (Event.get_by_id(own).branch_id, Event.get_by_id(other).branch_id) == (
        roz, lib["liv"].id)
    at_desk("1")
    view = events.get_event(event_id=own)
    events.update_event(event_id=own, fields=view.fields())  # edited elsewhere: kept
    assert view.branch_id == roz and Event.get_by_id(own).branch_id == roz
    with pytest.raises(Exception, match="nav atrasta"):
        events.create_event(fields=EventFields(title="X", starts_at=starts, branch_id=99))


def test_koc_replay_records_the_replaying_desks_branch(lib):
    roz = at_desk("ROZ")
    koc.replay(data=koc_text([(NOW, "issue", ("A1", "1001")),
                              (NOW + timedelta(hours=1), "return", ("1001",))]))
    loan = Loan.get(Loan.item == lib["items"]["1001"].id)
    assert (loan.branch_id, loan.return_branch_id) == (roz, roz)


def _holdings(records: list[pymarc.Record]) -> list[pymarc.Record]:
    """Koha's 952 on real Library of Congress records: $a home branch, $p barcode."""
    for record, (home, barcode) in zip(records, (("LIV", "M-1"), ("XYZ", "M-2"), ("", "M-3")),
                                       strict=False):
        codes = [Subfield("a", home)] if home else []
        record.add_field(Field("952", Indicators(" ", " "), [*codes, Subfield("p", barcode)]))
    return records


def test_marc_import_takes_a_952_home_branch_of_this_library_else_the_desks(lib, tmp_path):
    roz = at_desk("ROZ")
    records = _holdings(parsed(real("loc_books_400.mrc"))[:3])
    catalog_import.import_items(path=write(tmp_path, "h.mrc", records))
    assert {i.barcode: i.branch_id for i in Item.select().where(Item.barcode.startswith("M-"))} \
        == {"M-1": lib["liv"].id, "M-2": roz, "M-3": roz}


def test_marc_export_names_the_copys_branch_where_the_record_has_none(lib, tmp_path):
    at_desk("ROZ")
    records = _holdings(parsed(real("loc_books_400.mrc"))[:3])
    catalog_import.import_items(path=write(tmp_path, "h.mrc", records))
    out = tmp_path / "out.mrc"
    catalog_import.export_items(path=out)
    fields = {f["p"]: (f.get("a"), f.get("b"))
              for r in pymarc.MARCReader(out.read_bytes(), to_unicode=True)
              for f in r.get_fields("952")}
    assert fields["M-1"] == ("LIV", None) and fields["M-2"] == ("XYZ", None)  # as they came
    assert fields["M-3"] == ("ROZ", "ROZ") and fields["1001"] == ("1", "1")


def test_a_library_of_one_branch_exports_its_952_as_before(db_path, tmp_path):
    small_library()
    out = tmp_path / "out.mrc"
    catalog_import.export_items(path=out)
    field = next(f for r in pymarc.MARCReader(out.read_bytes(), to_unicode=True)
                 for f in r.get_fields("952") if f["p"] == "1001")
    assert field.get("a") is None and field.get("b") is None


# -- in transit -------------------------------------------------------------------------------
def _liv_copy(lib) -> None:
    Item.update(branch_id=lib["liv"].id).where(Item.barcode == "1001").execute()


def test_a_copy_of_another_branch_checked_in_here_goes_home(lib):
    _liv_copy(lib)
    at_desk("LIV")
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    roz = at_desk("ROZ")
    result = desk.scan(code="1001", at=NOW + timedelta(days=2))
    assert result.level == desk.NOTICE and result.changed
    assert result.message == ("Saņemts: „Biškopība iesācējiem”. Eksemplārs pieder filiālei"
                              " „Līvānu centrālā bibliotēka” – nosūtiet to uz turieni.")
    loan = Loan.get(Loan.item == lib["items"]["1001"].id)
    assert loan.returned_at is not None and loan.return_branch_id == roz
    item = Item.get(Item.barcode == "1001")
    assert (item.status, item.transit_from_branch_id, item.transit_since) == (
        "available", roz, (NOW + timedelta(days=2)).date())
    entry = AuditLog.select().where(AuditLog.action == "transit.send").get()
    assert json.loads(entry.details)["to_code"] == "LIV"
    assert [(t.barcode, t.home, t.source) for t in transit.in_transit(from_branch_id=roz)] == [
        ("1001", "Līvānu centrālā bibliotēka", "Rožupes filiāle")]
    assert transit.in_transit(to_branch_id=roz) == []
    # Scanned again here without a reader: the same reminder, nothing changed.
    again = desk.scan(code="1001")
    assert again.level == desk.NOTICE and "nosūtiet" in again.message and not again.changed


def test_scanned_at_home_it_has_arrived_and_the_transit_is_cleared(lib):
    _liv_copy(lib)
    at_desk("ROZ")
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    circulation.checkin(barcode="1001", at=NOW)
    at_desk("LIV")
    assert [t.barcode for t in transit.in_transit(to_branch_id=lib["liv"].id)] == ["1001"]
    result = desk.scan(code="1001", patron_id=lib["karlis"].id)  # a reader loaded: received
    assert result.level == desk.OK and "atpakaļ savā filiālē" in result.message
    item = Item.get(Item.barcode == "1001")
    assert (item.status, item.transit_from_branch_id, item.transit_since) == (
        "available", None, None)
    assert AuditLog.select().where(AuditLog.action == "transit.arrive").count() == 1
    assert transit.in_transit() == []
    lent = desk.scan(code="1001", patron_id=lib["karlis"].id, at=NOW)  # the next scan lends
    assert lent.changed and Item.get(Item.barcode == "1001").status == "on_loan"


def test_a_copy_in_transit_may_be_lent_where_it_is_and_the_undo_puts_it_back(lib):
    _liv_copy(lib)
    at_desk("ROZ")
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    circulation.checkin(barcode="1001", at=NOW)
    result = desk.scan(code="1001", patron_id=lib["karlis"].id, at=NOW)
    assert result.changed and result.level == desk.OK
    item = Item.get(Item.barcode == "1001")
    assert (item.status, item.transit_from_branch_id) == ("on_loan", None)
    circulation.undo_last()  # the checkout undone: on its way home again
    item = Item.get(Item.barcode == "1001")
    assert (item.status, item.transit_from_branch_id, item.transit_since) == (
        "available", lib["roz"].id, NOW.date())
    circulation.undo_last()  # the check-in undone: on loan, not in transit
    item = Item.get(Item.barcode == "1001")
    assert (item.status, item.transit_from_branch_id) == ("on_loan", None)


def test_a_copy_back_at_home_is_not_in_transit_and_arrive_refuses_others(lib):
    at_desk("1")
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    result = desk.scan(code="1001", at=NOW)
    assert result.level == desk.OK and "nosūtiet" not in result.message
    assert Item.get(Item.barcode == "1001").transit_since is None
    with pytest.raises(Exception, match="nav ceļā"):
        transit.arrive(barcode="1001")


def test_a_returned_copy_caught_for_a_hold_keeps_the_hold_flow(lib):
    _liv_copy(lib)
    at_desk("ROZ")
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    circulation.checkout(barcode="1002", patron_id=lib["anna"].id, at=NOW)
    circulation.place_hold(patron_id=lib["karlis"].id, title_id=lib["book"].id)
    result = desk.scan(code="1001", at=NOW)
    assert "rezervēts" in result.message and result.kept_hold_id is not None
    item = Item.get(Item.barcode == "1001")
    assert (item.status, item.transit_from_branch_id) == ("reserved", lib["roz"].id)
    collected = desk.scan(code="1001", patron_id=lib["karlis"].id, at=NOW, overdue_seen=True)
    assert collected.changed and Item.get(Item.barcode == "1001").transit_since is None


def test_today_is_the_transit_day_by_default(lib):
    _liv_copy(lib)
    at_desk("ROZ")
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id)
    circulation.checkin(barcode="1001")
    assert Item.get(Item.barcode == "1001").transit_since == date.today()
