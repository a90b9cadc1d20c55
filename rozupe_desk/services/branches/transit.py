"""Copies on their way home: a copy checked in at another branch's desk is "in transit"
(migration m1900: `transit_from_branch_id`, `transit_since`) until its own branch's desk
scans it, or until it is lent again where it is.

Holds keep their one flow: a copy caught for a hold waits on the shelf of the desk that took
it back (there are no pick-up branches), still marked in transit until it goes out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rozupe_desk.errors import Conflict, NotFound
from rozupe_desk.services.branches.branches import branch_names, desk_branch_id, transit_details
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import all_rows, as_date, execute, lock_row, one, transaction


def arrive(*, barcode: str) -> str:
    """The copy is home: its own branch's desk scanned it. Returns its title."""
    def work() -> str:
        lock_row("item", "barcode", barcode)
        row = one("SELECT i.id, i.branch_id, i.transit_from_branch_id, t.title FROM item i"
                  " JOIN title t ON t.id = i.title_id WHERE i.barcode = ?", (barcode,))
        if row is None:
            raise NotFound("circulation.unknown_barcode", code=barcode)
        item_id, home, source, title = row
        if source is None or home != desk_branch_id():
            raise Conflict("branches.not_arriving", title=title)
        execute("UPDATE item SET transit_from_branch_id = NULL, transit_since = NULL"
                " WHERE id = ?", (item_id,))
        audit.record("transit.arrive", entity="item", entity_id=item_id, barcode=barcode,
                     **transit_details(from_branch_id=source, to_branch_id=home))
        return title

    return transaction(work)


@dataclass(frozen=True)
class TransitLine:
    item_id: int
    barcode: str
    title: str
    home: str  # the branch it goes to
    source: str  # the branch that sent it
    since: date | None


def in_transit(*, to_branch_id: int | None = None,
               from_branch_id: int | None = None) -> list[TransitLine]:
    """The copies on their way, to a branch, from one, or all (both None); the oldest first."""
    where, params = ["i.transit_since IS NOT NULL"], []
    if to_branch_id is not None:
        where.append("i.branch_id = ?")
        params.append(to_branch_id)
    if from_branch_id is not None:
        where.append("i.transit_from_branch_id = ?")
        params.append(from_branch_id)
    names = branch_names()
    return [TransitLine(row[0], row[1], row[2], names.get(row[3], ""), names.get(row[4], ""),
                        as_date(row[5]))
            for row in all_rows(
                "SELECT i.id, i.barcode, t.title, i.branch_id, i.transit_from_branch_id,"
                " i.transit_since FROM item i JOIN title t ON t.id = i.title_id"
                f" WHERE {' AND '.join(where)} ORDER BY i.transit_since, i.barcode", params)]
