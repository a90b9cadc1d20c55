"""The most active readers of a period, for thank-you certificates.

Activity is counted as the statistics count loans (DESIGN 5): checkouts plus renewals in the
period. Only loans that still name their reader count (anonymised history has no one to
thank); "children" means the loan was made while the reader was a child.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import OperationalError, SqliteDatabase

from rozupe_desk.db.connection import database
from rozupe_desk.errors import DomainError, InvalidInput
from rozupe_desk.services.events.events import LibraryInfo, library_info

MAX_READERS = 500
SCAN_FROM_DAYS = 90

_SQL = """
SELECT p.id, p.first_name, p.last_name, p.card_number, activity.loans
FROM (
    SELECT patron_id, count(*) AS loans FROM (
        SELECT patron_id FROM {loan_source}
        WHERE issued_at >= {p} AND issued_at < {p} AND patron_id IS NOT NULL {children}
        UNION ALL
        SELECT loan.patron_id FROM renewal JOIN loan ON loan.id = renewal.loan_id
        WHERE renewal.renewed_at >= {p} AND renewal.renewed_at < {p}
          AND loan.patron_id IS NOT NULL {children_loan}
    ) AS lent GROUP BY patron_id
) AS activity
JOIN patron AS p ON p.id = activity.patron_id
WHERE p.anonymized = 0
ORDER BY activity.loans DESC, p.last_key, p.first_key, p.id
LIMIT {p}
"""


@dataclass(frozen=True)
class ActiveReader:
    patron_id: int
    first_name: str
    last_name: str
    card_number: str
    loans: int

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class CertificateBatch:
    """Everything the certificate PDF needs: plain data, no database."""

    library: LibraryInfo
    readers: list[ActiveReader]
    first_day: date
    last_day: date
    children: bool
    issued_on: date


def most_active(*, first_day: date, last_day: date, children: bool = False,
                limit: int = 20, cancel: threading.Event | None = None) -> list[ActiveReader]:
    """The readers with the most loans from `first_day` to `last_day` (both included).

    Over millions of loans this reads for a while; setting `cancel` stops the query.
    """
    if last_day < first_day:
        raise InvalidInput("certificates.period_reversed")
    if not 1 <= limit <= MAX_READERS:
        raise InvalidInput("certificates.bad_limit", limit=MAX_READERS)
    start = datetime.combine(first_day, time())
    end = datetime.combine(last_day + timedelta(days=1), time())
    sql = _SQL.format(
        p=database.param, loan_source=_loan_source(first_day, last_day),
        children="AND age_group = 'child'" if children else "",
        children_loan="AND loan.age_group = 'child'" if children else "")
    bounds = (_text(start), _text(end))
    with _cancellable(cancel):
        rows = database.execute_sql(sql, (*bounds, *bounds, limit)).fetchall()
    return [ActiveReader(patron_id=row[0], first_name=row[1], last_name=row[2],
                         card_number=row[3], loans=row[4]) for row in rows]


@contextmanager
def _cancellable(cancel: threading.Event | None) -> Iterator[None]:
    """Let `cancel` interrupt a long SQLite query: its progress handler is asked every
    few thousand steps whether to go on."""
    connection = database.connection()
    if cancel is None or not isinstance(connection, sqlite3.Connection):
        yield
        return
    if cancel.is_set():
        raise DomainError("certificates.cancelled")
    connection.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 1_000)
    try:
        yield
    except (sqlite3.OperationalError, OperationalError) as exc:  # peewee may wrap it
        if cancel.is_set():
            raise DomainError("certificates.cancelled") from exc
        raise
    finally:
        connection.set_progress_handler(None, 0)


def _loan_source(first_day: date, last_day: date) -> str:
    """For a long period read the loans table straight through: through the `issued_at`
    index, loans not stored in time order (imported or generated history) cost a random
    read each, 150 s instead of 20 s over 10M loans. A short period keeps the index."""
    long_period = (last_day - first_day).days >= SCAN_FROM_DAYS
    return "loan NOT INDEXED" if long_period and isinstance(database.obj, SqliteDatabase) \
        else "loan"


def _text(moment: datetime) -> str:
    # Loans keep their times as ISO text; compare in the same form so the index serves.
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def certificate_batch(*, readers: list[ActiveReader], first_day: date, last_day: date,
                      children: bool = False, issued_on: date | None = None) -> CertificateBatch:
    if not readers:
        raise InvalidInput("certificates.none_chosen")
    return CertificateBatch(library=library_info(), readers=list(readers), first_day=first_day,
                            last_day=last_day, children=children,
                            issued_on=issued_on or date.today())
