"""The desk's read side: what one scan does and says, the reader panel, overdue, visits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from rozupe_desk.db.models import Loan, Patron, ReferenceQuery, Visit
from rozupe_desk.services.circulation import circulation, desk, visits
from rozupe_desk.services.circulation.desk import NOTICE, OK, REFUSAL
from tests.desk_data import NOW, small_library


@pytest.fixture
def lib(db_path):
    return small_library()


def test_a_card_loads_the_reader(lib):
    result = desk.scan(code=" A1 ")
    assert (result.level, result.patron_id, result.changed) == (OK, lib["anna"].id, False)
    assert "Anna Bērziņa" in result.message
    blocked = desk.scan(code="B1")
    assert blocked.level == REFUSAL and blocked.patron_id == lib["blocked"].id
    assert "bloķēts" in blocked.message


def test_scans_check_out_then_in_and_offer_renew(lib):
    anna = lib["anna"].id
    out = desk.scan(code="1001", patron_id=anna, at=NOW)
    assert out.level == OK and out.changed and "07.04.2026." in out.message
    back = desk.scan(code="1001", patron_id=anna, at=NOW + timedelta(days=1))
    assert back.level == OK and back.offer is not None and back.offer.kind == "renew_instead"
    assert "F6" in back.message
    again = desk.scan(code="1001", patron_id=anna, at=NOW + timedelta(days=1))
    assert again.level == OK and "Izsniegts" in again.message


def test_return_without_a_reader_and_from_another_reader(lib):
    desk.scan(code="1001", patron_id=lib["anna"].id, at=NOW)
    desk.scan(code="1002", patron_id=lib["anna"].id, at=NOW)
    plain = desk.scan(code="1001", at=NOW)
    assert plain.level == OK and plain.patron_id is None and plain.offer is None
    other = desk.scan(code="1002", patron_id=lib["karlis"].id, at=NOW)
    assert other.offer is not None and other.offer.kind == "checkout"
    assert "bija izsniegts lasītājai Annai Bērziņai" in other.message


@pytest.mark.parametrize(("code", "loaded", "fragment"), [
    ("xyz", "anna", "Nezināms kods"),
    ("9001", "anna", "norakstīts"),
    ("9002", None, "pazudis"),
    ("9003", "anna", "bojāts"),
])
def test_wrong_scans_say_what_is_wrong_and_change_nothing(lib, code, loaded, fragment):
    loans = Loan.select().count()
    result = desk.scan(code=code, patron_id=lib[loaded].id if loaded else None, at=NOW)
    assert result.level == REFUSAL and fragment in result.message and not result.changed
    assert Loan.select().count() == loans


def test_copy_not_on_loan_without_a_reader_is_a_notice(lib):
    result = desk.scan(code="2001", at=NOW)
    assert result.level == NOTICE and "lasītāja karti" in result.message


def test_hold_flow_through_scans(lib):
    anna, karlis = lib["anna"].id, lib["karlis"].id
    desk.scan(code="2001", patron_id=anna, at=NOW)
    circulation.place_hold(patron_id=karlis, barcode="2001", at=NOW)
    back = desk.scan(code="2001", at=NOW + timedelta(days=2))
    assert back.level == NOTICE and "rezervēts lasītājam Kārlim Kalniņam" in back.message
    refused = desk.scan(code="2001", patron_id=anna, at=NOW + timedelta(days=2))
    assert refused.level == REFUSAL and refused.offer is not None
    assert refused.offer.kind == "hold"
    loaded = desk.scan(code="K1")
    assert loaded.level == NOTICE and "gaida" in loaded.message
    pickup = desk.scan(code="2001", patron_id=karlis, at=NOW + timedelta(days=2))
    assert pickup.level == OK and "rezervētais" in pickup.message


def test_reader_panel_and_loans(lib):
    child = lib["child"].id
    circulation.checkout(barcode="1001", patron_id=child, at=datetime(2026, 1, 2, 10))
    circulation.checkout(barcode="2001", patron_id=child, at=NOW)
    panel = desk.reader_panel(patron_id=child, today=date(2026, 3, 10))
    assert panel.name == "Līga Bērziņa" and panel.age_group == "child" and panel.age == 9
    assert panel.family == ["Anna Bērziņa"]
    assert panel.consents_missing == ["desk.consent_data", "desk.consent_photo"]
    assert (panel.loans, panel.overdue) == (2, 1)
    lines = desk.reader_loans(patron_id=child, today=date(2026, 3, 10))
    assert [line.barcode for line in lines] == ["1001", "2001"]
    assert lines[0].overdue_days == (date(2026, 3, 10) - lines[0].due_on).days > 0
    assert lines[1].overdue_days == 0
    mother = desk.reader_panel(patron_id=lib["anna"].id, today=date(2026, 3, 10))
    assert mother.family == ["Līga Bērziņa"] and mother.consents_missing == []


def test_overdue_page_sorts_in_sql(lib):
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=datetime(2026, 1, 6, 10))
    circulation.checkout(barcode="2001", patron_id=lib["karlis"].id, at=datetime(2026, 1, 13, 10))
    circulation.checkout(barcode="3001", patron_id=lib["child"].id, at=NOW)
    today = date(2026, 3, 10)
    assert desk.overdue_count(today=today) == 2
    default = desk.overdue_page(0, 10, today=today)
    assert [row["barcode"] for row in default] == ["1001", "2001"]
    assert default[0]["days"] > default[1]["days"] > 0
    fewest_days_first = desk.overdue_page(0, 10, "days", False, today=today)
    assert [row["barcode"] for row in fewest_days_first] == ["2001", "1001"]
    by_reader_desc = desk.overdue_page(0, 10, "reader", True, today=today)
    assert [row["reader"] for row in by_reader_desc] == ["Kalniņš Kārlis", "Bērziņa Anna"]
    assert desk.overdue_page(1, 10, today=today)[0]["barcode"] == "2001"


def test_hand_counted_visits_and_reference_questions(lib):
    anna = Patron.get_by_id(lib["anna"].id)
    visits.count_visit(patron_id=anna.id, at=NOW)
    visits.count_visit(age_group="child", purpose="internet", at=NOW)
    visit = Visit.select().order_by(Visit.id).first()
    assert (visit.patron_token, visit.age_group, visit.purpose) == (anna.token, "adult", "other")
    assert Patron.get_by_id(anna.id).reregistered_year == 2026
    visits.count_reference_query(topic="biškopība", age_group="child", at=NOW)
    assert ReferenceQuery.get().age_group == "child"
    circulation.checkout(barcode="1001", patron_id=lib["child"].id, at=NOW)
    circulation.checkout(barcode="1002", patron_id=lib["child"].id, at=NOW)
    counts = visits.day_counts(day=NOW.date())
    assert (counts.circulation_visits, counts.hand_visits, counts.reference_queries) == (1, 2, 1)
    assert counts.visits == 3
    assert Visit.select().count() == 2  # circulation never writes visit rows
    with pytest.raises(Exception, match="mērķis"):
        visits.count_visit(purpose="dancing")


def test_slip_data(lib):
    settings_name = "Rožupes bibliotēka"
    from rozupe_desk.services import settings

    settings.update(library_name=settings_name)
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    slip = desk.slip(patron_id=lib["anna"].id, today=NOW.date())
    assert slip.library_name == settings_name and slip.card_number == "A1"
    assert [loan.title for loan in slip.loans] == ["Biškopība iesācējiem"]


@pytest.mark.sqlite_only
def test_the_desk_checkpoints_the_wal_itself(db_path):
    from rozupe_desk.services.sql import one as first_row

    assert desk.defer_checkpoints() is True
    assert first_row("PRAGMA wal_autocheckpoint")[0] == 0
    small_library()
    desk.checkpoint()  # passive: never blocks, never fails on a busy database
    assert first_row("PRAGMA journal_mode")[0] == "wal"
