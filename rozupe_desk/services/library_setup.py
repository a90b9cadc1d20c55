"""Setting the library up: the rules for the values of the first-run and settings dialogs.

`validate` tells, field by field, what is wrong with a set of setting values; `save`
stores them in one audited transaction only when every field is right, so a dialog never
half-saves. Field names are the keys of `settings.DEFAULTS`; a nested value is named with a
dot (`loan_days.book`, `opening_hours.2`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import LANGUAGES, tr
from rozupe_desk.services import settings
from rozupe_desk.services.collection.lookup import servers as lookup_servers

WEEKDAYS = tuple(range(7))  # Monday = 0 … Sunday = 6, as datetime.weekday()
DOCUMENT_TYPES = tuple(settings.DEFAULTS["loan_days"])
# Label sheets: id -> (columns, rows, label width mm, label height mm); "roll" is one label
# after another on a label printer's roll.
LABEL_LAYOUTS: dict[str, tuple[int, int, float, float]] = {
    "a4_3x8": (3, 8, 70.0, 37.0),
    "a4_3x7": (3, 7, 70.0, 42.3),
    "a4_4x10": (4, 10, 48.5, 25.4),
    "a4_2x7": (2, 7, 99.1, 38.1),
    "roll_50x25": (1, 1, 50.0, 25.0),
}
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
FONT_SIZES = range(10, 21)
LIMITS = {
    "loan_days": (1, 365),
    "renewals_allowed": (0, 20),
    "max_loans": (1, 200),
    "hold_keep_days": (1, 60),
    "anonymize_after_days": (30, 3650),
    "backup_warn_days": (1, 60),
}
_HOURS = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?\s*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d ()-]{5,20}$")


class SettingsInvalid(InvalidInput):
    """Some fields are wrong; `errors` maps each field name to its translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("setup.invalid", count=len(errors))
        self.errors = errors


def parse_hours(text: str) -> tuple[int, int] | None:
    """`"10-18"` or `"9:30–17:00"` as minutes after midnight (opens, closes); None if bad."""
    match = _HOURS.match(text or "")
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        return None
    opens, closes = h1 * 60 + m1, h2 * 60 + m2
    return (opens, closes) if opens < closes else None


def format_hours(opens: int, closes: int) -> str:
    return f"{opens // 60:02d}:{opens % 60:02d}-{closes // 60:02d}:{closes % 60:02d}"


def _number(errors: dict[str, str], field: str, value: Any, limit: tuple[int, int]) -> None:
    low, high = limit
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[field] = tr("setup.error.range", low=low, high=high)


def _check_library(values: dict[str, Any], errors: dict[str, str]) -> None:
    if "library_name" in values:
        name = str(values["library_name"]).strip()
        if not name:
            errors["library_name"] = tr("setup.error.name_required")
        elif len(name) > 120:
            errors["library_name"] = tr("setup.error.too_long", limit=120)
    email = str(values.get("library_email", "")).strip()
    if email and not _EMAIL.match(email):
        errors["library_email"] = tr("setup.error.email")
    phone = str(values.get("library_phone", "")).strip()
    if phone and not _PHONE.match(phone):
        errors["library_phone"] = tr("setup.error.phone")
    logo = str(values.get("logo_path", "")).strip()
    if logo and (not Path(logo).is_file() or Path(logo).suffix.lower() not in LOGO_SUFFIXES):
        errors["logo_path"] = tr("setup.error.logo")
    folder = str(values.get("backup_folder", "")).strip()
    if folder and not Path(folder).is_dir():
        errors["backup_folder"] = tr("setup.error.folder")


def _check_calendar(values: dict[str, Any], errors: dict[str, str]) -> None:
    closed = values.get("closed_weekdays")
    if closed is not None:
        if not isinstance(closed, list) or any(day not in WEEKDAYS for day in closed):
            errors["closed_weekdays"] = tr("setup.error.weekdays")
        elif len(set(closed)) == len(WEEKDAYS):
            errors["closed_weekdays"] = tr("setup.error.never_open")
    hours = values.get("opening_hours")
    if hours is not None:
        closed_days = set(closed) if isinstance(closed, list) else set(
            settings.get("closed_weekdays"))
        for day in WEEKDAYS:
            if day in closed_days:
                continue
            text = hours.get(str(day), "")
            if parse_hours(text) is None:
                errors[f"opening_hours.{day}"] = tr("setup.error.hours")


def _check_loans(values: dict[str, Any], errors: dict[str, str]) -> None:
    loan_days = values.get("loan_days")
    if loan_days is not None:
        for kind in DOCUMENT_TYPES:
            _number(errors, f"loan_days.{kind}", loan_days.get(kind), LIMITS["loan_days"])
    for key in ("renewals_allowed", "max_loans", "hold_keep_days", "anonymize_after_days",
                "backup_warn_days"):
        if key in values:
            _number(errors, key, values[key], LIMITS[key])


def _check_look(values: dict[str, Any], errors: dict[str, str]) -> None:
    if "language" in values and values["language"] not in LANGUAGES:
        errors["language"] = tr("setup.error.choice")
    if "label_layout" in values and values["label_layout"] not in LABEL_LAYOUTS:
        errors["label_layout"] = tr("setup.error.choice")
    if "font_size" in values:
        _number(errors, "font_size", values["font_size"], (FONT_SIZES[0], FONT_SIZES[-1]))
    if len(str(values.get("reminder_text", ""))) > 2000:
        errors["reminder_text"] = tr("setup.error.too_long", limit=2000)


def validate(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with `values`: field name -> message; empty when all is right."""
    unknown = sorted(set(values) - set(settings.DEFAULTS))
    if unknown:
        raise KeyError(f"unknown settings: {unknown}")
    errors: dict[str, str] = {}
    _check_library(values, errors)
    _check_calendar(values, errors)
    _check_loans(values, errors)
    _check_look(values, errors)
    lookup_servers.check_setting(values, errors)
    return errors


def normalized(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed texts, sorted closed days, hours as `HH:MM-HH:MM` for the open days only."""
    result = {key: value.strip() if isinstance(value, str) and key != "reminder_text" else value
              for key, value in values.items()}
    if "closed_weekdays" in result:
        result["closed_weekdays"] = sorted(set(result["closed_weekdays"]))
    if "opening_hours" in result:
        closed = set(result.get("closed_weekdays", settings.get("closed_weekdays")))
        result["opening_hours"] = {
            str(day): format_hours(*parse_hours(result["opening_hours"][str(day)]))
            for day in WEEKDAYS if day not in closed}
    return result


def save(*, values: dict[str, Any]) -> None:
    """Store the settings in one transaction, or raise `SettingsInvalid` and store nothing."""
    errors = validate(values)
    if errors:
        raise SettingsInvalid(errors)
    settings.update(**normalized(values))
