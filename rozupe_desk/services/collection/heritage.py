"""Local heritage (novadpētniecība): attachments of titles and the heritage list.

Attachments (photos, scans, documents) are copied into a folder beside the database,
`<database file>.files/attachments/<title id>/`, so a backup of the folder next to the file
keeps them together; the Attachment row holds the path relative to that folder.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

from rozupe_desk import config
from rozupe_desk.db.collation import latvian_order
from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Attachment, Title
from rozupe_desk.errors import InvalidInput, NotFound
from rozupe_desk.files import within
from rozupe_desk.services.safety import audit

KINDS = {".jpg": "photo", ".jpeg": "photo", ".png": "photo", ".gif": "photo",
         ".tif": "scan", ".tiff": "scan", ".pdf": "scan"}
MAX_BYTES = 200 * 1024 * 1024


def files_folder() -> Path:
    """`<database file>.files/attachments`, or one in the user data folder for a server."""
    db = database.obj
    if isinstance(db, SqliteDatabase) and db.database != ":memory:":
        base = Path(db.database)
        return base.with_name(base.name + ".files") / "attachments"
    return config.data_dir() / "attachments"


@dataclass
class AttachmentInfo:
    id: int
    file_name: str
    path: Path
    kind: str
    caption: str
    added_at: datetime


def attachments(*, title_id: int) -> list[AttachmentInfo]:
    folder = files_folder()
    return [AttachmentInfo(a.id, a.file_name, _stored(folder, a.stored_path), a.kind,
                           a.caption, a.added_at)
            for a in Attachment.select().where(Attachment.title == title_id)
            .order_by(Attachment.id)]


def _stored(folder: Path, stored_path: str) -> Path:
    """Where an attachment is; one whose path leads outside the folder is shown as missing
    (the window opens only files that are there)."""
    try:
        return within(folder, stored_path)
    except InvalidInput:
        return folder / "missing" / Path(stored_path).name


def add_attachment(*, title_id: int, source: str | Path, caption: str = "") -> int:
    """Copy the file beside the database and attach it to the title."""
    source = Path(source)
    if not source.is_file():
        raise NotFound("heritage.no_file", name=str(source))
    if source.stat().st_size > MAX_BYTES:
        raise InvalidInput("heritage.too_big", name=source.name)
    if not Title.select().where(Title.id == title_id).exists():
        raise NotFound("catalog.no_title", title_id=title_id)
    folder = files_folder() / str(title_id)
    target = _free_name(folder, source.name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    except OSError as error:
        raise InvalidInput("catalog.file_unwritable", name=str(target),
                           reason=error.strerror or "") from error
    try:
        with database.atomic():
            row = Attachment.create(
                title=title_id, file_name=source.name,
                stored_path=target.relative_to(files_folder()).as_posix(),
                kind=KINDS.get(source.suffix.lower(), "document"), caption=caption.strip(),
                added_at=datetime.now())
            audit.record("attachment.add", entity="title", entity_id=title_id,
                         file=source.name)
            return row.id
    except Exception:
        target.unlink(missing_ok=True)  # no row, no orphan file
        raise


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return target


def remove_attachment(*, attachment_id: int) -> None:
    with database.atomic():
        row = Attachment.get_or_none(Attachment.id == attachment_id)
        if row is None:
            raise NotFound("heritage.no_attachment")
        stored = within(files_folder(), row.stored_path)
        row.delete_instance()
        audit.record("attachment.remove", entity="title", entity_id=row.title_id,
                     file=row.file_name)
    stored.unlink(missing_ok=True)


@dataclass
class HeritageEntry:
    title: str
    authors: str
    year: int | None
    publisher: str
    udc: str
    copies: int
    attachments: int


def heritage_list() -> list[HeritageEntry]:
    """Every local heritage title, by UDC then title, with its copies and attachments."""
    cursor = database.execute_sql(
        "SELECT t.title, t.authors, t.year, t.publisher, t.udc, "
        "(SELECT count(*) FROM item i WHERE i.title_id = t.id AND i.status <> 'discarded'), "
        "(SELECT count(*) FROM attachment a WHERE a.title_id = t.id) "
        f"FROM title t WHERE t.heritage = 1 ORDER BY t.udc, {latvian_order('t.title')}")
    return [HeritageEntry(*row) for row in cursor]
