"""Integrity: SQLite's own check plus the invariants of the library's data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from peewee import SqliteDatabase

from rozupe_desk.db.connection import database
from rozupe_desk.i18n import tr
from rozupe_desk.services import library

# Each invariant is a query that returns the rows breaking it, and a message id.
INVARIANTS: tuple[tuple[str, str], ...] = (
    (
        "integrity.copy_on_loan_without_loan",
        "SELECT i.barcode FROM item i WHERE i.status = 'on_loan' AND NOT EXISTS "
        "(SELECT 1 FROM loan l WHERE l.item_id = i.id AND l.returned_at IS NULL)",
    ),
    (
        "integrity.open_loan_not_on_loan",
        "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL AND i.status <> 'on_loan'",
    ),
    (
        "integrity.discarded_copy_on_loan",
        "SELECT i.barcode FROM loan l JOIN item i ON i.id = l.item_id "
        "WHERE l.returned_at IS NULL AND i.status = 'discarded'",
    ),
)


@dataclass
class CheckResult:
    integrity: str
    problems: list[tuple[str, list[str]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sound(self) -> bool:
        return self.integrity == "ok" and not self.problems

    def messages(self) -> list[str]:
        """The problems found, translated."""
        lines = [] if self.integrity == "ok" else [tr("integrity.sqlite", detail=self.integrity)]
        lines += [tr(key, codes=", ".join(codes)) for key, codes in self.problems]
        return lines


def run_check(*, quick: bool = False) -> CheckResult:
    """The full check (`integrity_check`) or the quick one at start (`quick_check`)."""
    db = database.obj
    if isinstance(db, SqliteDatabase):
        pragma = "quick_check" if quick else "integrity_check"
        rows = [row[0] for row in db.execute_sql(f"PRAGMA {pragma}")]
        integrity = "ok" if rows == ["ok"] else "; ".join(rows[:10])
        fk_rows = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if fk_rows and integrity == "ok":
            integrity = f"foreign key violations: {len(fk_rows)}"
    else:
        integrity = "ok"
    problems = []
    for key, sql in INVARIANTS:
        offending = [row[0] for row in db.execute_sql(sql + " LIMIT 5")]
        if offending:
            problems.append((key, offending))
    return CheckResult(integrity=integrity, problems=problems, counts=asdict(library.counts()))
