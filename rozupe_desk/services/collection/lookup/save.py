"""Importing the picked candidate: the server's record as it came (001 and 003 kept, so a
later import of the same record is matched, not duplicated), with this library's copy
(barcode and call number) in 952 instead of any holdings the other library left in it.

The record goes through the catalogue's own MARC import (`catalog_import.import_items`),
so a title is matched exactly as a file import matches it; the look-up adds its own line
to the audit log in the same transaction.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Item, Title
from rozupe_desk.errors import Conflict, InvalidInput
from rozupe_desk.formats import marc
from rozupe_desk.services.collection import catalog, catalog_import
from rozupe_desk.services.collection.lookup.query import normal_isbn
from rozupe_desk.services.collection.lookup.records import Candidate, control, read_iso2709
from rozupe_desk.services.safety import audit


@dataclass
class Saved:
    title_id: int | None
    summary: catalog_import.ImportSummary


def record_with_copy(candidate: Candidate, *, barcode: str = "", shelf: str = "") -> bytes:
    """The candidate's record as ISO 2709, its holdings replaced by our one copy (if any)."""
    record = read_iso2709(candidate.marc)
    record.remove_fields("952", "876")
    if barcode:
        record.add_ordered_field(marc.copy_field({"barcode": barcode, "shelf": shelf}))
    record.force_utf8 = True
    return record.as_marc()


def import_candidate(*, candidate: Candidate, barcode: str = "", shelf: str = ""
                     ) -> Saved:
    """Add the candidate's title (or match the one already here) and the copy, in one
    transaction; a taken barcode or a bad field refuses it all with the import's message."""
    barcode, shelf = barcode.strip(), shelf.strip()
    if barcode:
        catalog.clean_copy({"barcode": barcode, "shelf": shelf})  # the form's own checks
        # A known barcode is fine only on this same record (a second run adds nothing):
        # the import would take it as naming its title and quietly attach the record there.
        holder = Item.get_or_none(Item.barcode == barcode)
        if holder is not None and not _same_record(Title.get_by_id(holder.title_id), candidate):
            raise Conflict("catalog.barcode_exists", barcode=barcode)
    data = record_with_copy(candidate, barcode=barcode, shelf=shelf)
    name = re.sub(r"[^\w-]+", "_", candidate.control_number or "record").strip("_") or "record"
    with tempfile.TemporaryDirectory(prefix="rozupe-lookup-") as folder:
        path = Path(folder) / f"{name}.mrc"
        path.write_bytes(data)
        with database.atomic():
            newest = Title.select(Title.id).order_by(Title.id.desc()).limit(1).scalar() or 0
            summary = catalog_import.import_items(path=path, strict=True)
            title_id = _title_of(candidate, barcode, newest, summary)
            audit.record("lookup.import", entity="title", entity_id=title_id or "",
                         server=candidate.server, control_number=candidate.control_number,
                         control_agency=candidate.control_agency, barcode=barcode,
                         titles_added=summary.titles_added,
                         titles_matched=summary.titles_matched,
                         copies_added=summary.copies_added)
    return Saved(title_id=title_id, summary=summary)


def _same_record(title: Title, candidate: Candidate) -> bool:
    kept = read_iso2709(title.marc) if title.marc and candidate.control_number else None
    if kept is not None:
        return control(kept) == (candidate.control_number, candidate.control_agency)
    return bool(title.isbn) and normal_isbn(title.isbn) in candidate.isbns


def _title_of(candidate: Candidate, barcode: str, newest: int,
              summary: catalog_import.ImportSummary) -> int | None:
    if barcode:
        item = Item.get_or_none(Item.barcode == barcode)
        if item is not None:
            return item.title_id
    if summary.titles_added:
        return Title.select(Title.id).where(Title.id > newest).order_by(
            Title.id.desc()).limit(1).scalar()
    isbn = candidate.fields.get("isbn", "")
    try:
        isbn = catalog.normalize_isbn(isbn)
    except InvalidInput:
        isbn = ""
    if isbn:
        return Title.select(Title.id).where(Title.isbn == isbn).limit(1).scalar()
    return Title.select(Title.id).where(
        Title.title == candidate.fields.get("title", ""),
        Title.authors == candidate.fields.get("authors", "")).limit(1).scalar()
