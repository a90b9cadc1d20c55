"""The desk's read side and its one scan field.

`scan()` decides what a scanned code means - a reader's card loads the reader, a copy on
loan comes back, a copy on the shelf goes out to the loaded reader - and answers with one
line for the message bar. `reader_panel()`, `reader_loans()` and `overdue_page()` feed the
desk view; `slip()` the loan slip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import SqliteDatabase

from rozupe_desk.db.collation import latvian_order
from rozupe_desk.db.connection import database
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.services import circulation, settings
from rozupe_desk.services.ages import age_in_years
from rozupe_desk.services.circulation import day_text
from rozupe_desk.services.sql import all_rows, as_date, execute, one

OK, NOTICE, REFUSAL = "ok", "notice", "refusal"


@dataclass(frozen=True)
class Offer:
    """A follow-up the message bar offers: renew instead, reserve the title, lend anyway."""

    kind: str  # renew_instead, hold, checkout
    loan_id: int | None = None
    barcode: str = ""
    title: str = ""


@dataclass(frozen=True)
class ScanResult:
    level: str  # ok (green), notice (amber), refusal (red)
    message: str
    patron_id: int | None  # the reader loaded after the scan
    changed: bool = False  # the database changed
    offer: Offer | None = None


def scan(*, code: str, patron_id: int | None = None, at: datetime | None = None) -> ScanResult:
    """Act on one scanned code with the reader `patron_id` loaded (or none)."""
    code = code.strip()
    if not code:
        return ScanResult(NOTICE, tr("desk.msg.empty_scan"), patron_id)
    patron = circulation.patron_by_card(code)
    item = None if patron else circulation.item_by_barcode(code)
    if patron is None and item is None and code != code.upper():
        # Typed by hand in lower case: the codes are printed in capitals.
        patron = circulation.patron_by_card(code.upper())
        item = None if patron else circulation.item_by_barcode(code.upper())
    if patron is not None:
        return _load_reader(patron)
    if item is None:
        return ScanResult(REFUSAL, tr("desk.msg.unknown_code", code=code), patron_id)
    code = item.barcode
    try:
        if item.loan_id is not None:
            return _return(item, patron_id, at)
        if patron_id is None:
            if item.status in circulation.WITHDRAWN:
                raise DomainError(f"circulation.item_{item.status}", title=item.title,
                                  code=item.barcode)
            return ScanResult(NOTICE, tr("desk.msg.not_on_loan_no_reader", title=item.title),
                              None)
        outcome = circulation.checkout(barcode=code, patron_id=patron_id, at=at)
    except DomainError as error:
        offer = None
        if patron_id is not None and error.key in ("circulation.reserved_for_other",
                                                   "circulation.item_damaged"):
            offer = Offer("hold", barcode=item.barcode, title=item.title)
        return ScanResult(REFUSAL, str(error), patron_id, offer=offer)
    key = "desk.msg.checked_out_hold" if outcome.hold_collected else "desk.msg.checked_out"
    return ScanResult(OK, tr(key, title=outcome.title, due=day_text(outcome.due_on)),
                      patron_id, changed=True)


def _load_reader(patron: circulation.PatronRow) -> ScanResult:
    if patron.anonymized:
        return ScanResult(REFUSAL, tr("desk.msg.reader_anonymized"), None)
    if patron.blocked:
        return ScanResult(REFUSAL, tr("desk.msg.reader_blocked", name=patron.name), patron.id)
    ready = one("SELECT count(*) FROM hold WHERE patron_id = ? AND status = 'ready'",
                (patron.id,))[0]
    if ready:
        return ScanResult(NOTICE, tr("desk.msg.reader_holds_ready", name=patron.name,
                                     count=ready), patron.id)
    return ScanResult(OK, tr("desk.msg.reader_loaded", name=patron.name), patron.id)


def _return(item: circulation.ItemRow, patron_id: int | None,
            at: datetime | None) -> ScanResult:
    outcome = circulation.checkin(barcode=item.barcode, at=at)
    if outcome.kept_for is not None:
        message = tr("desk.msg.returned_kept", title=outcome.title, name=outcome.kept_for,
                     until=day_text(outcome.kept_until))
        offer = (Offer("hold", barcode=item.barcode, title=item.title)
                 if patron_id is not None and patron_id != outcome.kept_for_patron_id else None)
        return ScanResult(NOTICE, message, patron_id, changed=True, offer=offer)
    if patron_id is not None and patron_id == outcome.patron_id:
        return ScanResult(OK, tr("desk.msg.returned_own", title=outcome.title), patron_id,
                          changed=True, offer=Offer("renew_instead", loan_id=outcome.loan_id,
                                                    title=outcome.title))
    if patron_id is not None:
        return ScanResult(OK, tr("desk.msg.returned_other", title=outcome.title,
                                 name=outcome.patron_name), patron_id, changed=True,
                          offer=Offer("checkout", barcode=item.barcode, title=item.title))
    return ScanResult(OK, tr("desk.msg.returned", title=outcome.title), None, changed=True)


# -- the reader panel -------------------------------------------------------------------------
@dataclass(frozen=True)
class ReaderPanel:
    id: int
    card_number: str
    name: str
    age_group: str
    age: int | None
    category: str
    blocked: bool
    notes: str
    family: list[str] = field(default_factory=list)
    consents_missing: list[str] = field(default_factory=list)  # message ids
    loans: int = 0
    overdue: int = 0
    holds_ready: list[str] = field(default_factory=list)  # titles kept for her
    holds_waiting: int = 0


def reader_panel(*, patron_id: int, today: date | None = None) -> ReaderPanel | None:
    today = today or date.today()
    row = one("SELECT id, card_number, first_name, last_name, birth_date, birth_year, category,"
              " blocked, notes, guardian_id, consent_data_on, consent_photo_on FROM patron"
              " WHERE id = ?", (patron_id,))
    if row is None:
        return None
    birth_date, birth_year = as_date(row[4]), row[5]
    family = [f"{r[0]} {r[1]}" for r in all_rows(
        "SELECT first_name, last_name FROM patron WHERE id = ? OR guardian_id = ?"
        " ORDER BY birth_date", (row[9] or 0, patron_id))]
    if row[9]:  # siblings share her guardian
        family += [f"{r[0]} {r[1]}" for r in all_rows(
            "SELECT first_name, last_name FROM patron WHERE guardian_id = ? AND id <> ?"
            " ORDER BY birth_date", (row[9], patron_id))]
    consents = [key for key, value in (("desk.consent_data", row[10]),
                                       ("desk.consent_photo", row[11])) if value is None]
    loans, overdue = one("SELECT count(*), coalesce(sum(CASE WHEN due_on < ? THEN 1 ELSE 0 END), 0) FROM loan"
                         " WHERE patron_id = ? AND returned_at IS NULL",
                         (today.isoformat(), patron_id))
    ready = [r[0] for r in all_rows(
        "SELECT t.title FROM hold h JOIN title t ON t.id = h.title_id WHERE h.patron_id = ?"
        " AND h.status = 'ready' ORDER BY h.ready_at", (patron_id,))]
    waiting = one("SELECT count(*) FROM hold WHERE patron_id = ? AND status = 'waiting'",
                  (patron_id,))[0]
    patron = circulation.patron_by_id(patron_id)
    return ReaderPanel(
        id=row[0], card_number=row[1], name=f"{row[2]} {row[3]}",
        age_group=patron.age_group_on(today) if patron else "adult",
        age=age_in_years(birth_date, birth_year, today), category=row[6],
        blocked=bool(row[7]), notes=row[8], family=family, consents_missing=consents,
        loans=loans, overdue=int(overdue), holds_ready=ready, holds_waiting=waiting)


@dataclass(frozen=True)
class LoanLine:
    loan_id: int
    title: str
    authors: str
    barcode: str
    issued_on: date
    due_on: date
    renewals: int
    overdue_days: int


def reader_loans(*, patron_id: int, today: date | None = None) -> list[LoanLine]:
    """The reader's open loans, the earliest due first."""
    today = today or date.today()
    lines = []
    for row in all_rows(
            "SELECT l.id, t.title, t.authors, i.barcode, l.issued_at, l.due_on, l.renewals"
            " FROM loan l JOIN item i ON i.id = l.item_id JOIN title t ON t.id = i.title_id"
            " WHERE l.patron_id = ? AND l.returned_at IS NULL ORDER BY l.due_on, l.id",
            (patron_id,)):
        due = as_date(row[5])
        lines.append(LoanLine(row[0], row[1], row[2], row[3], as_date(row[4]), due, row[6],
                              max(0, (today - due).days)))
    return lines


@dataclass(frozen=True)
class HoldLine:
    hold_id: int
    title: str
    status: str  # waiting, ready
    placed_on: date
    kept_until: date | None
    barcode: str


def reader_holds(*, patron_id: int) -> list[HoldLine]:
    """The reader's open holds: those kept for her first, then the queue by age."""
    return [HoldLine(row[0], row[1], row[2], as_date(row[3]), as_date(row[4]), row[5] or "")
            for row in all_rows(
                "SELECT h.id, t.title, h.status, h.placed_at, h.expires_on, i.barcode"
                " FROM hold h JOIN title t ON t.id = h.title_id"
                " LEFT JOIN item i ON i.id = h.item_id WHERE h.patron_id = ?"
                " AND h.status IN ('waiting', 'ready')"
                " ORDER BY h.status = 'waiting', h.placed_at, h.id", (patron_id,))]


# -- the overdue list -------------------------------------------------------------------------
OVERDUE_SORTS = {  # names and titles in Latvian order
    "due_on": ("l.due_on",),
    "days": ("l.due_on",),  # more days overdue = earlier due date; flipped below
    "reader": ("p.last_key", "p.first_key"),
    "card": ("p.card_number",),
    "title": (latvian_order("t.title"),),
    "barcode": ("i.barcode",),
    "phone": ("p.phone",),
}


def overdue_page(offset: int, limit: int, sort_key: str | None = None,
                 descending: bool = False, *, today: date | None = None) -> list[dict[str, Any]]:
    """One page of the open loans past their due date, sorted in SQL."""
    today = today or date.today()
    order = OVERDUE_SORTS.get(sort_key or "days", OVERDUE_SORTS["due_on"])
    direction = "DESC" if descending != (sort_key == "days") else "ASC"
    if sort_key is None:
        direction = "ASC"
    columns = ", ".join(f"{part} {direction}" for part in order)
    rows = all_rows(
        "SELECT p.card_number, p.first_name, p.last_name, p.phone, t.title, i.barcode,"
        " l.due_on FROM loan l JOIN item i ON i.id = l.item_id"
        " JOIN title t ON t.id = i.title_id LEFT JOIN patron p ON p.id = l.patron_id"
        f" WHERE l.returned_at IS NULL AND l.due_on < ? ORDER BY {columns}, l.id"
        " LIMIT ? OFFSET ?", (today.isoformat(), limit, offset))
    page = []
    for card, first, last, phone, title, barcode, due in rows:
        due_on = as_date(due)
        page.append({"card": card or "", "reader": f"{last or ''} {first or ''}".strip(),
                     "phone": phone or "", "title": title, "barcode": barcode,
                     "due_on": due_on, "days": (today - due_on).days})
    return page


def overdue_count(*, today: date | None = None) -> int:
    today = today or date.today()
    return one("SELECT count(*) FROM loan WHERE returned_at IS NULL AND due_on < ?",
               (today.isoformat(),))[0]


# -- the loan slip ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SlipData:
    library_name: str
    library_address: str
    library_phone: str
    printed_on: date
    reader_name: str
    card_number: str
    loans: list[LoanLine]


def slip(*, patron_id: int, today: date | None = None) -> SlipData:
    """What the loan slip shows: the library, the reader, her loans and their due dates."""
    today = today or date.today()
    patron = circulation.patron_by_id(patron_id)
    if patron is None:
        raise DomainError("circulation.unknown_patron", id=patron_id)
    values = settings.get_all()
    return SlipData(values["library_name"], values["library_address"],
                    values["library_phone"], today, patron.name, patron.card_number,
                    reader_loans(patron_id=patron_id, today=today))


# -- keeping the scan path free of WAL checkpoints -------------------------------------------
def defer_checkpoints() -> bool:
    """Stop this connection from checkpointing the WAL inside a commit (DESIGN 6: a
    checkpoint there costs a scan ~14 ms or more); the desk calls `checkpoint()` from a
    background thread instead. Returns False on an engine without a WAL."""
    if not isinstance(database.obj, SqliteDatabase):
        return False
    execute("PRAGMA wal_autocheckpoint = 0")
    return True


def checkpoint() -> None:
    """Copy the WAL into the database file without blocking readers or writers."""
    execute("PRAGMA wal_checkpoint(PASSIVE)")
