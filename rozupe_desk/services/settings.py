"""The library's settings: name, address, loan rules, calendar, reminders, backups.

Stored as JSON values in the `setting` table; `DEFAULTS` gives every key its value until
the librarian changes it.
"""

from __future__ import annotations

import json
from typing import Any

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Setting
from rozupe_desk.services.safety import audit

DEFAULTS: dict[str, Any] = {
    "library_name": "",
    "library_address": "",
    "library_phone": "",
    "library_email": "",
    "language": "lv",
    "loan_days": {
        "book": 28,
        "periodical": 14,
        "audiovisual": 14,
        "e_resource": 14,
        "game": 14,
        "other": 14,
    },
    "renewals_allowed": 2,
    "max_loans": 15,
    "hold_keep_days": 7,
    # Monday = 0 ... Sunday = 6; the branch is open Tuesday to Saturday.
    "closed_weekdays": [0, 6],
    "opening_hours": {"1": "10-18", "2": "10-18", "3": "10-18", "4": "10-18", "5": "10-15"},
    "reminder_text": "",
    "logo_path": "",
    "backup_folder": "",
    # Backups (services/safety/backup.py): the last good one, and after how many days to warn.
    "last_backup": {},
    "backup_warn_days": 3,
    "anonymize_after_days": 730,
    # The look (issue 9): a high-contrast theme and the base font size in points.
    "high_contrast": False,
    "font_size": 12,
    # Sheet of labels the label printer uses: an id of library_setup.LABEL_LAYOUTS.
    "label_layout": "a4_3x8",
    # Copy cataloguing (issue 17): the catalogues asked, in order (None: the shipped
    # preset, services/collection/lookup/servers.py), and the ISBNs scanned while offline.
    "lookup_servers": None,
    "lookup_pending": [],
}


def get(key: str) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS[key]
    return json.loads(row.value)


def get_all() -> dict[str, Any]:
    values = dict(DEFAULTS)
    for row in Setting.select():
        values[row.key] = json.loads(row.value)
    return values


def update(**values: Any) -> None:
    """Change settings in one transaction, recorded in the audit log."""
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    with database.atomic():
        for key, value in values.items():
            store(key, value)
        audit.record("settings.update", entity="setting", keys=sorted(values))


def store(key: str, value: Any) -> None:
    """Write one setting inside the caller's transaction. Not audited: for the program's
    own records (the last backup); the librarian's changes go through `update`."""
    text = json.dumps(value, ensure_ascii=False)
    (Setting.insert(key=key, value=text)
     .on_conflict(conflict_target=[Setting.key], update={Setting.value: text}).execute())
