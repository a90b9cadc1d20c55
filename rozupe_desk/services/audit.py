"""The audit log: who did what, when. Every service that changes data records itself here,
inside the same transaction as the change."""

from __future__ import annotations

import getpass
import json
from datetime import datetime

from rozupe_desk.db.models import AuditLog


def current_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows service accounts
        return ""


def record(action: str, *, entity: str = "", entity_id: object = "", **details: object) -> None:
    AuditLog.create(
        at=datetime.now(),
        actor=current_actor(),
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        details=json.dumps(details, ensure_ascii=False, default=str) if details else "",
    )
