"""The desk's read side and its one scan field.

`scan()` decides what a scanned code means - a reader's card loads the reader, a copy on
loan comes back, a copy on the shelf goes out to the loaded reader - and answers with one
line for the message bar. `reader_panel()`, `reader_loans()` and `overdue_page()` feed the
desk view; `slip()` the loan slip.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from peewee import SqliteDatabase

from rozupe_desk.db.collation import latvian_order
from rozupe_desk.db.connection import database, is_read_only
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import tr
from rozupe_desk.i18n.people import about, reader
from rozupe_desk.services import settings
from rozupe_desk.services.branches import transit
from rozupe_desk.services.branches.branches import branch_names, desk_branch_id
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.circulation.circulation import day_text
from rozupe_desk.services.programmes import experts
from rozupe_desk.services.readers.ages import age_in_years
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
class Question:
    """A checkout that waits for the librarian's yes: the reader has overdue copies (asked
    before her first checkout of the visit), or a refusal she may override."""

    kind: str  # overdue, override
    barcode: str
    title: str
    text: str


@dataclass(frozen=True)
class ScanResult:
    level: str  # ok (green), notice (amber), refusal (red)
    message: str
    patron_id: int | None  # the reader loaded after the scan
    changed: bool = False  # the database changed
    offer: Offer | None = None
    question: Question | None = None
    kept_hold_id: int | None = None  # the returned copy was caught for this hold


@dataclass(frozen=True)
class Overdue:
    count: int
    longest_days: int


def scan(*, code: str, patron_id: int | None = None, at: datetime | None = None,
         overdue_seen: bool = False, override: bool = False) -> ScanResult:
    """Act on one scanned code with the reader `patron_id` loaded (or none).

    A copy for a reader with overdue copies is not lent until the librarian has seen that
    (`overdue_seen`); a refusal she may override asks her (then `override`)."""
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
        if item.transit_from_branch_id is not None:
            if item.branch_id == desk_branch_id():  # home: received first, lent next scan
                return ScanResult(OK, tr("branches.msg.arrived",
                                         title=transit.arrive(barcode=code)),
                                  patron_id, changed=True)
            if patron_id is None:
                return ScanResult(NOTICE, _send_home(item.title, item.branch_id), None)
        if patron_id is None:
            if item.status in circulation.WITHDRAWN:
                raise DomainError(f"circulation.item_{item.status}", title=item.title,
                                  code=item.barcode)
            return ScanResult(NOTICE, tr("desk.msg.not_on_loan_no_reader", title=item.title),
                              None)
        if not overdue_seen and item.status in ("available", "reserved"):
            question = _overdue_question(patron_id, item, (at or datetime.now()).date())
            if question is not None:
                return ScanResult(NOTICE, question.text, patron_id, question=question)
        outcome = circulation.checkout(barcode=code, patron_id=patron_id, at=at,
                                       override=override)
    except DomainError as error:
        if patron_id is not None and circulation.overridable(error):
            question = Question("override", item.barcode, item.title,
                                tr("deskc.override.checkout", reason=str(error)))
            return ScanResult(REFUSAL, str(error), patron_id, question=question)
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
        return ScanResult(REFUSAL, tr(about("desk.msg.reader_blocked", patron.name),
                                      name=patron.name), patron.id)
    ready = one("SELECT count(*) FROM hold WHERE patron_id = ? AND status = 'ready'",
                (patron.id,))[0]
    late = overdue_of(patron_id=patron.id)
    if ready:
        level, text = NOTICE, tr("desk.msg.reader_holds_ready", name=patron.name, count=ready)
    else:
        level, text = OK, tr("desk.msg.reader_loaded", name=patron.name)
    if late is not None:  # said now, before the first checkout, not only in the panel
        level, text = NOTICE, tr("deskc.reader_overdue", reader=text, count=late.count,
                                 days=late.longest_days)
    return ScanResult(level, text, patron.id)


def overdue_of(*, patron_id: int, today: date | None = None) -> Overdue | None:
    """The reader's copies past their due date (None when there are none)."""
    today = today or date.today()
    count, earliest = one("SELECT count(*), min(due_on) FROM loan WHERE patron_id = ?"
                          " AND returned_at IS NULL AND due_on < ?",
                          (patron_id, today.isoformat()))
    if not count:
        return None
    return Overdue(count, (today - as_date(earliest)).days)


def _overdue_question(patron_id: int, item: circulation.ItemRow,
                      today: date) -> Question | None:
    late = overdue_of(patron_id=patron_id, today=today)
    patron = circulation.patron_by_id(patron_id) if late is not None else None
    if patron is None or patron.blocked:  # a blocked reader is refused anyway
        return None
    return Question("overdue", item.barcode, item.title, tr(
        "deskc.overdue.question", name=patron.name, count=late.count, days=late.longest_days,
        title=item.title))


def _send_home(title: str, branch_id: int) -> str:
    return tr("branches.msg.send_home", title=title, branch=branch_names().get(branch_id, ""))


def _return(item: circulation.ItemRow, patron_id: int | None,
            at: datetime | None) -> ScanResult:
    outcome = circulation.checkin(barcode=item.barcode, at=at)
    result = _returned(outcome, item, patron_id, at)
    if outcome.home_branch_id is not None and outcome.kept_for is None:
        return replace(result, level=NOTICE,
                       message=_send_home(outcome.title, outcome.home_branch_id))
    return result


def _returned(outcome: circulation.Outcome, item: circulation.ItemRow, patron_id: int | None,
              at: datetime | None) -> ScanResult:
    if outcome.kept_for is not None:
        message = tr("desk.msg.returned_kept", title=outcome.title,
                     reader=reader(outcome.kept_for, "dative"),
                     until=day_text(outcome.kept_until))
        offer = (Offer("hold", barcode=item.barcode, title=item.title)
                 if patron_id is not None and patron_id != outcome.kept_for_patron_id else None)
        return ScanResult(NOTICE, message, patron_id, changed=True, offer=offer,
                          kept_hold_id=outcome.kept_hold_id)
    if patron_id is not None and patron_id == outcome.patron_id:
        return ScanResult(OK, tr("desk.msg.returned_own", title=outcome.title), patron_id,
                          changed=True, offer=Offer("renew_instead", loan_id=outcome.loan_id,
                                                    title=outcome.title))
    if patron_id is not None:
        return ScanResult(OK, tr("desk.msg.returned_other", title=outcome.title,
                                 reader=reader(outcome.patron_name, "dative")),
                          patron_id, changed=True,
                          offer=Offer("checkout", barcode=item.barcode, title=item.title))
    return ScanResult(OK, _returned_without_card(outcome, (at or datetime.now()).date()), None,
                      changed=True)


def _returned_without_card(outcome: circulation.Outcome, day: date) -> str:
    """No card was scanned: say whose copy it was and how late it came back."""
    if not outcome.patron_name:  # anonymised history
        return tr("desk.msg.returned", title=outcome.title)
    late = (day - outcome.due_on).days if outcome.due_on else 0
    if late > 0:
        return tr("deskc.returned_late", title=outcome.title, name=outcome.patron_name,
                  days=late)
    return tr("deskc.returned_on_time", title=outcome.title, name=outcome.patron_name)


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
    reading: list[experts.DeskProgress] = field(default_factory=list)  # running programmes


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
        loans=loans, overdue=int(overdue), holds_ready=ready, holds_waiting=waiting,
        reading=experts.desk_progress(patron_id=patron_id, today=today))


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


def _of_branch(branch_id: int | None) -> tuple[str, tuple[int, ...]]:
    """The condition keeping the copies of one branch (none for all branches)."""
    return ("", ()) if branch_id is None else (" AND i.branch_id = ?", (branch_id,))


def overdue_page(offset: int, limit: int, sort_key: str | None = None,
                 descending: bool = False, *, today: date | None = None,
                 branch_id: int | None = None) -> list[dict[str, Any]]:
    """One page of the open loans past their due date, sorted in SQL; of one branch's
    copies, or of all (None)."""
    today = today or date.today()
    branch_sql, branch_params = _of_branch(branch_id)
    order = OVERDUE_SORTS.get(sort_key or "days", OVERDUE_SORTS["due_on"])
    direction = "DESC" if descending != (sort_key == "days") else "ASC"
    if sort_key is None:
        direction = "ASC"
    columns = ", ".join(f"{part} {direction}" for part in order)
    rows = all_rows(
        "SELECT p.card_number, p.first_name, p.last_name, p.phone, g.phone, t.title,"
        " i.barcode, l.due_on FROM loan l JOIN item i ON i.id = l.item_id"
        " JOIN title t ON t.id = i.title_id LEFT JOIN patron p ON p.id = l.patron_id"
        " LEFT JOIN patron g ON g.id = p.guardian_id"
        f" WHERE l.returned_at IS NULL AND l.due_on < ?{branch_sql} ORDER BY {columns}, l.id"
        " LIMIT ? OFFSET ?", (today.isoformat(), *branch_params, limit, offset))
    page = []
    for card, first, last, phone, guardian_phone, title, barcode, due in rows:
        due_on = as_date(due)
        if not phone and guardian_phone:  # a child without a phone: call the guardian
            phone = tr("deskc.guardian_phone", phone=guardian_phone)
        page.append({"card": card or "", "reader": f"{last or ''} {first or ''}".strip(),
                     "phone": phone or "", "title": title, "barcode": barcode,
                     "due_on": due_on, "days": (today - due_on).days})
    return page


def overdue_count(*, today: date | None = None, branch_id: int | None = None) -> int:
    today = today or date.today()
    if branch_id is None:  # the library's whole count reads the loans alone
        return one("SELECT count(*) FROM loan WHERE returned_at IS NULL AND due_on < ?",
                   (today.isoformat(),))[0]
    branch_sql, branch_params = _of_branch(branch_id)
    return one("SELECT count(*) FROM loan l JOIN item i ON i.id = l.item_id"
               f" WHERE l.returned_at IS NULL AND l.due_on < ?{branch_sql}",
               (today.isoformat(), *branch_params))[0]


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


@dataclass(frozen=True)
class HoldSlipData:
    """The slip put into a copy kept for a reader: whose it is and until when."""

    library_name: str
    printed_on: date
    reader_name: str
    card_number: str
    phone: str
    title: str
    authors: str
    barcode: str
    placed_on: date
    kept_until: date | None


def hold_slip(*, hold_id: int, today: date | None = None) -> HoldSlipData:
    """What the hold slip shows, for a hold with a copy kept for it."""
    row = one("SELECT p.first_name, p.last_name, p.card_number, p.phone, g.phone, t.title,"
              " t.authors, i.barcode, h.placed_at, h.expires_on FROM hold h"
              " JOIN patron p ON p.id = h.patron_id LEFT JOIN patron g ON g.id = p.guardian_id"
              " JOIN title t ON t.id = h.title_id JOIN item i ON i.id = h.item_id"
              " WHERE h.id = ?", (hold_id,))
    if row is None:
        raise DomainError("circulation.unknown_hold", id=hold_id)
    first, last, card, phone, guardian_phone, title, authors, barcode, placed, until = row
    if not phone and guardian_phone:
        phone = tr("deskc.guardian_phone", phone=guardian_phone)
    return HoldSlipData(settings.get("library_name"), today or date.today(),
                        f"{first} {last}", card, phone or "", title, authors or "", barcode,
                        as_date(placed), as_date(until))


# -- keeping the scan path free of WAL checkpoints -------------------------------------------
def defer_checkpoints() -> bool:
    """Stop this connection from checkpointing the WAL inside a commit (DESIGN 6: a
    checkpoint there costs a scan ~14 ms or more); the desk calls `checkpoint()` from a
    background thread instead. Returns False on an engine without a WAL."""
    if not isinstance(database.obj, SqliteDatabase) or is_read_only():
        return False  # a file that takes no writes has nothing to checkpoint
    execute("PRAGMA wal_autocheckpoint = 0")
    return True


def checkpoint() -> None:
    """Copy the WAL into the database file without blocking readers or writers (nothing on
    a file found damaged meanwhile: it takes no writes)."""
    if not is_read_only():
        execute("PRAGMA wal_checkpoint(PASSIVE)")
