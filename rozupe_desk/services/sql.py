"""Raw SQL on the hot path: statements written once with `?` marks, run on the connection.

DESIGN 6: peewee's query builder costs ~150-235 µs a statement; a checkout prepared as
plain SQL costs a fraction of that. The marks are turned into the engine's own parameter
style (`database.param`: `?` for SQLite, `%s` for PostgreSQL) once per statement text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from peewee import DatabaseError

from rozupe_desk.db.connection import (
    LibraryPostgresqlDatabase,
    database,
    is_postgresql,
    portable_sql,
)
from rozupe_desk.db.word_index import SEPARATORS, search_vector
from rozupe_desk.errors import Conflict


def _dialect(sql: str, param: str) -> str:
    # LibraryPostgresqlDatabase translates every statement itself: translating here too
    # would double a literal `%` twice.
    if param == "?" or isinstance(database.obj, LibraryPostgresqlDatabase):
        return sql
    return portable_sql(sql)


T = TypeVar("T")
ATTEMPTS = 6
# SQLSTATEs a server transaction may meet when desks compete, gone at a second try:
# serialization failure, deadlock, and a unique index taken between our read and write
# (the second open loan of a copy, the partial index `loan_open_item`).
_TRANSIENT = {"40001", "40P01", "23505"}


def transaction(work: Callable[[], T]) -> T:
    """Run `work` in one transaction; on a server, competing desks' conflicts are retried.

    A retry starts afresh and reads again what the other desk committed, so the librarian
    gets the ordinary answer ("on loan to another reader"), never the database error. When
    the conflicts persist she gets one Latvian line and nothing is changed."""
    if not is_postgresql() or database.transaction_depth() > 0:
        with database.atomic():
            return work()
    for attempt in range(ATTEMPTS):
        try:
            with database.atomic():
                return work()
        except DatabaseError as exc:
            if _sqlstate(exc) not in _TRANSIENT:
                raise
            if attempt == ATTEMPTS - 1:
                raise Conflict("server.busy") from exc
            time.sleep(0.002 * 2 ** attempt)
    raise AssertionError("unreachable")


def _sqlstate(exc: BaseException) -> str | None:
    for cause in (exc, exc.__cause__, *exc.args):
        state = getattr(cause, "sqlstate", None)
        if state:
            return state
    return None


def lock_row(table: str, key: str, value: Any) -> None:
    """On a server, hold the row of `table` where `key` = `value` until the transaction ends,
    so a second desk waits and then reads what this one wrote. SQLite needs nothing: its
    write transactions begin IMMEDIATE, one at a time."""
    if is_postgresql():
        execute(f"SELECT 1 FROM {table} WHERE {key} = ? FOR UPDATE", (value,))


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


def follow_explicit_ids(table: str) -> None:
    """After rows were inserted with their own ids: a server's id sequence moves past them
    (SQLite takes the next id from the table itself)."""
    if is_postgresql():
        execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")


def marks(sql: str) -> str:
    """A statement with `?` marks in the engine's style, for a cursor of its own."""
    return sql if database.param == "?" else portable_sql(sql)


def word_prefix(word: str) -> str:
    """A regular expression finding `word` at the start of a word, as an FTS5 prefix query
    does (`word` holds letters and digits only, as the search services split it)."""
    return f"(^|[^[:alnum:]]){re.escape(word)}"


def word_search(column: str, groups: list[list[str]], *,
                indexed: bool = True) -> tuple[str, list[str]]:
    """A server's WHERE clause finding rows where, for every group, one of its words starts
    a word of `column`: the word index narrows the rows, the `word_prefix` regular
    expressions recheck them (they are the rule; the index only finds candidates).

    Not `indexed`: the regular expressions alone, for a search matching so many rows that
    walking them in id order finds a page sooner than the index lists them all."""
    alternatives = [[_prefix_terms(word) for word in group] for group in groups]
    indexed_groups = [group for group in alternatives if all(group)] if indexed else []
    clauses, params = [], []  # a word without letters or digits: the regex alone decides
    if indexed_groups:
        clauses.append(f"{search_vector(column)} @@ CAST(? AS tsquery)")
        params.append(" & ".join("(" + " | ".join(group) + ")" for group in indexed_groups))
    for group in groups:
        clauses.append("(" + " OR ".join(f"{column} ~ ?" for _ in group) + ")")
        params += [word_prefix(word) for word in group]
    return " AND ".join(clauses), params


def _prefix_terms(word: str) -> str:
    """tsquery text for `word` as a prefix: its parts between separators, each quoted as a
    lexeme (never parsed; a quote or a backslash is a separator), so what was typed cannot
    change the query's shape."""
    runs = [run for run in re.split(SEPARATORS, word) if run]
    return "(" + " & ".join(f"'{run}':*" for run in runs) + ")" if runs else ""


def greatest() -> str:
    """The engine's word for the larger of several values (SQLite's many-argument max)."""
    return "GREATEST" if is_postgresql() else "max"


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
