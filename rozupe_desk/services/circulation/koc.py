"""Replaying offline circulation (KOC files) and writing our desk's transactions as one.

Replay rules (`shared/KOC.md`): lines in timestamp order, each its own transaction with the
line's time as the transaction's time; a line that cannot be applied is rejected with its
reason and changes nothing; the outcome is stored in `koc_transaction` inside the same
transaction as the line's effect, so a replay run again - or after it was killed half-way -
skips the decided lines and ends in the state of one uninterrupted replay.

Offline lines record what already happened at a door without the database, so the desk's
limits (loan limit, blocked reader, damaged copy, a hold kept for another reader) do not
refuse them. Only what cannot be recorded is rejected: an unknown card or barcode, a
withdrawn (discarded or lost) copy, a malformed line, and a time that cannot be true - in
the future, or before the copy was acquired (a device clock gone wrong).
A line repeated with the very same time records one transaction: it is applied once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from rozupe_desk import __version__
from rozupe_desk.db.connection import database
from rozupe_desk.errors import Conflict, DomainError, InvalidInput, NotFound
from rozupe_desk.formats.koc import KocLine, read_koc, write_koc
from rozupe_desk.i18n import tr
from rozupe_desk.i18n.people import reader
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import all_rows, as_date, as_datetime, insert, one, stamp, transaction

log = logging.getLogger(__name__)

ORIGIN = "koc"
GENERATOR = "Rozupe Desk"
# A laptop's clock a few minutes ahead of the desk's is not "the future".
CLOCK_SLACK = timedelta(minutes=15)


@dataclass
class ReplayReport:
    total: int = 0
    applied: int = 0
    skipped: int = 0  # decided by an earlier run, or repeating an earlier line of the file
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason), this run
    notes: list[tuple[int, str]] = field(default_factory=list)  # applied with a remark
    repeated: list[tuple[int, int]] = field(default_factory=list)  # (line, the line it repeats)
    cancelled: bool = False


def replay_file(*, path: str | Path, progress: Callable[[float], None] | None = None,
                cancel: threading.Event | None = None) -> ReplayReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFound("koc.cannot_read", path=str(path), reason=exc.strerror or str(exc)) from exc
    return replay(data=data, file_name=path.name, progress=progress, cancel=cancel)


def replay(*, data: bytes, file_name: str = "",
           progress: Callable[[float], None] | None = None,
           cancel: threading.Event | None = None) -> ReplayReport:
    """Apply every undecided line of the KOC file `data`."""
    koc_file = read_koc(data)
    lines = koc_file.in_replay_order()
    repeats = koc_file.repeats()
    report = ReplayReport(total=len(koc_file.lines), skipped=len(repeats),
                          repeated=[(line.line_no, line.repeat_of or 0) for line in repeats])
    decided = _decided_keys(lines)
    for done, line in enumerate(lines):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        if progress is not None and done % 50 == 0:
            progress(done / max(len(lines), 1))
        if line.key in decided:
            report.skipped += 1
            continue
        decided.add(line.key)
        _decide(line, file_name, report)
    report.rejected.sort()
    report.notes.sort()
    log.info("KOC replay of %s: %d applied, %d rejected, %d decided earlier%s", file_name,
             report.applied, len(report.rejected), report.skipped,
             " (cancelled)" if report.cancelled else "")
    if report.applied or report.rejected:
        with database.atomic():
            audit.record("koc.replay", entity="file", entity_id=file_name,
                         applied=report.applied, rejected=len(report.rejected),
                         skipped=report.skipped)
    return report


def _decided_keys(lines: list[KocLine]) -> set[str]:
    """The keys of the lines an earlier replay decided. Earlier versions keyed a line by
    its bytes (`legacy_key`): a line they applied stays decided; one they refused - all the
    times they could not read - is decided again."""
    legacy = {line.legacy_key: line.key for line in lines}
    keys = [line.key for line in lines] + list(legacy)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for key, outcome in all_rows(f"SELECT line_key, outcome FROM koc_transaction"
                                     f" WHERE line_key IN ({marks})", chunk):
            if key not in legacy:
                found.add(key)
            elif outcome == "applied":
                found.add(legacy[key])
    return found


def _decide_now(line: KocLine, file_name: str) -> tuple[str, str, str | None]:
    note = None
    if line.error is not None:
        outcome, reason = "rejected", tr(line.error[0], **line.error[1])
    else:
        try:
            with database.atomic():  # a savepoint: a refused line leaves nothing behind
                note = _apply(line, file_name)
            outcome, reason = "applied", note or ""
        except DomainError as error:
            outcome, reason = "rejected", str(error)
    insert("INSERT INTO koc_transaction (line_key, file_name, line_no, raw, outcome, reason,"
           " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
           (line.key, file_name, line.line_no, line.raw, outcome, reason,
            stamp(circulation.now())))
    return outcome, reason, note


def _decide(line: KocLine, file_name: str, report: ReplayReport) -> None:
    """One line, one transaction: its effect and its stored outcome commit together (on a
    server retried whole when a desk's transaction collided with it)."""
    outcome, reason, note = transaction(lambda: _decide_now(line, file_name))
    if outcome == "applied":
        report.applied += 1
        if note:
            report.notes.append((line.line_no, note))
    else:
        report.rejected.append((line.line_no, reason))


def _apply(line: KocLine, file_name: str) -> str | None:
    """The line's effect; returns a remark for the report, or None."""
    at = line.at
    assert at is not None
    if at > circulation.now() + CLOCK_SLACK:
        raise InvalidInput("kocimport.future", at=_shown(at))
    if line.operation == "payment":
        patron = _patron(line.card_number)
        payment_id = insert("INSERT INTO payment (at, patron_id, card_number, amount_cents,"
                            " source) VALUES (?, ?, ?, ?, ?)",
                            (stamp(at), patron.id, patron.card_number, line.amount_cents,
                             f"koc:{file_name}"))
        audit.record("koc.payment", entity="payment", entity_id=payment_id,
                     amount_cents=line.amount_cents)
        return None
    item = circulation.item_by_barcode(line.barcode)
    if item is None:
        raise NotFound("circulation.unknown_barcode", code=line.barcode)
    if item.status in circulation.WITHDRAWN:
        raise Conflict(f"circulation.item_{item.status}", title=item.title, code=item.barcode)
    acquired = as_date(one("SELECT acquired_on FROM item WHERE id = ?", (item.id,))[0])
    if acquired is not None and at.date() < acquired:
        raise InvalidInput("kocimport.before_acquired", at=_shown(at), title=item.title,
                           code=item.barcode, acquired=f"{acquired:%d.%m.%Y}.")
    if line.operation == "return":
        if item.loan_id is None:
            return tr("koc.note_not_on_loan", title=item.title)
        circulation.checkin(barcode=item.barcode, at=at, origin=ORIGIN)
        return None
    patron = _patron(line.card_number)
    if item.loan_id is not None and item.loan_patron_id == patron.id:
        # Koha treats an issue to the reader who has the copy as a renewal.
        circulation.renew(loan_id=item.loan_id, at=at, offline=True, origin=ORIGIN)
        return tr("koc.note_renewed", title=item.title)
    note = None
    if item.loan_id is not None:
        previous = circulation.checkin(barcode=item.barcode, at=at, origin=ORIGIN)
        note = tr("koc.note_returned_first", title=item.title,
                  reader=reader(previous.patron_name, "dative"))
    circulation.checkout(barcode=item.barcode, patron_id=patron.id, at=at, offline=True,
                         origin=ORIGIN)
    return note


def _shown(at: datetime) -> str:
    return f"{at:%d.%m.%Y. %H:%M:%S}"


def _patron(card_number: str) -> circulation.PatronRow:
    patron = circulation.patron_by_card(card_number)
    if patron is None or patron.anonymized:
        raise NotFound("circulation.unknown_card", card=card_number)
    return patron


# -- writing our own transactions -------------------------------------------------------------
@dataclass(frozen=True)
class ExportSummary:
    text: str
    records: int
    without_reader: int  # anonymised history: no card number to write


def export_transactions(*, since: date | None = None, until: date | None = None
                        ) -> ExportSummary:
    """The desk's checkouts, renewals, returns and payments from `since` to `until`
    (inclusive) as a KOC file, in time order, for a central library that runs Koha."""
    low = stamp(datetime.combine(since or date(1900, 1, 1), time()))
    high = stamp(datetime.combine(until or date(9999, 12, 30), time.max))
    records: list[tuple[datetime, str, tuple[str, ...]]] = []
    without_reader = 0
    queries = (
        ("issue", "SELECT l.issued_at, p.card_number, i.barcode FROM loan l"
                  " JOIN item i ON i.id = l.item_id LEFT JOIN patron p ON p.id = l.patron_id"
                  " WHERE l.issued_at BETWEEN ? AND ?"),
        # Koha reads an issue to the reader who already has the copy as a renewal.
        ("issue", "SELECT r.renewed_at, p.card_number, i.barcode FROM renewal r"
                  " JOIN loan l ON l.id = r.loan_id JOIN item i ON i.id = l.item_id"
                  " LEFT JOIN patron p ON p.id = l.patron_id WHERE r.renewed_at BETWEEN ? AND ?"),
        ("return", "SELECT l.returned_at, '', i.barcode FROM loan l"
                   " JOIN item i ON i.id = l.item_id WHERE l.returned_at BETWEEN ? AND ?"),
        ("payment", "SELECT at, card_number, amount_cents FROM payment WHERE at BETWEEN ? AND ?"),
    )
    for operation, sql in queries:
        for at, card, value in all_rows(sql, (low, high)):
            if operation != "return" and not card:
                without_reader += 1
                continue
            if operation == "return":
                fields: tuple[str, ...] = (value,)
            elif operation == "payment":
                fields = (card, f"{value / 100:.2f}")
            else:
                fields = (card, value)
            records.append((as_datetime(at), operation, fields))
    order = {"return": 0, "issue": 1, "payment": 2}  # at equal times a return comes first
    records.sort(key=lambda record: (record[0], order[record[1]]))
    text = write_koc(records, generator=GENERATOR, version=__version__)
    return ExportSummary(text, len(records), without_reader)


def decided_lines(*, file_name: str | None = None) -> list[tuple[int, str, str]]:
    """(line, outcome, reason) of the lines stored for a file, in line order."""
    where, params = ("WHERE file_name = ?", (file_name,)) if file_name is not None else ("", ())
    return [tuple(row) for row in all_rows(
        f"SELECT line_no, outcome, reason FROM koc_transaction {where} ORDER BY line_no",
        params)]

