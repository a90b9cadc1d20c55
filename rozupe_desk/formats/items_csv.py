"""The items CSV (DESIGN 4): one row per copy, with its title's fields on the same row.

UTF-8 (with or without BOM) or Windows-1257, `,` or `;` separated, a header row with
`barcode, isbn, title, authors, publisher, year, language, document_type, udc, audience,
acquired_on, price, source, shelf, heritage` (unknown columns are ignored). Rows of the same
title (same ISBN, or the same title, authors and year) become one title with several copies;
a row without a barcode is a title without copies. Rows are checked by the import, one by
one: a bad row is refused alone, with its line number.
"""

from __future__ import annotations

import csv
import io

from rozupe_desk.errors import InvalidInput
from rozupe_desk.formats.records import CopyRecord, TitleRecord
from rozupe_desk.i18n import tr

COLUMNS = ("barcode", "isbn", "title", "authors", "publisher", "year", "language",
           "document_type", "udc", "audience", "acquired_on", "price", "source", "shelf",
           "heritage")
TITLE_COLUMNS = ("isbn", "title", "authors", "publisher", "year", "language",
                 "document_type", "udc", "audience", "heritage")


def decode(data: bytes) -> str:
    """UTF-8 (BOM allowed) or, when that fails, Windows-1257 (the Baltic code page)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1257", errors="strict")


def read(data: bytes) -> list[TitleRecord]:
    try:
        text = decode(data)
    except UnicodeDecodeError as error:
        raise InvalidInput("items_csv.encoding") from error
    if "\x00" in text:
        raise InvalidInput("items_csv.encoding")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise InvalidInput("items_csv.malformed", reason=str(error)) from error
    if not rows:
        raise InvalidInput("items_csv.empty")
    header = [name.strip().lower() for name in rows[0]]
    if "title" not in header:
        raise InvalidInput("items_csv.no_title_column")
    titles: dict[tuple, TitleRecord] = {}
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise InvalidInput("items_csv.too_many_cells", line=line_no)
        row = {name: cell.strip() for name, cell in zip(header, cells, strict=False)
               if name in COLUMNS}
        where = tr("items_csv.where", line=line_no)  # a row without title is refused later
        fields = {name: row.get(name, "") for name in TITLE_COLUMNS}
        key = (("isbn", fields["isbn"].replace("-", "")) if fields["isbn"] else
               ("title", fields["title"], fields["authors"], fields["year"]))
        record = titles.get(key)
        if record is None:
            record = titles[key] = TitleRecord(where=where, fields=fields)
        if row.get("barcode"):
            record.copies.append(CopyRecord(
                barcode=row["barcode"], acquired_on=row.get("acquired_on", ""),
                price=row.get("price", ""), shelf=row.get("shelf", ""),
                source=row.get("source", "")))
    if not titles:
        raise InvalidInput("items_csv.empty")
    return list(titles.values())
