"""Text cells for spreadsheets: what a reader's name or the library's name may hold must
never become a formula in Excel or LibreOffice (OWASP "CSV injection").

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula
to a spreadsheet program (`=HYPERLINK(…)`, `+1+cmd|…`, `@SUM(…)`). In CSV such a cell gets
a leading `'`, which the spreadsheet shows as text and our own imports take off again; a
phone number typed with its `+` (`+371 29123456`) stays as it is in a phone column, as it
cannot be a formula. In XLSX the text is stored as text, marked to stay text when edited
(`quotePrefix`), so nothing is added to what the librarian sees. Control characters that
the formats cannot hold (NUL and the like) are left out.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{5,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """`text` without the control characters no spreadsheet file can hold."""
    return _CONTROL.sub("", text)


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_cell(value: object, *, phone: bool = False) -> object:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets `'`."""
    if not isinstance(value, str):
        return value
    text = clean(value)
    if is_formula(text) and not (phone and _PHONE.fullmatch(text)):
        return GUARD + text
    return text


def csv_row(values: list[object], *, phone_columns: frozenset[int] = frozenset()) -> list:
    return [csv_cell(value, phone=index in phone_columns) for index, value in enumerate(values)]


def unguarded(text: str) -> str:
    """A cell read back from our own CSV: the `'` that guarded a formula-like text is
    taken off (a text that merely starts with `'` keeps it)."""
    if text.startswith(GUARD) and is_formula(text[1:]):
        return text[1:]
    return text


def set_xlsx_cell(cell, value: object) -> None:
    """Put `value` into an openpyxl cell: numbers as numbers, text always as text."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = clean(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    if is_formula(text):
        cell.quotePrefix = True  # and it stays text when edited in Excel
