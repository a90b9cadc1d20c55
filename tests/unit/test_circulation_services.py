"""Check out, check in, renew, holds and undo: the rows written and every refusal."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from rozupe_desk.db.models import AuditLog, Hold, Item, Loan, Patron, Renewal
from rozupe_desk.errors import Conflict, DomainError, NotFound
from rozupe_desk.services import settings
from rozupe_desk.services.circulation import circulation
from tests.desk_data import NOW, small_library


@pytest.fixture
def lib(db_path):
    return small_library()


def snapshot():
    return (
        [tuple(r) for r in Loan.select().order_by(Loan.id).tuples()],
        [tuple(r) for r in Item.select(Item.id, Item.status).order_by(Item.id).tuples()],
        [tuple(r) for r in Hold.select().order_by(Hold.id).tuples()],
        Renewal.select().count(),
        AuditLog.select().count(),
        [tuple(r) for r in Patron.select(Patron.id, Patron.reregistered_year)
         .order_by(Patron.id).tuples()],
    )


def test_checkout_writes_the_loan_as_statistics_read_it(lib):
    child = lib["child"]
    outcome = circulation.checkout(barcode="1001", patron_id=child.id, at=NOW)
    loan = Loan.get_by_id(outcome.loan_id)
    assert loan.patron_id == child.id and loan.patron_token == child.token
    assert (loan.age_group, loan.patron_category, loan.document_type) == ("child", "pupil", "book")
    assert loan.issued_at == NOW and loan.returned_at is None and loan.renewals == 0
    assert loan.due_on == date(2026, 4, 7) == outcome.due_on
    assert Item.get(Item.barcode == "1001").status == "on_loan"
    assert Patron.get_by_id(child.id).reregistered_year == 2026
    entry = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert entry.action == "desk.checkout" and entry.entity_id == str(loan.id)


def test_periodicals_have_their_own_period_and_settings_change_it(lib):
    anna = lib["anna"]
    assert circulation.checkout(barcode="3001", patron_id=anna.id, at=NOW).due_on == \
        date(2026, 3, 24)
    settings.update(loan_days={"book": 21}, closed_weekdays=[6])
    assert circulation.checkout(barcode="1001", patron_id=anna.id, at=NOW).due_on == \
        date(2026, 3, 31)


def test_age_group_is_taken_on_the_transactions_day(lib):
    teen = Patron.create(card_number="T1", first_name="Roberts", last_name="Liepa",
                         birth_date=date(2008, 3, 15), registered_on=date(2020, 1, 1),
                         token=77, created_at=NOW)
    before = circulation.checkout(barcode="1001", patron_id=teen.id, at=NOW)
    after = circulation.checkout(barcode="1002", patron_id=teen.id,
                                 at=datetime(2026, 3, 17, 10, 0))
    assert Loan.get_by_id(before.loan_id).age_group == "child"
    assert Loan.get_by_id(after.loan_id).age_group == "adult"


@pytest.mark.parametrize(("barcode", "who", "key"), [
    ("0000", "anna", "circulation.unknown_barcode"),
    ("9001", "anna", "circulation.item_discarded"),
    ("9002", "anna", "circulation.item_lost"),
    ("9003", "anna", "circulation.item_damaged"),
    ("1001", "blocked", "circulation.patron_blocked"),
])
def test_refusals_change_nothing(lib, barcode, who, key):
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        circulation.checkout(barcode=barcode, patron_id=lib[who].id, at=NOW)
    assert caught.value.key == key
    assert str(caught.value) and "{" not in str(caught.value)
    assert snapshot() == before


def test_loan_limit(lib):
    settings.update(max_loans=2)
    anna = lib["anna"]
    circulation.checkout(barcode="1001", patron_id=anna.id, at=NOW)
    circulation.checkout(barcode="1002", patron_id=anna.id, at=NOW)
    before = snapshot()
    with pytest.raises(Conflict) as caught:
        circulation.checkout(barcode="2001", patron_id=anna.id, at=NOW)
    assert caught.value.key == "circulation.limit_reached" and "2" in str(caught.value)
    assert snapshot() == before


def test_a_copy_on_loan_cannot_go_out_twice(lib):
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    with pytest.raises(Conflict, match="citam"):
        circulation.checkout(barcode="1001", patron_id=lib["karlis"].id, at=NOW)
    with pytest.raises(Conflict) as caught:
        circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    assert caught.value.key == "circulation.already_on_loan_to_patron"


def test_checkin_closes_the_loan(lib):
    out = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    back = circulation.checkin(barcode="1001", at=NOW + timedelta(days=3))
    assert back.loan_id == out.loan_id and back.kept_for is None
    assert Loan.get_by_id(out.loan_id).returned_at == NOW + timedelta(days=3)
    assert Item.get(Item.barcode == "1001").status == "available"
    with pytest.raises(Conflict) as caught:
        circulation.checkin(barcode="1001")
    assert caught.value.key == "circulation.not_on_loan"
    with pytest.raises(NotFound):
        circulation.checkin(barcode="nope")


def test_returned_copy_is_kept_for_the_waiting_reader(lib):
    anna, karlis, child = lib["anna"], lib["karlis"], lib["child"]
    circulation.checkout(barcode="2001", patron_id=anna.id, at=NOW)
    first = circulation.place_hold(patron_id=karlis.id, title_id=lib["tale"].id, at=NOW)
    circulation.place_hold(patron_id=child.id, barcode="2001", at=NOW + timedelta(hours=1))
    assert first.position == 1
    back = circulation.checkin(barcode="2001", at=datetime(2026, 3, 12, 10, 0))
    assert back.kept_for == "Kārlis Kalniņš" and back.kept_for_patron_id == karlis.id
    hold = Hold.get_by_id(first.hold_id)
    assert hold.status == "ready" and hold.item.barcode == "2001"
    assert hold.ready_at == datetime(2026, 3, 12, 10, 0)
    assert hold.expires_on == date(2026, 3, 19) == back.kept_until  # 7 days, an open Thursday
    assert Item.get(Item.barcode == "2001").status == "reserved"
    before = snapshot()
    with pytest.raises(Conflict) as caught:
        circulation.checkout(barcode="2001", patron_id=child.id, at=NOW + timedelta(days=2))
    assert caught.value.key == "circulation.reserved_for_other" and (
        "rezervēts lasītājam Kārlim Kalniņam (līdz" in str(caught.value))
    assert snapshot() == before
    pickup = circulation.checkout(barcode="2001", patron_id=karlis.id,
                                  at=datetime(2026, 3, 13, 10, 0))
    assert pickup.hold_collected
    assert Hold.get_by_id(first.hold_id).status == "collected"


def test_cancelling_a_ready_hold_passes_the_copy_on(lib):
    anna, karlis, child = lib["anna"], lib["karlis"], lib["child"]
    circulation.checkout(barcode="2001", patron_id=anna.id, at=NOW)
    first = circulation.place_hold(patron_id=karlis.id, barcode="2001", at=NOW)
    second = circulation.place_hold(patron_id=child.id, barcode="2001",
                                    at=NOW + timedelta(minutes=1))
    circulation.checkin(barcode="2001", at=NOW + timedelta(days=1))
    assert circulation.cancel_hold(hold_id=first.hold_id) == "Pasakas"
    assert Hold.get_by_id(first.hold_id).status == "cancelled"
    assert Hold.get_by_id(second.hold_id).status == "ready"
    circulation.cancel_hold(hold_id=second.hold_id)
    assert Item.get(Item.barcode == "2001").status == "available"
    with pytest.raises(Conflict):
        circulation.cancel_hold(hold_id=second.hold_id)


def test_expired_hold_releases_the_copy(lib):
    circulation.checkout(barcode="2001", patron_id=lib["anna"].id, at=NOW)
    hold = circulation.place_hold(patron_id=lib["karlis"].id, barcode="2001", at=NOW)
    circulation.checkin(barcode="2001", at=NOW)
    assert circulation.expire_holds(today=NOW.date() + timedelta(days=30)) == 1
    assert Hold.get_by_id(hold.hold_id).status == "expired"
    assert Item.get(Item.barcode == "2001").status == "available"


def test_hold_refusals(lib):
    anna = lib["anna"]
    circulation.place_hold(patron_id=anna.id, title_id=lib["tale"].id, at=NOW)
    with pytest.raises(Conflict, match="jau ir rezervēts"):
        circulation.place_hold(patron_id=anna.id, barcode="2001", at=NOW)
    circulation.checkout(barcode="1001", patron_id=anna.id, at=NOW)
    with pytest.raises(Conflict) as caught:
        circulation.place_hold(patron_id=anna.id, barcode="1002", at=NOW)
    assert caught.value.key == "circulation.hold_has_copy"
    with pytest.raises(Conflict):
        circulation.place_hold(patron_id=lib["blocked"].id, barcode="1002", at=NOW)


def test_renew_adds_a_renewal_row_and_respects_limits(lib):
    anna = lib["anna"]
    out = circulation.checkout(barcode="1001", patron_id=anna.id, at=NOW)
    renewed = circulation.renew(barcode="1001", at=datetime(2026, 3, 31, 10, 0))
    loan = Loan.get_by_id(out.loan_id)
    assert loan.renewals == 1 and loan.due_on == date(2026, 4, 28) == renewed.due_on
    row = Renewal.get(Renewal.loan == loan)
    assert (row.due_before, row.due_after) == (date(2026, 4, 7), date(2026, 4, 28))
    assert row.renewed_at == datetime(2026, 3, 31, 10, 0)
    settings.update(renewals_allowed=1)
    with pytest.raises(Conflict) as caught:
        circulation.renew(loan_id=out.loan_id, at=datetime(2026, 4, 20, 10, 0))
    assert caught.value.key == "circulation.renewals_used"


def test_renewal_never_shortens_and_a_waiting_reader_blocks_it(lib):
    out = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    early = circulation.renew(loan_id=out.loan_id, at=NOW - timedelta(days=5))
    assert early.due_on == out.due_on
    circulation.place_hold(patron_id=lib["karlis"].id, barcode="1002", at=NOW)
    before = snapshot()
    with pytest.raises(Conflict) as caught:
        circulation.renew(loan_id=out.loan_id, at=NOW)
    assert caught.value.key == "circulation.renew_held"
    assert snapshot() == before


def test_undo_reverses_the_last_desk_actions_in_turn(lib):
    anna = lib["anna"]
    before_all = snapshot()
    out = circulation.checkout(barcode="1001", patron_id=anna.id, at=NOW)
    after_checkout = snapshot()
    circulation.renew(loan_id=out.loan_id, at=NOW + timedelta(days=20))
    circulation.checkin(barcode="1001", at=NOW + timedelta(days=25))

    assert circulation.undo_last().action == "checkin"
    assert Loan.get_by_id(out.loan_id).returned_at is None
    assert Item.get(Item.barcode == "1001").status == "on_loan"
    assert circulation.undo_last().action == "renew"
    assert snapshot()[:4] == after_checkout[:4]
    undone = circulation.undo_last()
    assert (undone.action, undone.title, undone.patron_name) == (
        "checkout", "Biškopība iesācējiem", "Anna Bērziņa")
    assert snapshot()[:4] == before_all[:4] and snapshot()[5] == before_all[5]
    with pytest.raises(Conflict) as caught:
        circulation.undo_last()
    assert caught.value.key == "circulation.nothing_to_undo"
    details = [json.loads(e.details or "{}") for e in
               AuditLog.select().where(AuditLog.action == "desk.undo")]
    assert [d["undone"] for d in details] == ["desk.checkin", "desk.renew", "desk.checkout"]


def test_undo_of_a_checkin_puts_a_ready_hold_back_in_the_queue(lib):
    circulation.checkout(barcode="2001", patron_id=lib["anna"].id, at=NOW)
    hold = circulation.place_hold(patron_id=lib["karlis"].id, barcode="2001", at=NOW)
    circulation.checkin(barcode="2001", at=NOW + timedelta(days=1))
    circulation.undo_last()
    assert Hold.get_by_id(hold.hold_id).status == "waiting"
    assert Hold.get_by_id(hold.hold_id).item is None
    assert circulation.undo_last().action == "hold_place"
    assert not Hold.select().exists()


def test_undo_refuses_when_the_copy_moved_on(lib):
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    circulation.checkin(barcode="1001", at=NOW + timedelta(days=1))
    circulation.checkout(barcode="1001", patron_id=lib["karlis"].id, at=NOW + timedelta(days=1),
                         origin="koc")  # another source lent it again since
    before = snapshot()
    with pytest.raises(Conflict) as caught:
        circulation.undo_last()
    assert caught.value.key == "circulation.undo_stale"
    assert snapshot() == before


def test_renew_instead_of_return(lib):
    out = circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    circulation.checkin(barcode="1001", at=NOW + timedelta(days=20))
    renewed = circulation.renew_instead_of_return(loan_id=out.loan_id,
                                                  at=NOW + timedelta(days=20))
    loan = Loan.get_by_id(out.loan_id)
    assert loan.returned_at is None and loan.renewals == 1 and loan.due_on == renewed.due_on
    assert Item.get(Item.barcode == "1001").status == "on_loan"
    assert circulation.undo_last().action == "renew"
