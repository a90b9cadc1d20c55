"""The readers' CSV file (DESIGN 4): decoding, the header, rows with their line numbers.

A file comes from Excel or another library system: UTF-8 with or without a BOM, or
Windows-1257 (the Baltic code page of older Windows), separated by `,` or `;`. This module
only reads and writes text; the patrons service checks the values and stores them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from rozupe_desk.errors import InvalidInput
from rozupe_desk.formats import cells

COLUMNS = ("card_number", "first_name", "last_name", "birth_date", "phone", "email",
           "address", "registered_on", "guardian_card")
REQUIRED = ("first_name", "last_name")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line in the file where the row ends; the header is line 1
    values: dict[str, str]


def decode(data: bytes) -> str:
    """The text of the file: UTF-8 (BOM allowed) first, else Windows-1257."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1257")
    except UnicodeDecodeError as error:
        raise InvalidInput("patrons.csv.encoding") from error


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _column_name(raw: str) -> str:
    return raw.strip().strip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def parse(data: bytes) -> list[CsvRow]:
    """Every data row of the file with its values by column name (unknown columns kept out).

    Raises `InvalidInput` naming the line for a file that is not a readers' CSV.
    """
    text = decode(data)
    if "\x00" in text:
        raise InvalidInput("patrons.csv.binary")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidInput("patrons.csv.no_header")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        header = [_column_name(name) for name in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise InvalidInput("patrons.csv.missing_column", column=", ".join(missing))
        positions = {name: header.index(name) for name in COLUMNS if name in header}
        rows = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue  # blank lines, a trailing ";;;;" row from Excel
            values = {name: (cells.unguarded(record[i].strip()) if i < len(record) else "")
                      for name, i in positions.items()}
            rows.append(CsvRow(reader.line_num, values))
    except csv.Error as error:
        raise InvalidInput("patrons.csv.malformed", line=reader.line_num,
                           reason=str(error)) from error
    return rows


def write(rows: Iterable[dict[str, object]], handle: io.TextIOBase) -> int:
    """Write readers as CSV (the same columns the import reads); returns the row count.

    `;` separates, as Excel does in the Latvian locale; the caller opens the file as
    UTF-8 with a BOM so Excel recognises the encoding.
    """
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    phone = frozenset({COLUMNS.index("phone")})
    count = 0
    for row in rows:
        writer.writerow(cells.csv_row(["" if row.get(name) is None else row[name]
                                       for name in COLUMNS], phone_columns=phone))
        count += 1
    return count
