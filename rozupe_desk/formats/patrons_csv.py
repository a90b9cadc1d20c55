"""The readers' CSV file (DESIGN 4): decoding, the header, rows with their line numbers.

A file comes from Excel, LibreOffice or another library system as it saved it: UTF-8 with or
without a BOM, Windows-1257 (the Baltic code page of older Windows), or UTF-16 with a BOM
(Excel's "Unicode text", TAB separated); separated by `,`, `;` or TAB. The header may use the
contract's names or the Latvian ones a librarian types (`Kartes numurs`, `Vārds`, `Uzvārds`,
…), in any case and with or without diacritics. Dates come as `YYYY-MM-DD`, `dd.mm.yyyy` or
the serial numbers Excel shows for a date cell without a date format; they are handed on as
`YYYY-MM-DD`. This module only reads and writes text; the patrons service checks the values
and stores them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from rozupe_desk.errors import InvalidInput
from rozupe_desk.formats import cells
from rozupe_desk.text import fold

COLUMNS = ("card_number", "first_name", "last_name", "birth_date", "phone", "email",
           "address", "registered_on", "guardian_card")
REQUIRED = ("first_name", "last_name")
DATE_COLUMNS = ("birth_date", "registered_on")
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What else a column is called, folded (lower case, no diacritics, letters and digits only):
# Latvian as librarians write it, and Koha's patron import names.
SYNONYMS = {
    "card_number": ("kartesnumurs", "kartesnr", "karte", "lasitajakarte", "lasitajakartesnumurs",
                    "lasitajanumurs", "cardnumber", "card"),
    "first_name": ("vards", "firstname", "givenname"),
    "last_name": ("uzvards", "lastname", "surname", "familyname"),
    "birth_date": ("dzimsanasdatums", "dzimsanasgads", "dzimis", "dzimusi", "dzimsanasdat",
                   "birthdate", "dateofbirth", "birthyear", "dob"),
    "phone": ("talrunis", "talr", "telefons", "tel", "telefonanumurs", "mobilais", "phone",
              "telephone", "mobile"),
    "email": ("epasts", "epastaadrese", "email", "mail"),
    "address": ("adrese", "dzivesvieta", "address"),
    "registered_on": ("registrets", "registreta", "registracijasdatums", "registresanasdatums",
                      "registrejies", "registered", "registeredon", "dateenrolled"),
    "guardian_card": ("aizbildnakarte", "aizbildnakartesnumurs", "aizbildnis", "vecakakarte",
                      "guardiancard", "guardian"),
}
_COLUMN_OF = {key: name for name in COLUMNS for key in (fold(name).replace("_", ""),
                                                       *SYNONYMS[name])}
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts 1900 as a leap year)
_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")  # 10000 is 1927-05-18, 99999 in 2173
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line in the file where the row ends; the header is line 1
    values: dict[str, str]


def decode(data: bytes) -> str:
    """The text of the file: UTF-16 or UTF-8 by their BOM, UTF-8, else Windows-1257."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InvalidInput("patrons.csv.encoding") from error
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
    return max((";", ",", "\t"), key=header_line.count) if header_line.strip() else ","


def _header_key(raw: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(raw.strip().strip("\ufeff")))


def column_name(raw: str) -> str:
    """The contract's name of a header cell, or its folded text when it is none of ours."""
    key = _header_key(raw)
    return _COLUMN_OF.get(key, key)


def _positions(header_cells: list[str]) -> dict[str, int]:
    """Where each of our columns is: the contract's own name before a synonym (a sheet may
    keep a Latvian `Vārds` beside `first_name`), else the first synonym."""
    names = [column_name(cell) for cell in header_cells]
    exact = [_header_key(cell) == name.replace("_", "") for cell, name in
             zip(header_cells, names, strict=True)]
    positions = {}
    for name in COLUMNS:
        found = [i for i, found_name in enumerate(names) if found_name == name]
        if found:
            positions[name] = next((i for i in found if exact[i]), found[0])
    return positions


def date_text(value: str) -> str:
    """`YYYY-MM-DD` for a date written the ISO way, the Latvian way or as an Excel serial
    number; anything else unchanged, for the service to judge (a year of birth, a typo)."""
    if match := _SERIAL.match(value):
        return (EXCEL_EPOCH + timedelta(days=int(match.group(1)))).isoformat()
    if match := _ISO.match(value):
        year, month, day = match.groups()
    elif match := _DOTTED.match(value):
        day, month, year = match.groups()
    else:
        return value
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return value  # no such day: the service says so in its own words


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

    def numbered() -> Iterator[tuple[int, list[str]]]:
        try:
            for record in reader:
                yield reader.line_num, record
        except csv.Error as error:
            raise InvalidInput("patrons.csv.malformed", line=reader.line_num,
                               reason=str(error)) from error

    return table_rows(numbered())


def table_rows(records: Iterator[tuple[int, list[str]]]) -> list[CsvRow]:
    """The rows of a table whose first record is the header, as (line, cells) - from a
    CSV file or a spreadsheet - with their values by column name."""
    try:
        _line, header_cells = next(records)
    except StopIteration as error:
        raise InvalidInput("patrons.csv.no_header") from error
    positions = _positions(header_cells)
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise InvalidInput("patrons.csv.missing_column", column=", ".join(missing))
    rows = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue  # blank lines, a trailing ";;;;" row from Excel
        values = {name: (cells.unguarded(record[i].strip()) if i < len(record) else "")
                  for name, i in positions.items()}
        for name in DATE_COLUMNS:
            if values.get(name):
                values[name] = date_text(values[name])
        rows.append(CsvRow(line, values))
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
