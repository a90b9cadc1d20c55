"""Importing titles and copies (MARC21, MARCXML, CSV) and exporting the catalogue as MARC21
or MARCXML.

An import accounts for every record of the file: each is imported, found already in the
catalogue, merged with an earlier record of the file (same 001+003, or same ISBN and title:
see `catalog_plan`), attached as holdings, or refused alone with its number and the reason.
The good records go in in one transaction; the refused ones are written beside the file as
`<name>.rejected.mrc` (`.xml` for MARCXML) with a text list `<name>.rejected.txt`, to fix and
import again. `strict=True` keeps the old all-or-nothing: any refusal imports nothing.
The same file imported twice adds nothing the second time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.errors import InvalidInput, NotFound
from rozupe_desk.files import written_whole
from rozupe_desk.formats import items_csv, marc, marcxml
from rozupe_desk.formats.records import Refusal, TitleRecord
from rozupe_desk.i18n import tr
from rozupe_desk.services.branches import branches
from rozupe_desk.services.branches.branches import desk_branch_id, list_branches
from rozupe_desk.services.collection import catalog_plan
from rozupe_desk.services.collection.catalog_plan import Plan, Planned
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import marks

Progress = Callable[[float], None]
IMPORT_CACHE_KIB = -512_000  # negative: KiB, so 500 MB at most, released afterwards
TITLE_COLUMNS = ("isbn", "issn", "title", "authors", "publisher", "year", "language",
                 "document_type", "udc", "audience", "heritage", "subjects", "search_text",
                 "record_key", "marc", "created_at")
ITEM_COLUMNS = ("barcode", "title_id", "acquired_on", "source", "price_cents", "shelf",
                "status", "status_changed_on", "discarded_on", "notes", "created_at", "branch_id")
SHOWN_REFUSALS = 20  # the summary names the first ones; the list beside the file has all


@dataclass
class ImportSummary:
    """What became of every record of the file; found = the sum of the five outcomes."""

    found: int = 0
    titles_added: int = 0  # imported as new titles
    titles_matched: int = 0  # already in the catalogue
    merged: int = 0  # joined an earlier record of the file
    holdings: int = 0  # MARC holdings records attached to their title
    refused: int = 0
    copies_added: int = 0
    copies_skipped: int = 0  # barcodes already in the catalogue
    without_copies: int = 0  # new titles with no copy (no usable barcode)
    refusals: list[str] = field(default_factory=list)  # "ieraksts 5 (001 …): reason"
    notes: list[str] = field(default_factory=list)  # merges and warnings, per record
    rejected_records: str = ""  # the file the refused records were written to
    rejected_list: str = ""

    def text(self) -> str:
        """The counts in words."""
        return tr("marc.summary", found=self.found, imported=self.titles_added,
                  already=self.titles_matched, merged=self.merged, holdings=self.holdings,
                  refused=self.refused, copies_added=self.copies_added,
                  copies_skipped=self.copies_skipped, without_copies=self.without_copies)


@dataclass
class _Read:
    found: int
    records: list[TitleRecord]
    refused: list[Refusal]
    xml: bool = False
    marc: bool = True


def _read(path: Path, data: bytes, progress: Progress, cancel: threading.Event | None
          ) -> _Read:
    """The records of an items file, chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = items_csv.read(data)
        return _Read(len(records), records, [], marc=False)
    if suffix in (".xml", ".marcxml", ".mrc", ".marc", ".iso", ".dat"):
        xml = suffix in (".xml", ".marcxml")
        found = marc.read(data, xml=xml, progress=progress, cancel=cancel)
        return _Read(found.found, found.records, found.refused, xml=xml)
    raise InvalidInput("catalog.unknown_format", name=path.name)


def import_items(*, path: str | Path, strict: bool = False, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> ImportSummary:
    """Import every good record of the file and refuse the bad ones alone (or, `strict`,
    nothing when any is refused); DomainError only when the file as a whole is unreadable."""
    path = Path(path)
    report = progress or (lambda _fraction: None)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFound("catalog.file_unreadable", name=str(path), reason=error.strerror or ""
                       ) from error
    read = _read(path, data, report, cancel)
    report(0.5)
    planned = catalog_plan.plan(read.records, read.refused)
    _check_cancel(cancel)
    report(0.6)
    summary = ImportSummary(found=read.found)
    _describe(summary, planned)
    if planned.refused:
        _write_rejected(path, read, planned.refused, summary)
    if strict and planned.refused:
        raise InvalidInput("marc.strict_refused", count=len(planned.refused),
                           first=summary.refusals[0])
    with _big_cache(), database.atomic():
        _write(planned, summary, cancel, lambda fraction: report(0.6 + 0.4 * fraction))
        audit.record("items.import", entity="title", file=path.name, found=summary.found,
                     titles_added=summary.titles_added, titles_matched=summary.titles_matched,
                     merged=summary.merged, holdings=summary.holdings,
                     refused=summary.refused, copies_added=summary.copies_added,
                     copies_skipped=summary.copies_skipped)
    report(1.0)
    return summary


def refusal_line(refusal: Refusal) -> str:
    control = tr("marc.refusal_control", control=refusal.control) if refusal.control else ""
    title = tr("marc.refusal_title", title=refusal.title[:60]) if refusal.title else ""
    return tr("marc.refusal", where=refusal.where, control=control, title=title,
              reason=refusal.reason)


def _describe(summary: ImportSummary, planned: Plan) -> None:
    summary.refused = len(planned.refused)
    planned.refused.sort(key=lambda r: r.number)
    summary.refusals = [refusal_line(r) for r in planned.refused]
    notes = [*planned.notes, *((p.record, text) for p in planned.planned
                               for text in p.record.notes)]
    summary.notes = [tr("marc.note_line", where=catalog_plan.where(record), text=text)
                     for record, text in sorted(notes, key=lambda n: n[0].number)]
    summary.holdings = planned.holdings


def _write_rejected(path: Path, read: _Read, refused: list[Refusal],
                    summary: ImportSummary) -> None:
    """The refused records beside the file, as they came, and their list in words."""
    listing = path.with_name(f"{path.stem}.rejected.txt")
    try:
        if read.marc:
            records = path.with_name(f"{path.stem}.rejected.{'xml' if read.xml else 'mrc'}")
            body = b"".join(r.raw for r in refused if r.raw)
            with written_whole(records) as temporary:
                temporary.write_bytes(
                    b'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="'
                    + marcxml.NAMESPACE.encode() + b'">\n' + body + b"</collection>\n"
                    if read.xml else body)
            summary.rejected_records = str(records)
        with written_whole(listing) as temporary:
            temporary.write_text("\n".join(summary.refusals) + "\n", encoding="utf-8")
        summary.rejected_list = str(listing)
    except OSError as error:
        summary.notes.insert(0, tr("marc.rejected_unwritable", reason=error.strerror or ""))


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


def _write(planned: Plan, summary: ImportSummary, cancel: threading.Event | None,
           progress: Progress) -> None:
    cursor = database.cursor()
    now = datetime.now().isoformat(sep=" ", timespec="seconds")
    server = is_postgresql()
    title_sql = marks(f"INSERT INTO title ({', '.join(TITLE_COLUMNS)}) "
                      f"VALUES ({', '.join('?' * len(TITLE_COLUMNS))})"
                      + (" RETURNING id" if server else ""))
    existing_barcodes = {row[0] for row in catalog_plan.lookup(
        "SELECT barcode, title_id FROM item WHERE barcode IN ({marks})",
        [c.barcode for p in planned.planned for c, _ in (*p.copies, *p.extra_copies)])}
    item_rows = []
    # A copy whose file names a branch of this library (952 $a) is that branch's; any other
    # is the importing desk's.
    branch_ids, here = {b.code: b.id for b in list_branches()}, desk_branch_id()
    owners = [p for p in planned.planned if p.merged_into is None]
    members: dict[int, list[Planned]] = {}
    for plan in planned.planned:
        if plan.merged_into is not None:
            members.setdefault(id(plan.merged_into), []).append(plan)
            summary.merged += 1
    for number, owner in enumerate(owners):
        if number % 5000 == 0:
            _check_cancel(cancel)
            progress(number / max(len(owners), 1))
        group = [owner, *members.get(id(owner), ())]
        copies = [c for p in group for c in (*p.copies, *p.extra_copies)]
        new = {c.barcode for c, _ in copies if c.barcode not in existing_barcodes}
        donors = [d.marc for d in owner.donors]  # merged records and holdings records
        if owner.title_id is None:
            columns = owner.title.columns()
            cursor.execute(title_sql, (
                *[columns[c] for c in TITLE_COLUMNS[:-3]], owner.key,
                marc.with_holdings(owner.record.marc, donors, new), now))
            owner.title_id = cursor.fetchone()[0] if server else cursor.lastrowid
            summary.titles_added += 1
            summary.without_copies += not copies
        else:
            if not owner.holdings_only:
                summary.titles_matched += 1
            _keep_holdings(owner.title_id, [owner.record.marc, *donors], new)
        for copy, status in copies:
            if copy.barcode not in new:
                summary.copies_skipped += 1
                continue
            new.discard(copy.barcode)  # the same record twice in the file: one copy
            acquired = copy.acquired_on.isoformat() if copy.acquired_on else None
            changed = None if status == "available" else now[:10]
            item_rows.append((
                copy.barcode, owner.title_id, acquired, copy.source, copy.price_cents,
                copy.shelf, status, changed, changed if status == "discarded" else None,
                copy.notes, now, branch_ids.get(copy.branch_code, here)))
    cursor.executemany(
        marks(f"INSERT INTO item ({', '.join(ITEM_COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(ITEM_COLUMNS))})"), item_rows)
    summary.copies_added = len(item_rows)


def _keep_holdings(title_id: int, sources: list[bytes | None], barcodes: set[str]) -> None:
    """New copies of a title already in the catalogue: their holdings fields join its kept
    record, so the export gives them back as they came."""
    if not barcodes or not any(sources):
        return
    row = database.execute_sql("SELECT marc FROM title WHERE id = ?", (title_id,)).fetchone()
    if not row or row[0] is None:
        return
    updated = marc.with_holdings(bytes(row[0]), sources, barcodes)
    if updated != bytes(row[0]):
        database.execute_sql("UPDATE title SET marc = ? WHERE id = ?", (updated, title_id))


# -- export ---------------------------------------------------------------------------------
def export_items(*, path: str | Path, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> int:
    """Write every title with all its copies as MARC21 (MARCXML when the name ends in
    `.xml`); returns the number of records.

    Written to a temporary file first and renamed at the end, so a cancelled or failed
    export never leaves half a file under the chosen name."""
    path = Path(path)
    report = progress or (lambda _fraction: None)
    total = max(database.execute_sql("SELECT count(*) FROM title").fetchone()[0], 1)
    as_xml = path.suffix.lower() == ".xml"

    def records():
        for count, (title, copies) in enumerate(_titles_with_copies()):
            if count % 2000 == 0:
                if cancel is not None and cancel.is_set():
                    raise InvalidInput("catalog.export_cancelled")
                report(count / total)
            yield marc.build_record(title, copies)

    try:
        with written_whole(path) as temporary, temporary.open("wb") as handle:
            if as_xml:
                count = marcxml.write(handle, records())
            else:
                count = 0
                for record in records():
                    handle.write(record.as_marc())
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
    # The branch code goes into the copies' 952 only in a library of several branches.
    several = branches.several_branches()
    branch_code = "b.code" if several else "''"
    items.execute("SELECT i.title_id, i.barcode, i.acquired_on, i.price_cents, i.shelf,"
                  f" i.status, {branch_code} AS branch_code"
                  " FROM item i LEFT JOIN branch b ON b.id = i.branch_id"
                  " ORDER BY i.title_id, i.id")
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
