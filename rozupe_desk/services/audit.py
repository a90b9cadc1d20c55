"""The audit log: who did what, when. Every service that changes data records itself here,
inside the same transaction as the change."""

from __future__ import annotations

import getpass
import json
from datetime import datetime
from functools import cache

from rozupe_desk.db.connection import database


@cache
def current_actor() -> str:
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
