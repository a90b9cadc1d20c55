"""Raw SQL on the hot path: statements written once with `?` marks, run on the connection.

DESIGN 6: peewee's query builder costs ~150-235 µs a statement; a checkout prepared as
plain SQL costs a fraction of that. The marks are turned into the engine's own parameter
style (`database.param`: `?` for SQLite, `%s` for PostgreSQL) once per statement text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from rozupe_desk.db.connection import database, is_postgresql, portable_sql


def _dialect(sql: str, param: str) -> str:
    return sql if param == "?" else portable_sql(sql)


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    """Run one statement; returns the cursor."""
    return database.execute_sql(_dialect(sql, database.param), tuple(params))


def one(sql: str, params: Sequence[Any] = ()) -> tuple | None:
    return execute(sql, params).fetchone()


def all_rows(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    return execute(sql, params).fetchall()


def dicts(sql: str, params: Sequence[Any] = (), *, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows as dicts with the given keys, one per selected column."""
    return [dict(zip(keys, row, strict=True)) for row in all_rows(sql, params)]


def changed(sql: str, params: Sequence[Any] = ()) -> int:
    """Run an UPDATE or DELETE; returns the number of rows it touched."""
    return execute(sql, params).rowcount


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    row = one(sql, params)
    return None if row is None else row[0]


def insert(sql: str, params: Sequence[Any] = ()) -> int:
    """Run an INSERT; returns the new row's id.

    psycopg fills no `lastrowid`: on a server the statement returns the id itself."""
    if is_postgresql():
        return execute(f"{sql} RETURNING id", params).fetchone()[0]
    return execute(sql, params).lastrowid


def stamp(moment: datetime) -> str:
    """A timestamp as stored: `YYYY-MM-DD HH:MM:SS[.ffffff]`, as peewee writes it."""
    return moment.isoformat(sep=" ")


def as_date(value: Any) -> date | None:
    """A DATE column's value (text in SQLite, a date elsewhere) as a `date`."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
