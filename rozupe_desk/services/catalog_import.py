"""Importing titles and copies (MARC21, MARCXML, CSV) and exporting the catalogue as MARC21.

An import reads and checks the whole file first and then writes everything in one
transaction, so a bad record means nothing is imported. A title already in the catalogue
(same ISBN, or holding one of the record's barcodes) is matched, not duplicated, so the same
file imported twice adds nothing the second time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.errors import Conflict, DomainError, InvalidInput, NotFound
from rozupe_desk.files import written_whole
from rozupe_desk.formats import items_csv, marc
from rozupe_desk.formats.records import TitleRecord
from rozupe_desk.services import audit
from rozupe_desk.services.catalog import CopyValues, TitleValues, clean_copy, clean_title
from rozupe_desk.services.sql import marks

Progress = Callable[[float], None]
IMPORT_CACHE_KIB = -512_000  # negative: KiB, so 500 MB at most, released afterwards
_CHUNK = 500  # SQLite allows 999 parameters in older builds
TITLE_COLUMNS = ("isbn", "issn", "title", "authors", "publisher", "year", "language",
                 "document_type", "udc", "audience", "heritage", "subjects", "search_text",
                 "marc", "created_at")
ITEM_COLUMNS = ("barcode", "title_id", "acquired_on", "source", "price_cents", "shelf",
                "status", "status_changed_on", "discarded_on", "notes", "created_at")


@dataclass
class ImportSummary:
    titles_added: int = 0
    titles_matched: int = 0
    copies_added: int = 0
    copies_skipped: int = 0


@dataclass
class _Planned:
    record: TitleRecord
    title: TitleValues
    copies: list[tuple[CopyValues, str]]
    title_id: int | None = None  # an existing title to add the copies to
    merged_into: _Planned | None = None  # an earlier record of the file with the same ISBN


def read_file(path: Path, data: bytes, *, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> list[TitleRecord]:
    """The records of an items file, chosen by its extension (or its first byte)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return items_csv.read(data)
    if suffix in (".xml", ".marcxml"):
        return marc.read(data, xml=True, progress=progress, cancel=cancel)
    if suffix in (".mrc", ".marc", ".iso", ".dat"):
        return marc.read(data, xml=False, progress=progress, cancel=cancel)
    raise InvalidInput("catalog.unknown_format", name=path.name)


def import_items(*, path: str | Path, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> ImportSummary:
    """Import every title and copy of the file, or nothing (DomainError says why)."""
    path = Path(path)
    report = progress or (lambda _fraction: None)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFound("catalog.file_unreadable", name=str(path), reason=error.strerror or ""
                       ) from error
    records = read_file(path, data, progress=report, cancel=cancel)
    report(0.5)
    planned = _validate(records)
    _check_cancel(cancel)
    report(0.6)
    with _big_cache(), database.atomic():
        summary = _write(planned, cancel, lambda fraction: report(0.6 + 0.4 * fraction))
        audit.record("items.import", entity="title", file=path.name, **vars(summary))
    report(1.0)
    return summary


@contextmanager
def _big_cache():
    """A bigger page cache while a bulk import touches the title, item and search indexes
    all over a large file (the usual 64 MB makes it re-read the same pages)."""
    if not isinstance(database.obj, SqliteDatabase):
        yield
        return
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise InvalidInput("catalog.import_cancelled")


def _validate(records: list[TitleRecord]) -> list[_Planned]:
    planned: list[_Planned] = []
    seen_barcodes: dict[str, str] = {}
    by_isbn: dict[str, _Planned] = {}
    for record in records:
        try:
            title = clean_title(record.fields)
            copies = []
            for copy in record.copies:
                clean = clean_copy({"barcode": copy.barcode, "acquired_on": copy.acquired_on,
                                    "price": copy.price, "shelf": copy.shelf,
                                    "source": copy.source or "purchase"})
                copies.append((clean, copy.status))
        except DomainError as error:
            raise InvalidInput("catalog.import_invalid", where=record.where, reason=str(error)
                               ) from error
        for clean, _status in copies:
            if clean.barcode in seen_barcodes:
                raise InvalidInput("catalog.import_duplicate_barcode", where=record.where,
                                   barcode=clean.barcode, first=seen_barcodes[clean.barcode])
            seen_barcodes[clean.barcode] = record.where
        plan = _Planned(record=record, title=title, copies=copies)
        if title.isbn and title.isbn in by_isbn:
            plan.merged_into = by_isbn[title.isbn]
        elif title.isbn:
            by_isbn[title.isbn] = plan
        planned.append(plan)
    _match_existing(planned, by_isbn, seen_barcodes)
    return planned


def _lookup(sql: str, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.update(database.execute_sql(sql.format(marks=marks), chunk).fetchall())
    return found


def _match_existing(planned: list[_Planned], by_isbn: dict[str, _Planned],
                    barcodes: dict[str, str]) -> None:
    """Point records at titles already in the catalogue; refuse barcodes of other titles."""
    # `isbn <> ''` lets SQLite use the partial index title_isbn instead of scanning titles.
    isbn_ids = _lookup("SELECT isbn, min(id) FROM title WHERE isbn IN ({marks}) AND isbn <> ''"
                       " GROUP BY isbn",
                       list(by_isbn))
    barcode_ids = _lookup("SELECT barcode, title_id FROM item WHERE barcode IN ({marks})",
                          list(barcodes))
    for plan in planned:
        owner = plan.merged_into or plan
        if owner.title_id is None:
            owner.title_id = isbn_ids.get(owner.title.isbn) if owner.title.isbn else None
        if owner.title_id is None and not owner.title.isbn:
            owner.title_id = next((barcode_ids[c.barcode] for c, _ in plan.copies
                                   if c.barcode in barcode_ids), None)
        if owner.title_id is None and not owner.title.isbn:
            owner.title_id = _same_description(owner.title)
        for copy, _status in plan.copies:
            holder = barcode_ids.get(copy.barcode)
            if holder is not None and holder != owner.title_id:
                raise Conflict("catalog.import_barcode_taken", where=plan.record.where,
                               barcode=copy.barcode)


def _same_description(title: TitleValues) -> int | None:
    """A title without ISBN is the same title when its name, authors and year agree."""
    row = database.execute_sql(
        "SELECT min(id) FROM title WHERE title = ? AND authors = ? AND year IS NOT DISTINCT FROM ? "
        "AND isbn = ''", (title.title, title.authors, title.year)).fetchone()
    return row[0] if row else None


def _write(planned: list[_Planned], cancel: threading.Event | None,
           progress: Progress) -> ImportSummary:
    summary = ImportSummary()
    cursor = database.cursor()
    now = datetime.now().isoformat(sep=" ", timespec="seconds")
    server = is_postgresql()
    title_sql = marks(f"INSERT INTO title ({', '.join(TITLE_COLUMNS)}) "
                      f"VALUES ({', '.join('?' * len(TITLE_COLUMNS))})"
                      + (" RETURNING id" if server else ""))
    existing_barcodes = set(_lookup(
        "SELECT barcode, title_id FROM item WHERE barcode IN ({marks})",
        [c.barcode for plan in planned for c, _ in plan.copies]))
    item_rows = []
    for number, plan in enumerate(planned):
        if number % 5000 == 0:
            _check_cancel(cancel)
            progress(number / len(planned))
        owner = plan.merged_into or plan
        if owner.title_id is None:
            columns = owner.title.columns()
            cursor.execute(title_sql, (*[columns[c] for c in TITLE_COLUMNS[:-2]],
                                       owner.record.marc, now))
            owner.title_id = cursor.fetchone()[0] if server else cursor.lastrowid
            summary.titles_added += 1
        elif plan.merged_into is None:
            summary.titles_matched += 1
        for copy, status in plan.copies:
            if copy.barcode in existing_barcodes:
                summary.copies_skipped += 1
                continue
            acquired = copy.acquired_on.isoformat() if copy.acquired_on else None
            changed = None if status == "available" else now[:10]
            item_rows.append((
                copy.barcode, owner.title_id, acquired, copy.source, copy.price_cents,
                copy.shelf, status, changed, changed if status == "discarded" else None,
                copy.notes, now))
    cursor.executemany(
        marks(f"INSERT INTO item ({', '.join(ITEM_COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(ITEM_COLUMNS))})"), item_rows)
    summary.copies_added = len(item_rows)
    return summary


# -- export ---------------------------------------------------------------------------------
def export_items(*, path: str | Path, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> int:
    """Write every title with all its copies as MARC21; returns the number of records.

    Written to a temporary file first and renamed at the end, so a cancelled or failed
    export never leaves half a file under the chosen name."""
    path = Path(path)
    report = progress or (lambda _fraction: None)
    total = max(database.execute_sql("SELECT count(*) FROM title").fetchone()[0], 1)
    count = 0
    try:
        with written_whole(path) as temporary, temporary.open("wb") as handle:
            for title, copies in _titles_with_copies():
                if count % 2000 == 0:
                    if cancel is not None and cancel.is_set():
                        raise InvalidInput("catalog.export_cancelled")
                    report(count / total)
                handle.write(marc.build_record(title, copies).as_marc())
                count += 1
    except OSError as error:
        raise InvalidInput("catalog.file_unwritable", name=str(path),
                           reason=error.strerror or "") from error
    report(1.0)
    return count


def _titles_with_copies():
    """(title, copies) pairs in id order, streamed with two cursors merged side by side."""
    titles = database.execute_sql(
        "SELECT id, isbn, issn, title, authors, publisher, year, language, document_type, "
        "udc, audience, subjects, marc FROM title ORDER BY id")
    title_names = [d[0] for d in titles.description]
    items = database.cursor()
    items.execute("SELECT title_id, barcode, acquired_on, price_cents, shelf, status "
                  "FROM item ORDER BY title_id, id")
    item_names = [d[0] for d in items.description]
    pending = items.fetchone()
    for row in titles:
        title = dict(zip(title_names, row, strict=True))
        copies = []
        while pending is not None and pending[0] <= title["id"]:
            if pending[0] == title["id"]:
                copies.append(dict(zip(item_names, pending, strict=True)))
            pending = items.fetchone()
        yield title, copies
