"""Dates as the librarian reads and types them: 04.05.2016 (day, month, year).

Files and the command line keep ISO dates (YYYY-MM-DD); whatever the window shows goes
through `numeric_date`, and what she types is read back by the services' date parsers,
which take both forms.
"""

from __future__ import annotations

from datetime import date, datetime


def numeric_date(value: date | datetime | str | None) -> str:
    """`04.05.2016` for a date, a datetime or an ISO text; '' for none; other text as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value:%d.%m.%Y}"
