"""Circulation: check out, check in, renew, place and cancel holds, undo the last desk action.

Each public function is one transaction with its audit record inside; it either completes
or raises a `DomainError` and changes nothing. The checkout and check-in run as plain SQL
prepared once (DESIGN 6); they are the desk's hot path.

The rows are written exactly as the statistics read them: a loan keeps the reader's token,
age group on the transaction's day, category and the title's document type; a renewal
adds a `renewal` row; a return sets `returned_at`. The first checkout or renewal of a year
marks the reader re-registered in that year. `at` is the transaction's time: now at the
desk, the line's timestamp when an offline file is replayed (`offline=True`, which records
facts that already happened and so skips the desk's limits).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rozupe_desk.db.connection import database
from rozupe_desk.errors import Conflict, DomainError, NotFound
from rozupe_desk.i18n import plural_key
from rozupe_desk.i18n.people import about, reader
from rozupe_desk.services import settings
from rozupe_desk.services.branches.branches import desk_branch_id, transit_details
from rozupe_desk.services.circulation.calendar import calendar_from
from rozupe_desk.services.readers.ages import age_group
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import (
    all_rows,
    as_date,
    as_datetime,
    changed,
    execute,
    insert,
    lock_row,
    one,
    stamp,
    transaction,
)

DESK = "desk"
RULE_KEYS = ("loan_days", "renewals_allowed", "max_loans", "hold_keep_days", "closed_weekdays")
UNDOABLE = ("desk.checkout", "desk.checkin", "desk.renew", "desk.hold_place")
# Refusals the librarian may override at the desk, after a question that names the reason
# (Koha asks the same); the override and its reason go into the audit record.
OVERRIDABLE = ("circulation.limit_reached", "circulation.hold_has_copy")


def overridable(error: DomainError) -> bool:
    """Whether the librarian may lend (or reserve) in spite of `error` (its singular form
    `lvw.one.…` included)."""
    return error.key.removeprefix("lvw.one.") in OVERRIDABLE
WITHDRAWN = ("discarded", "lost")


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


# -- what the desk reads --------------------------------------------------------------------
@dataclass(frozen=True)
class Rules:
    loan_days: dict[str, int]
    renewals_allowed: int
    max_loans: int
    hold_keep_days: int
    closed_weekdays: list[int]

    def period(self, document_type: str) -> int:
        return int(self.loan_days.get(document_type, self.loan_days.get("other", 14)))


def rules() -> Rules:
    """The loan rules from the settings, in one query."""
    values = {key: settings.DEFAULTS[key] for key in RULE_KEYS}
    marks = ", ".join("?" * len(RULE_KEYS))
    for key, value in all_rows(f"SELECT key, value FROM setting WHERE key IN ({marks})",
                               RULE_KEYS):
        values[key] = json.loads(value)
    loan_days = {**settings.DEFAULTS["loan_days"], **values["loan_days"]}
    return Rules(loan_days, int(values["renewals_allowed"]), int(values["max_loans"]),
                 int(values["hold_keep_days"]), list(values["closed_weekdays"]))


@dataclass(frozen=True)
class PatronRow:
    id: int
    card_number: str
    first_name: str
    last_name: str
    birth_date: date | None
    birth_year: int | None
    category: str
    blocked: bool
    anonymized: bool
    token: int
    reregistered_year: int | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_group_on(self, day: date) -> str:
        return age_group(self.birth_date, self.birth_year, day)


_PATRON_SQL = ("SELECT id, card_number, first_name, last_name, birth_date, birth_year, category,"
               " blocked, anonymized, token, reregistered_year FROM patron WHERE ")


def _patron(row: tuple | None) -> PatronRow | None:
    if row is None:
        return None
    return PatronRow(row[0], row[1], row[2], row[3], as_date(row[4]), row[5], row[6],
                     bool(row[7]), bool(row[8]), row[9], row[10])


def patron_by_id(patron_id: int) -> PatronRow | None:
    return _patron(one(_PATRON_SQL + "id = ?", (patron_id,)))


def patron_by_card(card_number: str) -> PatronRow | None:
    return _patron(one(_PATRON_SQL + "card_number = ?", (card_number,)))


@dataclass(frozen=True)
class ItemRow:
    id: int
    barcode: str
    status: str
    title_id: int
    title: str
    document_type: str
    loan_id: int | None
    loan_patron_id: int | None
    loan_issued_at: datetime | None
    loan_due_on: date | None
    branch_id: int = 1  # the copy's home branch
    transit_from_branch_id: int | None = None  # checked in there, on its way home
    transit_since: date | None = None


def item_by_barcode(barcode: str) -> ItemRow | None:
    """A copy with its open loan, if any."""
    row = one(
        "SELECT i.id, i.barcode, i.status, i.title_id, t.title, t.document_type,"
        " l.id, l.patron_id, l.issued_at, l.due_on, i.branch_id, i.transit_from_branch_id,"
        " i.transit_since FROM item i JOIN title t ON t.id = i.title_id"
        " LEFT JOIN loan l ON l.item_id = i.id AND l.returned_at IS NULL WHERE i.barcode = ?",
        (barcode,))
    if row is None:
        return None
    return ItemRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                   as_datetime(row[8]), as_date(row[9]), row[10], row[11], as_date(row[12]))


def _require_item(barcode: str, *, lock: bool = False) -> ItemRow:
    if lock:  # read after the lock: a desk that changed the copy meanwhile has committed
        lock_row("item", "barcode", barcode.strip())
    item = item_by_barcode(barcode.strip())
    if item is None:
        raise NotFound("circulation.unknown_barcode", code=barcode)
    return item


def _require_patron(patron_id: int, *, lock: bool = False) -> PatronRow:
    if lock:  # two desks lending to one reader count her loans one after the other
        lock_row("patron", "id", patron_id)
    patron = patron_by_id(patron_id)
    if patron is None or patron.anonymized:
        raise NotFound("circulation.unknown_patron", id=patron_id)
    return patron


# -- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What a circulation action did, for the desk's one-line message."""

    action: str  # checkout, checkin, renew
    loan_id: int
    barcode: str
    title: str
    patron_id: int | None
    patron_name: str
    due_on: date | None = None
    hold_collected: bool = False
    kept_for: str | None = None  # the reader a returned copy is now kept for
    kept_for_patron_id: int | None = None
    kept_until: date | None = None
    kept_hold_id: int | None = None  # the hold the returned copy now waits for
    returned_from: str | None = None  # offline issue: the reader whose loan was closed first
    home_branch_id: int | None = None  # a copy of another branch returned here: send it home


@dataclass(frozen=True)
class HoldOutcome:
    hold_id: int
    title_id: int
    title: str
    patron_id: int
    patron_name: str
    position: int
    on_shelf: int


# -- check out --------------------------------------------------------------------------------
def checkout(*, barcode: str, patron_id: int, at: datetime | None = None,
             offline: bool = False, origin: str = DESK, override: bool = False) -> Outcome:
    """Lend the copy `barcode` to the reader; the due date skips closed days.

    `override`: the librarian was asked and lends past the loan limit all the same."""
    at = at or now()
    return transaction(lambda: _checkout(
        _require_item(barcode, lock=True), _require_patron(patron_id, lock=True), at,
        offline=offline, origin=origin, override=override))


def _overridden(key: str) -> dict[str, object]:
    """The audit details of an override: that it was one, and of which refusal."""
    return {"override": True, "override_reason": key}


def _checkout(item: ItemRow, patron: PatronRow, at: datetime, *, offline: bool,
              origin: str, override: bool = False) -> Outcome:
    if item.status in WITHDRAWN:
        raise Conflict(f"circulation.item_{item.status}", title=item.title, code=item.barcode)
    if item.loan_id is not None:
        if item.loan_patron_id == patron.id:
            raise Conflict("circulation.already_on_loan_to_patron", title=item.title)
        raise Conflict("circulation.on_loan_to_other", title=item.title)
    if not offline:
        if item.status == "damaged":
            raise Conflict("circulation.item_damaged", title=item.title, code=item.barcode)
        if patron.blocked:
            raise Conflict(about("circulation.patron_blocked", patron.name), name=patron.name)
    current_rules = rules()
    hold_id = None
    if item.status == "reserved":
        hold_id = _claim_reserved_copy(item, patron, at, offline=offline)
    overridden: dict[str, object] = {}
    if not offline:
        open_loans = one("SELECT count(*) FROM loan WHERE patron_id = ? AND returned_at IS NULL",
                         (patron.id,))[0]
        if open_loans >= current_rules.max_loans:
            if not override:
                raise Conflict(plural_key("circulation.limit_reached", current_rules.max_loans),
                               reader=reader(patron.name, "dative"),
                               limit=current_rules.max_loans)
            overridden = _overridden("circulation.limit_reached")
    day = at.date()
    due = calendar_from(day, current_rules.closed_weekdays).due_date(
        day, current_rules.period(item.document_type))
    loan_id = insert(
        "INSERT INTO loan (item_id, patron_id, patron_token, age_group, patron_category,"
        " document_type, issued_at, due_on, renewals, branch_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        (item.id, patron.id, patron.token, patron.age_group_on(day), patron.category,
         item.document_type, stamp(at), due.isoformat(), desk_branch_id()))
    # A copy in transit lent where it is is no longer on its way home.
    execute("UPDATE item SET status = 'on_loan', status_changed_on = ?,"
            " transit_from_branch_id = NULL, transit_since = NULL WHERE id = ?",
            (day.isoformat(), item.id))
    previous_year = _mark_reregistered(patron, day)
    if item.transit_from_branch_id is not None:  # for the undo
        overridden["transit"] = [item.transit_from_branch_id, str(item.transit_since)]
    audit.record(f"{origin}.checkout", entity="loan", entity_id=loan_id, item_id=item.id,
                 barcode=item.barcode, patron_id=patron.id, prior_status=item.status,
                 hold_id=hold_id, previous_reregistered_year=previous_year, **overridden)
    return Outcome("checkout", loan_id, item.barcode, item.title, patron.id, patron.name,
                   due_on=due, hold_collected=hold_id is not None)


def _claim_reserved_copy(item: ItemRow, patron: PatronRow, at: datetime, *,
                         offline: bool) -> int | None:
    """A copy on the hold shelf: the reader it is kept for collects it; an expired hold
    gives way; otherwise the desk refuses (offline, the other reader waits again)."""
    hold = one("SELECT h.id, h.patron_id, h.expires_on, p.first_name, p.last_name FROM hold h"
               " JOIN patron p ON p.id = h.patron_id WHERE h.item_id = ? AND h.status = 'ready'"
               " ORDER BY h.ready_at DESC LIMIT 1", (item.id,))
    if hold is None:
        return None
    hold_id, holder, expires_on = hold[0], hold[1], as_date(hold[2])
    if holder == patron.id:
        execute("UPDATE hold SET status = 'collected', closed_at = ? WHERE id = ?",
                (stamp(at), hold_id))
        return hold_id
    if expires_on is not None and expires_on < at.date():
        execute("UPDATE hold SET status = 'expired', closed_at = ? WHERE id = ?",
                (stamp(at), hold_id))
        return None
    if offline:
        execute("UPDATE hold SET status = 'waiting', item_id = NULL, ready_at = NULL,"
                " expires_on = NULL WHERE id = ?", (hold_id,))
        return None
    raise Conflict("circulation.reserved_for_other", title=item.title,
                   reader=reader(f"{hold[3]} {hold[4]}", "dative"),
                   until=day_text(expires_on))


def _mark_reregistered(patron: PatronRow, day: date) -> int | None:
    """The first circulation of a year re-registers the reader; returns the old year."""
    if patron.reregistered_year is not None and patron.reregistered_year >= day.year:
        return patron.reregistered_year
    execute("UPDATE patron SET reregistered_year = ? WHERE id = ?", (day.year, patron.id))
    return patron.reregistered_year


def day_text(day: date | None) -> str:
    """A date as the desk writes it: 05.12.2026."""
    return "" if day is None else f"{day:%d.%m.%Y}."


# -- check in ---------------------------------------------------------------------------------
def checkin(*, barcode: str, at: datetime | None = None, origin: str = DESK) -> Outcome:
    """Take the copy back; a reader waiting for its title gets it kept for her."""
    at = at or now()
    return transaction(lambda: _checkin(_require_item(barcode, lock=True), at, origin=origin))


def _checkin(item: ItemRow, at: datetime, *, origin: str) -> Outcome:
    if item.loan_id is None:
        if item.status in WITHDRAWN:
            raise Conflict(f"circulation.item_{item.status}", title=item.title,
                           code=item.barcode)
        raise Conflict("circulation.not_on_loan", title=item.title)
    # A return is never before its checkout (an offline file may carry an older time).
    returned = max(at, item.loan_issued_at) if item.loan_issued_at else at
    here = desk_branch_id()
    if not changed("UPDATE loan SET returned_at = ?, return_branch_id = ? WHERE id = ?"
                   " AND returned_at IS NULL", (stamp(returned), here, item.loan_id)):
        raise Conflict("circulation.not_on_loan", title=item.title)
    kept = _keep_for_next_reader(item.id, item.title_id, returned)
    away = item.branch_id != here  # a copy of another branch: on its way home from here
    execute("UPDATE item SET status = ?, status_changed_on = ?, transit_from_branch_id = ?,"
            " transit_since = ? WHERE id = ?",
            ("reserved" if kept else "available", returned.date().isoformat(),
             here if away else None, returned.date().isoformat() if away else None, item.id))
    audit.record(f"{origin}.checkin", entity="loan", entity_id=item.loan_id, item_id=item.id,
                 barcode=item.barcode, patron_id=item.loan_patron_id,
                 hold_id=kept[0] if kept else None)
    if away:
        audit.record("transit.send", entity="item", entity_id=item.id, barcode=item.barcode,
                     **transit_details(from_branch_id=here, to_branch_id=item.branch_id))
    borrower = patron_by_id(item.loan_patron_id) if item.loan_patron_id else None
    return Outcome("checkin", item.loan_id, item.barcode, item.title, item.loan_patron_id,
                   borrower.name if borrower else "", due_on=item.loan_due_on,
                   kept_for=kept[2] if kept else None, kept_for_patron_id=kept[1] if kept else None,
                   kept_until=kept[3] if kept else None, kept_hold_id=kept[0] if kept else None,
                   home_branch_id=item.branch_id if away else None)


def _keep_for_next_reader(item_id: int, title_id: int, at: datetime
                          ) -> tuple[int, int, str, date] | None:
    """Give the copy to the longest-waiting hold on its title: (hold, patron, name, until)."""
    lock_row("title", "id", title_id)  # two copies returned at two desks: two holds served
    waiting = one("SELECT h.id, h.patron_id, p.first_name, p.last_name FROM hold h"
                  " JOIN patron p ON p.id = h.patron_id WHERE h.title_id = ?"
                  " AND h.status = 'waiting' ORDER BY h.placed_at, h.id LIMIT 1",
                  (title_id,))
    if waiting is None:
        return None
    current_rules = rules()
    day = at.date()
    until = calendar_from(day, current_rules.closed_weekdays).due_date(
        day, current_rules.hold_keep_days)
    execute("UPDATE hold SET status = 'ready', item_id = ?, ready_at = ?, expires_on = ?"
            " WHERE id = ?", (item_id, stamp(at), until.isoformat(), waiting[0]))
    return waiting[0], waiting[1], f"{waiting[2]} {waiting[3]}", until


def _release_copy(item_id: int, title_id: int, at: datetime) -> None:
    """A copy no longer kept for a reader goes to the next one waiting, or to the shelf."""
    kept = _keep_for_next_reader(item_id, title_id, at)
    execute("UPDATE item SET status = ?, status_changed_on = ? WHERE id = ?",
            ("reserved" if kept else "available", at.date().isoformat(), item_id))


# -- renew ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _OpenLoan:
    id: int
    item_id: int
    patron_id: int | None
    due_on: date
    renewals: int
    document_type: str
    barcode: str
    title_id: int
    title: str
    returned_at: Any


def _loan(loan_id: int) -> _OpenLoan:
    row = one("SELECT l.id, l.item_id, l.patron_id, l.due_on, l.renewals, l.document_type,"
              " i.barcode, i.title_id, t.title, l.returned_at FROM loan l"
              " JOIN item i ON i.id = l.item_id JOIN title t ON t.id = i.title_id"
              " WHERE l.id = ?", (loan_id,))
    if row is None:
        raise NotFound("circulation.unknown_loan", id=loan_id)
    return _OpenLoan(row[0], row[1], row[2], as_date(row[3]), row[4], row[5], row[6], row[7],
                     row[8], row[9])


def renew(*, loan_id: int | None = None, barcode: str | None = None,
          at: datetime | None = None, offline: bool = False, origin: str = DESK) -> Outcome:
    """Extend a loan by its period from today (never shortening it)."""
    at = at or now()
    def work() -> Outcome:
        chosen = loan_id
        if chosen is None:
            item = _require_item(barcode or "", lock=True)
            if item.loan_id is None:
                raise Conflict("circulation.not_on_loan", title=item.title)
            chosen = item.loan_id
        else:
            lock_row("loan", "id", chosen)  # two desks renewing at once: one renewal each
        return _renew(_loan(chosen), at, offline=offline, origin=origin)

    return transaction(work)


def _renew(loan: _OpenLoan, at: datetime, *, offline: bool, origin: str) -> Outcome:
    if loan.returned_at is not None:
        raise Conflict("circulation.not_on_loan", title=loan.title)
    patron = patron_by_id(loan.patron_id) if loan.patron_id else None
    current_rules = rules()
    if not offline:
        if patron is not None and patron.blocked:
            raise Conflict(about("circulation.patron_blocked", patron.name), name=patron.name)
        if loan.renewals >= current_rules.renewals_allowed:
            raise Conflict("circulation.renewals_used", title=loan.title,
                           allowed=current_rules.renewals_allowed)
        waiting = one("SELECT count(*) FROM hold WHERE title_id = ? AND status = 'waiting'"
                      " AND patron_id <> ?", (loan.title_id, loan.patron_id or 0))[0]
        if waiting:
            raise Conflict("circulation.renew_held", title=loan.title)
    day = at.date()
    due = max(loan.due_on, calendar_from(day, current_rules.closed_weekdays).due_date(
        day, current_rules.period(loan.document_type)))
    renewal_id = insert("INSERT INTO renewal (loan_id, renewed_at, due_before, due_after,"
                        " branch_id) VALUES (?, ?, ?, ?, ?)",
                        (loan.id, stamp(at), loan.due_on.isoformat(), due.isoformat(),
                         desk_branch_id()))
    execute("UPDATE loan SET renewals = renewals + 1, due_on = ? WHERE id = ?",
            (due.isoformat(), loan.id))
    previous_year = _mark_reregistered(patron, day) if patron else None
    audit.record(f"{origin}.renew", entity="loan", entity_id=loan.id, renewal_id=renewal_id,
                 due_before=loan.due_on, due_after=due,
                 previous_reregistered_year=previous_year)
    return Outcome("renew", loan.id, loan.barcode, loan.title, loan.patron_id,
                   patron.name if patron else "", due_on=due)


# -- holds ------------------------------------------------------------------------------------
def place_hold(*, patron_id: int, title_id: int | None = None, barcode: str | None = None,
               at: datetime | None = None, override: bool = False) -> HoldOutcome:
    """Reserve a title for the reader (named directly or by one of its copies).

    `override`: the librarian was asked and reserves it although the reader already has a
    copy of the title on loan."""
    at = at or now()
    return transaction(lambda: _place_hold(patron_id, title_id, barcode, at, override))


def _place_hold(patron_id: int, title_id: int | None, barcode: str | None,
                at: datetime, override: bool) -> HoldOutcome:
    patron = _require_patron(patron_id, lock=True)
    if patron.blocked:
        raise Conflict(about("circulation.patron_blocked", patron.name), name=patron.name)
    if title_id is None:
        title_id = _require_item(barcode or "").title_id
    title = one("SELECT title FROM title WHERE id = ?", (title_id,))
    if title is None:
        raise NotFound("circulation.unknown_title", id=title_id)
    if one("SELECT 1 FROM hold WHERE title_id = ? AND patron_id = ?"
           " AND status IN ('waiting', 'ready')", (title_id, patron_id)):
        raise Conflict("circulation.hold_exists", title=title[0],
                       reader=reader(patron.name, "dative"))
    overridden: dict[str, object] = {}
    if one("SELECT 1 FROM loan l JOIN item i ON i.id = l.item_id WHERE i.title_id = ?"
           " AND l.patron_id = ? AND l.returned_at IS NULL", (title_id, patron_id)):
        if not override:
            raise Conflict("circulation.hold_has_copy", title=title[0],
                           reader=reader(patron.name, "dative"))
        overridden = _overridden("circulation.hold_has_copy")
    hold_id = insert("INSERT INTO hold (title_id, patron_id, placed_at, status)"
                     " VALUES (?, ?, ?, 'waiting')", (title_id, patron_id, stamp(at)))
    position = one("SELECT count(*) FROM hold WHERE title_id = ? AND status = 'waiting'",
                   (title_id,))[0]
    on_shelf = one("SELECT count(*) FROM item WHERE title_id = ? AND status = 'available'",
                   (title_id,))[0]
    audit.record("desk.hold_place", entity="hold", entity_id=hold_id, title_id=title_id,
                 patron_id=patron_id, **overridden)
    return HoldOutcome(hold_id, title_id, title[0], patron_id, patron.name, position,
                       on_shelf)


def cancel_hold(*, hold_id: int, at: datetime | None = None) -> str:
    """Cancel a waiting or ready hold; a copy kept for it goes to the next reader or shelf.
    Returns the title."""
    at = at or now()
    with database.atomic():
        row = one("SELECT h.status, h.item_id, h.title_id, t.title FROM hold h"
                  " JOIN title t ON t.id = h.title_id WHERE h.id = ?", (hold_id,))
        if row is None:
            raise NotFound("circulation.unknown_hold", id=hold_id)
        status, item_id, title_id, title = row
        if status not in ("waiting", "ready"):
            raise Conflict("circulation.hold_closed")
        execute("UPDATE hold SET status = 'cancelled', closed_at = ? WHERE id = ?",
                (stamp(at), hold_id))
        if status == "ready" and item_id is not None:
            _release_copy(item_id, title_id, at)
        audit.record("desk.hold_cancel", entity="hold", entity_id=hold_id, prior_status=status)
        return title


def expire_holds(*, today: date | None = None) -> int:
    """Close the ready holds whose pick-up day has passed; their copies move on."""
    today = today or date.today()
    at = now()
    with database.atomic():
        rows = all_rows("SELECT id, item_id, title_id FROM hold WHERE status = 'ready'"
                        " AND expires_on < ?", (today.isoformat(),))
        for hold_id, item_id, title_id in rows:
            execute("UPDATE hold SET status = 'expired', closed_at = ? WHERE id = ?",
                    (stamp(at), hold_id))
            if item_id is not None:
                _release_copy(item_id, title_id, at)
        if rows:
            audit.record("desk.holds_expire", entity="hold", count=len(rows))
        return len(rows)


# -- undo -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Undone:
    action: str  # checkout, checkin, renew, hold_place
    title: str
    patron_name: str


def undo_last() -> Undone:
    """Reverse the latest desk action not yet undone (the one before it on the next call)."""
    with database.atomic():
        entry = _last_undoable()
        if entry is None:
            raise Conflict("circulation.nothing_to_undo")
        return _undo(*entry)


def renew_instead_of_return(*, loan_id: int, at: datetime | None = None) -> Outcome:
    """The reader's own copy was scanned and so checked in; she wants it renewed instead."""
    at = at or now()
    with database.atomic():
        entry = _last_undoable(action="desk.checkin", entity_id=loan_id)
        if entry is None:
            raise Conflict("circulation.undo_stale")
        _undo(*entry)
        return _renew(_loan(loan_id), at, offline=False, origin=DESK)


def _last_undoable(*, action: str | None = None, entity_id: int | None = None
                   ) -> tuple[int, str, str, dict] | None:
    actions = (action,) if action else UNDOABLE
    marks = ", ".join("?" * len(actions))
    where = f"action IN ({marks})"
    params: list[Any] = list(actions)
    if entity_id is not None:
        where += " AND entity_id = ?"
        params.append(str(entity_id))
    row = one(f"SELECT id, action, entity_id, details FROM audit_log WHERE {where} AND CAST(id AS TEXT)"
              " NOT IN (SELECT entity_id FROM audit_log WHERE action = 'desk.undo')"
              " ORDER BY id DESC LIMIT 1", params)
    if row is None:
        return None
    return row[0], row[1], row[2], json.loads(row[3] or "{}")


def _undo(audit_id: int, action: str, entity: str, details: dict) -> Undone:
    kind = action.removeprefix("desk.")
    if kind == "hold_place":
        title, name = _undo_hold(int(entity))
    else:
        title, name = _undo_loan_action(kind, _loan(int(entity)), details)
    audit.record("desk.undo", entity="audit_log", entity_id=audit_id, undone=action)
    return Undone(kind, title, name)


def _undo_loan_action(kind: str, loan: _OpenLoan, details: dict) -> tuple[str, str]:
    patron = patron_by_id(loan.patron_id) if loan.patron_id else None
    name = patron.name if patron else ""
    if kind == "checkout":
        if loan.returned_at is not None or loan.renewals:
            raise Conflict("circulation.undo_stale")
        execute("DELETE FROM loan WHERE id = ?", (loan.id,))
        prior = details.get("prior_status") or "available"
        transit_from, transit_since = details.get("transit") or (None, None)
        execute("UPDATE item SET status = ?, transit_from_branch_id = ?, transit_since = ?"
                " WHERE id = ?", (prior, transit_from, transit_since, loan.item_id))
        if details.get("hold_id"):
            execute("UPDATE hold SET status = 'ready', closed_at = NULL WHERE id = ?",
                    (details["hold_id"],))
        if patron is not None:
            execute("UPDATE patron SET reregistered_year = ? WHERE id = ?",
                    (details.get("previous_reregistered_year"), patron.id))
    elif kind == "checkin":
        if loan.returned_at is None or one(
                "SELECT 1 FROM loan WHERE item_id = ? AND returned_at IS NULL", (loan.item_id,)):
            raise Conflict("circulation.undo_stale")
        hold_id = details.get("hold_id")
        if hold_id and one("SELECT status FROM hold WHERE id = ?", (hold_id,)) != ("ready",):
            raise Conflict("circulation.undo_stale")
        execute("UPDATE loan SET returned_at = NULL WHERE id = ?", (loan.id,))
        execute("UPDATE item SET status = 'on_loan', transit_from_branch_id = NULL,"
                " transit_since = NULL WHERE id = ?", (loan.item_id,))
        if hold_id:
            execute("UPDATE hold SET status = 'waiting', item_id = NULL, ready_at = NULL,"
                    " expires_on = NULL WHERE id = ?", (hold_id,))
    else:  # renew
        last = one("SELECT id, due_before FROM renewal WHERE loan_id = ? ORDER BY id DESC LIMIT 1",
                   (loan.id,))
        if (loan.returned_at is not None or last is None
                or last[0] != details.get("renewal_id")):
            raise Conflict("circulation.undo_stale")
        execute("DELETE FROM renewal WHERE id = ?", (last[0],))
        execute("UPDATE loan SET renewals = renewals - 1, due_on = ? WHERE id = ?",
                (str(last[1])[:10], loan.id))
        if patron is not None:
            execute("UPDATE patron SET reregistered_year = ? WHERE id = ?",
                    (details.get("previous_reregistered_year"), patron.id))
    return loan.title, name


def _undo_hold(hold_id: int) -> tuple[str, str]:
    row = one("SELECT h.status, t.title, p.first_name, p.last_name FROM hold h"
              " JOIN title t ON t.id = h.title_id JOIN patron p ON p.id = h.patron_id"
              " WHERE h.id = ?", (hold_id,))
    if row is None or row[0] != "waiting":
        raise Conflict("circulation.undo_stale")
    execute("DELETE FROM hold WHERE id = ?", (hold_id,))
    return row[1], f"{row[2]} {row[3]}"

