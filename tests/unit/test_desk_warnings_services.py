"""The services behind the desk's warnings: overdue before the first checkout, overrides
of the loan limit and of a hold on a title she has (audited; refused without), the hold
slip and the guardian's phone on the overdue list."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest

from rozupe_desk.db.models import AuditLog, Loan, Patron
from rozupe_desk.errors import Conflict
from rozupe_desk.reports.hold_slip import build_hold_slip
from rozupe_desk.services import settings
from rozupe_desk.services.circulation import circulation, desk
from tests.desk_data import NOW, small_library


@pytest.fixture
def lib(db_path):
    return small_library()


def test_a_reader_with_overdue_copies_is_asked_about_before_a_checkout(lib):
    anna = lib["anna"]
    circulation.checkout(barcode="1001", patron_id=anna.id, at=NOW - timedelta(days=60))
    loaded = desk.scan(code="A1", at=NOW)
    assert loaded.level == desk.NOTICE and "Kavēti eksemplāri: 1" in loaded.message
    asked = desk.scan(code="2001", patron_id=anna.id, at=NOW)
    assert asked.question is not None and asked.question.kind == "overdue"
    assert not asked.changed and Loan.select().count() == 1
    lent = desk.scan(code="2001", patron_id=anna.id, at=NOW, overdue_seen=True)
    assert lent.level == desk.OK and lent.question is None and Loan.select().count() == 2


def test_the_limit_is_overridden_only_when_asked_for_and_then_audited(lib):
    settings.update(max_loans=1)
    karlis = lib["karlis"]
    circulation.checkout(barcode="1001", patron_id=karlis.id, at=NOW)
    with pytest.raises(Conflict):  # the CLI and offline paths never pass override
        circulation.checkout(barcode="2001", patron_id=karlis.id, at=NOW)
    refused = desk.scan(code="2001", patron_id=karlis.id, at=NOW)
    assert refused.question is not None and refused.question.kind == "override"
    assert "limits" in refused.question.text and Loan.select().count() == 1
    desk.scan(code="2001", patron_id=karlis.id, at=NOW, override=True)
    entry = AuditLog.select().where(AuditLog.action == "desk.checkout").order_by(
        AuditLog.id.desc()).get()
    assert json.loads(entry.details)["override_reason"] == "circulation.limit_reached"
    first = AuditLog.select().where(AuditLog.action == "desk.checkout").order_by(
        AuditLog.id).get()
    assert "override" not in json.loads(first.details)


def test_a_hold_on_a_title_she_has_needs_the_override(lib):
    karlis = lib["karlis"]
    circulation.checkout(barcode="1001", patron_id=karlis.id, at=NOW)
    with pytest.raises(Conflict) as caught:
        circulation.place_hold(patron_id=karlis.id, barcode="1002")
    assert caught.value.key in circulation.OVERRIDABLE
    hold = circulation.place_hold(patron_id=karlis.id, barcode="1002", override=True)
    entry = AuditLog.get(AuditLog.action == "desk.hold_place")
    assert entry.entity_id == str(hold.hold_id) and json.loads(entry.details)["override"]


def test_a_return_without_a_card_names_the_reader_and_the_days(lib):
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    due = Loan.get().due_on
    result = desk.scan(code="1001", at=datetime.combine(due + timedelta(days=5), NOW.time()))
    assert result.message == ("Saņemts: „Biškopība iesācējiem”. Lasītājs: Anna Bērziņa"
                              " · kavējums: 5 d.")


def test_a_copy_caught_for_a_hold_names_its_hold_and_the_slip_shows_it(lib, tmp_path):
    child = lib["child"]
    Patron.update(phone="29111222").where(Patron.id == lib["anna"].id).execute()
    circulation.checkout(barcode="2001", patron_id=lib["karlis"].id, at=NOW)
    circulation.place_hold(patron_id=child.id, barcode="2001", at=NOW)
    result = desk.scan(code="2001", at=NOW + timedelta(days=1))
    assert result.kept_hold_id is not None
    data = desk.hold_slip(hold_id=result.kept_hold_id, today=date(2026, 3, 11))
    assert (data.reader_name, data.card_number, data.barcode) == ("Līga Bērziņa", "C1", "2001")
    assert data.phone == "29111222 (aizbildnis)" and data.kept_until > date(2026, 3, 11)
    path = build_hold_slip(data, tmp_path / "hold.pdf")
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils missing")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for fragment in ("REZERVĒTS", "Lasītājs: Līga Bērziņa", "Karte: C1", "Pasakas",
                     f"Jāizņem līdz: {data.kept_until:%d.%m.%Y}.", "Eksemplārs: 2001",
                     "Izdrukāts: 11.03.2026."):
        assert fragment in text, fragment
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts


def test_the_overdue_list_shows_a_childs_guardian_phone(lib):
    Patron.update(phone="29111222").where(Patron.id == lib["anna"].id).execute()
    circulation.checkout(barcode="2001", patron_id=lib["child"].id, at=NOW - timedelta(days=90))
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW - timedelta(days=90))
    rows = {row["card"]: row for row in desk.overdue_page(0, 10, today=NOW.date())}
    assert rows["C1"]["phone"] == "29111222 (aizbildnis)"
    assert rows["A1"]["phone"] == "29111222"


def test_the_audit_log_says_which_refusal_was_overridden(lib):
    from rozupe_desk.services.safety import audit

    settings.update(max_loans=0)
    circulation.checkout(barcode="1001", patron_id=lib["karlis"].id, at=NOW, override=True)
    entry = next(each for each in audit.page() if each.action == "desk.checkout")
    assert audit.describe(entry).endswith("(apstiprināts, lai gan sasniegts izsniegumu limits)")
