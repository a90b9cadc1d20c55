"""Date and date-time fields that the keyboard walks like any other field.

Qt's own fields take Tab to step through their sections (day, month, year, hour, minute),
so a librarian tabbing to the next field lands in the same field five times and types the
next field's text elsewhere. Here Tab leaves the field; the sections are reached by typing
(the separators move on) or with the arrow keys.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget


class DateTimeField(QDateTimeEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateField(QDateEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def date_time_field(parent: QWidget, name: str, display_format: str) -> DateTimeField:
    """A field with a calendar to pick from, in `display_format` (dd.MM.yyyy HH:mm)."""
    field = DateTimeField(parent)
    field.setObjectName(name)
    field.setCalendarPopup(True)
    field.setDisplayFormat(display_format)
    return field
