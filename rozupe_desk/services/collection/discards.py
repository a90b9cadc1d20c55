"""Discards (norakstīšana): numbered discard acts that take copies out of the collection.

A discarded copy keeps its row, its loans and its act: it leaves the active collection
(status `discarded`, `discarded_on`) but stays in history and in the statistics of the
month it was discarded. Acts are numbered per year, `2026/1`, `2026/2`, ….
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import DiscardAct, Item
from rozupe_desk.errors import Conflict, InvalidInput, NotFound
from rozupe_desk.services import settings
from rozupe_desk.services.branches.branches import branch_names
from rozupe_desk.services.safety import audit

REASONS = ("worn", "outdated", "lost", "not_returned", "other")


def next_number(*, year: int) -> str:
    """The next free act number of the year: `YYYY/N`."""
    numbers = [
        int(number.split("/", 1)[1])
        for (number,) in database.execute_sql(
            "SELECT number FROM discard_act WHERE number LIKE ?", (f"{year}/%",))
        if number.split("/", 1)[1].isdigit()
    ]
    return f"{year}/{max(numbers, default=0) + 1}"


@dataclass
class Candidate:
    """A copy as shown while choosing what to discard."""

    id: int
    barcode: str
    title: str
    authors: str
    year: int | None
    price_cents: int | None
    status: str
    branch_id: int = 1


def candidate(*, barcode: str, branch_id: int | None = None) -> Candidate:
    """The copy with this barcode, checked that it may be discarded (by the branch
    `branch_id`: one of its own copies; None: any)."""
    rows = _candidates("i.barcode = ?", (barcode.strip(),))
    if not rows:
        raise NotFound("catalog.no_item", barcode=barcode.strip())
    _check_discardable(rows[0])
    if branch_id is not None and rows[0].branch_id != branch_id:
        raise Conflict("branches.discard_other_branch", barcode=rows[0].barcode,
                       branch=branch_names().get(rows[0].branch_id, ""))
    return rows[0]


def _candidates(where: str, params: tuple) -> list[Candidate]:
    cursor = database.execute_sql(
        "SELECT i.id, i.barcode, t.title, t.authors, t.year, i.price_cents, i.status, "
        f"i.branch_id FROM item i JOIN title t ON t.id = i.title_id WHERE {where} ORDER BY i.barcode",
        params)
    return [Candidate(*row) for row in cursor]


def _check_discardable(copy: Candidate) -> None:
    if copy.status == "on_loan":
        raise Conflict("discard.on_loan", barcode=copy.barcode)
    if copy.status == "discarded":
        raise Conflict("discard.already", barcode=copy.barcode)


def create_act(*, barcodes: list[str], reason: str, act_date: date | None = None,
               note: str = "", number: str | None = None, branch_id: int | None = None) -> int:
    """Discard these copies under one new numbered act; all or nothing. A branch's act
    (`branch_id`) takes only that branch's copies."""
    act_date = act_date or date.today()
    wanted = list(dict.fromkeys(b.strip() for b in barcodes if b.strip()))
    if not wanted:
        raise InvalidInput("discard.no_copies")
    if not reason.strip():
        raise InvalidInput("discard.reason_required")
    with database.atomic():
        copies = [candidate(barcode=barcode, branch_id=branch_id) for barcode in wanted]
        number = (number or "").strip() or next_number(year=act_date.year)
        if DiscardAct.select().where(DiscardAct.number == number).exists():
            raise Conflict("discard.number_taken", number=number)
        act = DiscardAct.create(number=number, act_date=act_date, reason=reason.strip(),
                                note=note.strip(), created_at=datetime.now())
        ids = [c.id for c in copies]
        for start in range(0, len(ids), 500):
            Item.update(status="discarded", discarded_on=act_date, status_changed_on=act_date,
                        discard_act=act.id).where(Item.id.in_(ids[start:start + 500])).execute()
        audit.record("discard.act", entity="discard_act", entity_id=act.id, number=number,
                     count=len(ids), barcodes=wanted[:50])
        return act.id


@dataclass
class ActSummary:
    id: int
    number: str
    act_date: date
    reason: str
    count: int
    total_cents: int


def list_acts(*, branch_id: int | None = None) -> list[ActSummary]:
    """The acts, the latest first: every one, or those discarding the branch's copies."""
    having, params = ("", ()) if branch_id is None else (
        " HAVING sum(CASE WHEN i.branch_id = ? THEN 1 ELSE 0 END) > 0", (branch_id,))
    cursor = database.execute_sql(
        "SELECT a.id, a.number, a.act_date, a.reason, count(i.id), "
        "coalesce(sum(i.price_cents), 0) FROM discard_act a "
        f"LEFT JOIN item i ON i.discard_act_id = a.id GROUP BY a.id{having}"
        " ORDER BY a.act_date DESC, a.id DESC", params)
    return [ActSummary(row[0], row[1], date.fromisoformat(str(row[2])), row[3], row[4],
                       row[5]) for row in cursor]


@dataclass
class ActDocument:
    """Everything the discard act PDF shows, as plain data."""

    number: str
    act_date: date
    reason: str
    note: str
    library_name: str
    library_address: str
    copies: list[Candidate] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.copies)

    @property
    def total_cents(self) -> int:
        return sum(c.price_cents or 0 for c in self.copies)


def act_document(*, act_id: int) -> ActDocument:
    act = DiscardAct.get_or_none(DiscardAct.id == act_id)
    if act is None:
        raise NotFound("discard.no_act", act_id=act_id)
    return ActDocument(
        number=act.number, act_date=act.act_date, reason=act.reason, note=act.note,
        library_name=settings.get("library_name"),
        library_address=settings.get("library_address"),
        copies=_candidates("i.discard_act_id = ?", (act_id,)))
