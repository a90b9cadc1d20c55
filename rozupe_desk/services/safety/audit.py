"""The audit log: who did what, when. Every service that changes data records itself here,
inside the same transaction as the change."""

from __future__ import annotations

import getpass
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from peewee import OperationalError, SqliteDatabase

from rozupe_desk import workstation
from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.errors import DomainError, InvalidInput
from rozupe_desk.files import written_whole
from rozupe_desk.formats import audit_csv
from rozupe_desk.i18n import catalogue, current_language, has_message, tr


def current_actor() -> str:
    """Who acts: the login name; on a server, shared by several desks, `login@desk`."""
    return f"{_login()}@{_desk()}" if is_postgresql() else _login()


@cache
def _desk() -> str:
    return workstation.desk_id()


@cache
def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows service accounts
        return ""


def record(action: str, *, entity: str = "", entity_id: object = "", **details: object) -> None:
    # Plain SQL, not `AuditLog.create`: the desk records every scan, and peewee's query
    # builder would cost more than the rest of a checkout (DESIGN 6).
    marks = ", ".join([database.param] * 6)
    database.execute_sql(
        f"INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES ({marks})",
        (datetime.now().isoformat(sep=" "), current_actor(), action, entity, str(entity_id),
         json.dumps(details, ensure_ascii=False, default=str) if details else ""))


# -- reading the log -------------------------------------------------------------------------
# Below: the librarian's view of the log ("who did what when"), the filters and the export.
# A page is a keyset query (newest first, `(at, id)` below the last row shown) that reads
# only the rows it returns: with a kind chosen, one index range per action id
# (`audit_log_action_at`, migration m0800), merged; without, the `audit_log_at` index.

# Every action id recorded anywhere, grouped into the kinds the librarian filters by. An id
# missing here still shows (under "other"); a test keeps this list complete.
KINDS: dict[str, tuple[str, ...]] = {
    "circulation": ("desk.checkout", "desk.checkin", "desk.renew", "desk.undo"),
    "holds": ("desk.hold_place", "desk.hold_cancel", "desk.holds_expire"),
    "transit": ("transit.send", "transit.arrive"),
    "visits": ("desk.visit", "desk.reference_query"),
    "offline": ("koc.replay", "koc.checkout", "koc.checkin", "koc.renew", "koc.payment"),
    "patrons": ("patron.register", "patron.update", "patron.import", "patron.export_csv"),
    "privacy": ("privacy.erase", "privacy.anonymize_history", "privacy.export_data"),
    "catalog": ("title.create", "title.update", "title.delete", "item.create", "item.update",
                "item.status", "items.import", "attachment.add", "attachment.remove"),
    "copy_cataloguing": ("lookup.import", "lookup.pending_add", "lookup.pending_done"),
    "discards": ("discard.act", "stocktake.start", "stocktake.finish"),
    "events": ("events.create", "events.update", "events.delete", "events.attendance"),
    "programmes": tuple(f"programmes.{verb}" for verb in (
        "create", "update", "delete", "group_add", "group_update", "group_delete", "book_add",
        "book_remove", "register", "unregister", "mark_read", "unmark_read", "questionnaire",
        "questionnaire_clear")),
    "settings": ("settings.update", "branch.add", "branch.rename"),
    "system": ("demo.fill", "backup.create", "backup.restore"),
}
OTHER = "other"
_KIND_OF = {action: kind for kind, actions in KINDS.items() for action in actions}


@dataclass(frozen=True)
class Filter:
    """What the librarian asks for: dates inclusive, a kind from `KINDS` (or `OTHER`), and
    words to find in the entity, its id, the details or the user's name."""

    start: date | None = None
    end: date | None = None
    kind: str | None = None
    text: str = ""


Cursor = tuple[str, int]  # (at, id) of the last row shown


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]
    card: str = ""  # the card number of the reader the details name, if still known
    _stamp: str = field(default="", repr=False, compare=False)  # `at` as stored
    raw: str = field(default="", repr=False, compare=False)  # the details as recorded

    @property
    def cursor(self) -> Cursor:
        return (self._stamp, self.id)

    @property
    def kind(self) -> str:
        return kind_of(self.action)

    @property
    def action_name(self) -> str:
        return action_name(self.action)

    @property
    def summary(self) -> str:
        return describe(self)


def kind_of(action: str) -> str:
    return _KIND_OF.get(action, OTHER)


def kind_names() -> list[tuple[str, str]]:
    """(kind, translated name) for the filter, in the order of `KINDS`, "other" last."""
    return [(kind, tr(f"audit.kind.{kind}")) for kind in (*KINDS, OTHER)]


def action_name(action: str) -> str:
    key = f"audit.action.{action}"
    return tr(key) if has_message(key) else action


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def describe(entry: Entry) -> str:
    """The details in the librarian's words ("Izsniegts: 1001 lasītājam R7")."""
    key = f"audit.summary.{entry.action}"
    values = _Blank({k: _plain(v) for k, v in entry.details.items()})
    values["id"] = entry.entity_id or "–"
    patron_id = entry.entity_id if entry.entity == "patron" else entry.details.get("patron_id")
    values["card"] = entry.card or (f"#{patron_id}" if patron_id else "–")
    for status_key in ("before", "after", "prior_status"):
        status = f"catalog.status_{entry.details.get(status_key)}"
        if has_message(status):
            values[status_key] = tr(status)
    for name, value in entry.details.items():
        if isinstance(value, str) and _ISO_DAY.match(value):
            values[name] = _day_text(value)
    if entry.action == "settings.update" and isinstance(entry.details.get("keys"), list):
        values["keys"] = ", ".join(_setting_name(str(key)) for key in entry.details["keys"])
    if entry.details.get("undone"):
        values["undone"] = action_name(str(entry.details["undone"]))
    if isinstance(entry.details.get("amount_cents"), int):
        cents = entry.details["amount_cents"]
        values["amount"] = tr("audit.euro", amount=f"{cents / 100:.2f}".replace(
            ".", "," if current_language() == "lv" else "."))
    if has_message(key):
        texts = catalogue()[key]
        return (texts.get(current_language()) or texts["lv"]).format_map(values) + _override(
            entry.details)
    parts = [f"{k}: {_plain(v)}" for k, v in entry.details.items() if v not in (None, "")]
    head = f"{entry.entity} {entry.entity_id}".strip()
    return "; ".join([head, *parts] if head else parts)


def _override(details: dict[str, Any]) -> str:
    """" – apstiprināts, lai gan …": a desk refusal the librarian overrode."""
    reason = f"deskc.audit.{details.get('override_reason')}"
    return tr("deskc.audit.override", reason=tr(reason)) if (
        details.get("override") and has_message(reason)) else ""


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day_text(text: str) -> str:
    """A recorded ISO day as the librarian writes it (29.12.2026 in Latvian)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return day.strftime("%d.%m.%Y") if current_language() == "lv" else text


def _setting_name(key: str) -> str:
    label = f"setup.{key}"
    return tr(label).rstrip(": ") if has_message(label) else key


def _plain(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _check(where: Filter) -> None:
    if where.kind is not None and where.kind != OTHER and where.kind not in KINDS:
        raise InvalidInput("audit.unknown_kind", kind=where.kind,
                           kinds=", ".join((*KINDS, OTHER)))
    if where.start and where.end and where.start > where.end:
        raise InvalidInput("audit.bad_range", start=where.start.isoformat(),
                           end=where.end.isoformat())


def _conditions(where: Filter, after: Cursor | None) -> tuple[list[str], list[Any]]:
    p = database.param
    sql: list[str] = []
    params: list[Any] = []
    if where.start:
        sql.append(f"at >= {p}")
        params.append(where.start.isoformat())
    if where.end:
        sql.append(f"at < {p}")
        params.append((where.end + timedelta(days=1)).isoformat())
    if after is not None:
        # `at <= x` keeps the index range; the rest picks the rows after the cursor.
        sql.append(f"at <= {p} AND (at < {p} OR id < {p})")
        params.extend([after[0], after[0], after[1]])
    words = where.text.strip()
    if words:
        like = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        alternatives = [f"{column} LIKE {p} ESCAPE '\\'"
                        for column in ("entity", "entity_id", "details", "actor")]
        params.extend([like] * 4)
        patron_id = _patron_id_of_card(words)
        if patron_id is not None:
            alternatives.append(f"(entity = 'patron' AND entity_id = {p})")
            alternatives.append(f"details LIKE {p}")
            alternatives.append(f"details LIKE {p}")
            params.extend([str(patron_id), f'%"patron_id": {patron_id},%',
                           f'%"patron_id": {patron_id}}}%'])
        sql.append("(" + " OR ".join(alternatives) + ")")
    return sql, params


def _patron_id_of_card(text: str) -> int | None:
    row = database.execute_sql(
        f"SELECT id FROM patron WHERE card_number = {database.param}", (text,)).fetchone()
    return row[0] if row else None


_COLUMNS = "id, at, actor, action, entity, entity_id, details"
_ORDER = "ORDER BY at DESC, id DESC"


def page(where: Filter = Filter(), *, after: Cursor | None = None,
         limit: int = 100, cancel: threading.Event | None = None) -> list[Entry]:
    """Up to `limit` entries matching `where`, newest first, after the cursor of the last
    entry of the previous page (none for the first page). Words are looked for row by row
    (seconds over ten million rows without dates): setting `cancel` stops the query."""
    _check(where)
    conditions, params = _conditions(where, after)
    p = database.param
    if where.kind is None:
        clause = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT {_COLUMNS} FROM audit_log {clause} {_ORDER} LIMIT {int(limit)}"
    else:
        # One index range per action id, each read no further than `limit` rows, merged.
        actions = (KINDS[where.kind] if where.kind in KINDS else
                   [a for a in _recorded_actions() if a not in _KIND_OF])
        if not actions:
            return []
        parts, all_params = [], []
        for action in actions:
            clause = " AND ".join([f"action = {p}", *conditions])
            parts.append(f"SELECT * FROM (SELECT {_COLUMNS} FROM audit_log WHERE {clause} "
                         f"{_ORDER} LIMIT {int(limit)}) AS a{len(parts)}")
            all_params.extend([action, *params])
        sql = (f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS merged {_ORDER} "
               f"LIMIT {int(limit)}")
        params = all_params
    with _interruptible(cancel):
        rows = database.execute_sql(sql, params).fetchall()
    return _entries(rows)


@contextmanager
def _interruptible(cancel: threading.Event | None) -> Iterator[None]:
    """Let `cancel` interrupt the SQLite statement running inside (a stale search)."""
    if cancel is None or not isinstance(database.obj, SqliteDatabase):
        yield
        return
    connection = database.connection()
    connection.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 1000)
    try:
        yield
    except (sqlite3.OperationalError, OperationalError) as error:
        if cancel.is_set():
            raise DomainError("audit.search_cancelled") from error
        raise
    finally:
        connection.set_progress_handler(None, 0)


def _recorded_actions() -> list[str]:
    """The distinct action ids in the log, one index seek each (not a scan of the log)."""
    found: list[str] = []
    while True:
        row = database.execute_sql(
            f"SELECT min(action) FROM audit_log WHERE action > {database.param}",
            (found[-1] if found else "",)).fetchone()
        if row is None or row[0] is None:
            return found
        found.append(row[0])


def _entries(rows: list[tuple]) -> list[Entry]:
    details = [_details(row[6]) for row in rows]
    patron_ids = {d["patron_id"] for d in details if isinstance(d.get("patron_id"), int)}
    patron_ids |= {int(row[5]) for row in rows if row[4] == "patron" and row[5].isdigit()}
    cards = _cards(patron_ids)
    entries = []
    for row, detail in zip(rows, details, strict=True):
        patron_id = detail.get("patron_id")
        if row[4] == "patron" and row[5].isdigit():
            patron_id = int(row[5])
        stamp = str(row[1])
        entries.append(Entry(row[0], _when(stamp), row[2], row[3], row[4], row[5], detail,
                             cards.get(patron_id, "") if isinstance(patron_id, int) else "",
                             _stamp=stamp, raw=row[6] or ""))
    return entries


def _details(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"details": text}
    return value if isinstance(value, dict) else {"details": value}


def _when(stamp: str) -> datetime:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.min


def _cards(patron_ids: set[int]) -> dict[int, str]:
    if not patron_ids:
        return {}
    ids = sorted(patron_ids)
    marks = ", ".join([database.param] * len(ids))
    rows = database.execute_sql(
        f"SELECT id, card_number FROM patron WHERE id IN ({marks})", ids).fetchall()
    return dict(rows)


def entries(where: Filter = Filter(), *, batch: int = 1000,
            cancel: threading.Event | None = None) -> Iterator[Entry]:
    """Every entry matching `where`, newest first, read a page at a time."""
    after: Cursor | None = None
    while cancel is None or not cancel.is_set():
        rows = page(where, after=after, limit=batch)
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].cursor


def export_csv(where: Filter, path: Path, *, cancel: threading.Event | None = None,
               progress: Callable[[int], None] | None = None) -> int:
    """The matching entries as CSV for Excel (UTF-8 with BOM, `;`, Latvian headers);
    returns the number of rows. Written to a temporary file first, so a cancelled or failed
    export leaves no half file behind."""
    _check(where)
    path = Path(path)
    try:
        with written_whole(path) as temporary:
            with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
                count = audit_csv.write(handle, entries(where, cancel=cancel),
                                        progress=progress)
            if cancel is not None and cancel.is_set():
                raise DomainError("audit.export_cancelled")
    except OSError as error:
        raise DomainError("audit.cannot_write", path=str(path),
                          reason=error.strerror or str(error)) from error
    return count
