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
import warnings
from dataclasses import dataclass
from pathlib import Path

import pymarc

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Item, Title
from rozupe_desk.errors import Conflict, InvalidInput
from rozupe_desk.formats import marc
from rozupe_desk.services import audit, catalog, catalog_import
from rozupe_desk.services.lookup.records import Candidate


@dataclass
class Saved:
    title_id: int | None
    summary: catalog_import.ImportSummary


def record_with_copy(candidate: Candidate, *, barcode: str = "", shelf: str = "") -> bytes:
    """The candidate's record as ISO 2709, its holdings replaced by our one copy (if any)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        record = next(pymarc.MARCReader(candidate.marc, to_unicode=True, permissive=True))
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
        # A new copy needs a new barcode: the import would take a known one as naming the
        # title it belongs to, and quietly add nothing.
        if Item.select().where(Item.barcode == barcode).exists():
            raise Conflict("catalog.barcode_exists", barcode=barcode)
    data = record_with_copy(candidate, barcode=barcode, shelf=shelf)
    name = re.sub(r"[^\w-]+", "_", candidate.control_number or "record").strip("_") or "record"
    with tempfile.TemporaryDirectory(prefix="rozupe-lookup-") as folder:
        path = Path(folder) / f"{name}.mrc"
        path.write_bytes(data)
        with database.atomic():
            newest = Title.select(Title.id).order_by(Title.id.desc()).limit(1).scalar() or 0
            summary = catalog_import.import_items(path=path)
            title_id = _title_of(candidate, barcode, newest, summary)
            audit.record("lookup.import", entity="title", entity_id=title_id or "",
                         server=candidate.server, control_number=candidate.control_number,
                         control_agency=candidate.control_agency, barcode=barcode,
                         **vars(summary))
    return Saved(title_id=title_id, summary=summary)


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
