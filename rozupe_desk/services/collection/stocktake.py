"""Stocktaking (inventarizācija): scan the shelves, then see what is missing.

A session collects scans. Missing copies are those of the active collection (available,
damaged or reserved on the shelf; within the session's shelf when it has one) that were not
scanned. Scans of copies on loan, discarded or lost, of unknown barcodes and of copies from
another shelf are reported. A session of one branch counts that branch's copies: a copy of
another branch scanned is reported as such. Finishing may mark the missing copies lost and
the found lost copies available again, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Item, StocktakeScan, StocktakeSession
from rozupe_desk.errors import Conflict, InvalidInput, NotFound
from rozupe_desk.services.branches.branches import branch_names
from rozupe_desk.services.safety import audit

ON_SHELF = ("available", "damaged", "reserved")


def open_session() -> int | None:
    row = (StocktakeSession.select(StocktakeSession.id)
           .where(StocktakeSession.finished_at.is_null()).first())
    return row.id if row else None


def start(*, shelf: str = "", note: str = "", branch_id: int | None = None) -> int:
    """Start a session (only one at a time); `shelf` limits it to one shelf/location,
    `branch_id` to one branch's copies (None: every branch)."""
    with database.atomic():
        if open_session() is not None:
            raise Conflict("stocktake.already_open")
        session = StocktakeSession.create(started_at=datetime.now(), scope=shelf.strip(),
                                          note=note.strip(), branch_id=branch_id)
        audit.record("stocktake.start", entity="stocktake_session", entity_id=session.id,
                     shelf=shelf.strip(), branch_id=branch_id)
        return session.id


@dataclass
class ScanResult:
    kind: str  # ok, again, on_loan, discarded, lost, unknown, misplaced, other_branch
    barcode: str
    title: str = ""
    shelf: str = ""
    branch: str = ""  # other_branch: the branch the copy belongs to


def scan(*, session_id: int, barcode: str) -> ScanResult:
    """Record one scanned barcode and say what it is."""
    barcode = barcode.strip()
    if not barcode:
        raise InvalidInput("catalog.barcode_required")
    session = _session(session_id)
    if session.finished_at is not None:
        raise Conflict("stocktake.finished")
    row = database.execute_sql(
        "SELECT i.id, i.status, i.shelf, t.title, i.branch_id FROM item i"
        " JOIN title t ON t.id = i.title_id WHERE i.barcode = ?", (barcode,)).fetchone()
    with database.atomic():
        if StocktakeScan.select().where(StocktakeScan.session == session_id,
                                        StocktakeScan.barcode == barcode).exists():
            return ScanResult("again", barcode, row[3] if row else "")
        StocktakeScan.create(session=session_id, barcode=barcode,
                             item=row[0] if row else None, scanned_at=datetime.now())
    if row is None:
        return ScanResult("unknown", barcode)
    _item_id, status, shelf, title, branch_id = row
    if session.branch_id is not None and branch_id != session.branch_id:
        return ScanResult("other_branch", barcode, title, shelf,
                          branch_names().get(branch_id, ""))
    if status in ("on_loan", "discarded", "lost"):
        return ScanResult(status, barcode, title, shelf)
    if session.scope and shelf != session.scope:
        return ScanResult("misplaced", barcode, title, shelf)
    return ScanResult("ok", barcode, title, shelf)


def scanned_count(*, session_id: int) -> int:
    return StocktakeScan.select().where(StocktakeScan.session == session_id).count()


def _session(session_id: int) -> StocktakeSession:
    session = StocktakeSession.get_or_none(StocktakeSession.id == session_id)
    if session is None:
        raise NotFound("stocktake.no_session", session_id=session_id)
    return session


@dataclass
class Line:
    barcode: str
    title: str
    authors: str = ""
    shelf: str = ""
    status: str = ""
    branch_id: int = 1


@dataclass
class Outcome:
    """Where a session stands; also the content of the stocktaking report."""

    session_id: int
    started_at: datetime
    finished_at: datetime | None
    shelf: str
    scanned: int = 0
    expected: int = 0
    missing: list[Line] = field(default_factory=list)
    on_loan: list[Line] = field(default_factory=list)
    discarded: list[Line] = field(default_factory=list)
    lost_found: list[Line] = field(default_factory=list)
    misplaced: list[Line] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    marked_lost: int = 0
    branch_id: int | None = None  # the branch counted; None: all
    branch_name: str = ""
    other_branch: list[Line] = field(default_factory=list)  # copies of another branch scanned


def outcome(*, session_id: int) -> Outcome:
    """The session's counts and lists as they stand now (the report is made from the
    outcome that `finish` returns, before missing copies turn lost)."""
    session = _session(session_id)
    result = Outcome(session.id, session.started_at, session.finished_at, session.scope,
                     branch_id=session.branch_id,
                     branch_name=branch_names().get(session.branch_id, ""))
    scope_sql, scope_params = ("AND i.shelf = ?", (session.scope,)) if session.scope else ("", ())
    if session.branch_id is not None:  # its copies, not those away on their way home
        scope_sql += " AND i.branch_id = ? AND i.transit_since IS NULL"
        scope_params = (*scope_params, session.branch_id)
    marks = ", ".join(f"'{s}'" for s in ON_SHELF)
    result.expected = database.execute_sql(
        f"SELECT count(*) FROM item i WHERE i.status IN ({marks}) {scope_sql}",
        scope_params).fetchone()[0]
    result.missing = _lines(
        "SELECT i.barcode, t.title, t.authors, i.shelf, i.status, i.branch_id FROM item i "
        f"JOIN title t ON t.id = i.title_id WHERE i.status IN ({marks}) {scope_sql} "
        "AND NOT EXISTS (SELECT 1 FROM stocktake_scan s WHERE s.session_id = ? "
        "AND s.item_id = i.id) ORDER BY i.shelf, i.barcode", (*scope_params, session_id))
    scanned = _lines(
        "SELECT s.barcode, coalesce(t.title, ''), coalesce(t.authors, ''), "
        "coalesce(i.shelf, ''), coalesce(i.status, ''), coalesce(i.branch_id, 1)"
        " FROM stocktake_scan s "
        "LEFT JOIN item i ON i.id = s.item_id LEFT JOIN title t ON t.id = i.title_id "
        "WHERE s.session_id = ? ORDER BY s.barcode", (session_id,))
    result.scanned = len(scanned)
    for line in scanned:
        if not line.status:
            result.unknown.append(line.barcode)
        elif session.branch_id is not None and line.branch_id != session.branch_id:
            result.other_branch.append(line)
        elif line.status == "on_loan":
            result.on_loan.append(line)
        elif line.status == "discarded":
            result.discarded.append(line)
        elif line.status == "lost":
            result.lost_found.append(line)
        elif session.scope and line.shelf != session.scope:
            result.misplaced.append(line)
    return result


def _lines(sql: str, params: tuple) -> list[Line]:
    return [Line(*row) for row in database.execute_sql(sql, params)]


def finish(*, session_id: int, mark_missing_lost: bool, on: date | None = None) -> Outcome:
    """Close the session; optionally mark missing copies lost and found lost ones available."""
    on = on or date.today()
    with database.atomic():
        session = _session(session_id)
        if session.finished_at is not None:
            raise Conflict("stocktake.finished")
        result = outcome(session_id=session_id)
        if mark_missing_lost:
            barcodes = [line.barcode for line in result.missing]
            for start in range(0, len(barcodes), 500):
                Item.update(status="lost", status_changed_on=on).where(
                    Item.barcode.in_(barcodes[start:start + 500])).execute()
            found = [line.barcode for line in result.lost_found]
            for start in range(0, len(found), 500):
                Item.update(status="available", status_changed_on=on).where(
                    Item.barcode.in_(found[start:start + 500])).execute()
            result.marked_lost = len(barcodes)
        StocktakeSession.update(finished_at=datetime.now()).where(
            StocktakeSession.id == session_id).execute()
        result.finished_at = datetime.now()
        audit.record("stocktake.finish", entity="stocktake_session", entity_id=session_id,
                     scanned=result.scanned, missing=len(result.missing),
                     marked_lost=result.marked_lost)
        return result


def sessions() -> list[tuple[int, datetime, datetime | None, str]]:
    return [(s.id, s.started_at, s.finished_at, s.scope) for s in
            StocktakeSession.select().order_by(StocktakeSession.id.desc())]
