"""Faults of the machine and of the file (issue 14): a restore that lacks part of the schema,
a file deleted or replaced under the running program, a full disk, a read-only file."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from rozupe_desk.db.connection import close_database, database
from rozupe_desk.errors import DomainError
from rozupe_desk.services import library
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.safety import backup
from tests.desk_data import small_library


@pytest.mark.parametrize("drop", ["DROP TABLE stats_day_count", "DROP TABLE title_fts",
                                  "DROP INDEX loan_open_item", "DROP TRIGGER stats_loan_insert"])
@pytest.mark.sqlite_only
def test_restore_refuses_a_backup_missing_part_of_the_schema(db_path, tmp_path, drop):
    small_library()
    good = backup.create_backup(tmp_path / "good.sqlite").path
    broken = tmp_path / "broken.sqlite"
    shutil.copyfile(good, broken)
    with sqlite3.connect(broken) as raw:
        raw.execute(drop)
    raw.close()
    name = drop.split()[-1]
    with pytest.raises(DomainError, match=f"trūkst daļas.*{name}"):
        backup.restore_backup(broken)
    assert circulation.item_by_barcode("1001") is not None  # the library is as it was
    assert not list(tmp_path.glob("library.before-restore-*"))


def digest(path) -> bytes:
    return path.read_bytes()


@pytest.mark.sqlite_only
def test_a_database_file_deleted_under_the_program_takes_no_more_loans(db_path):
    small_library()
    circulation.checkout(barcode="1001", patron_id=1)
    os.unlink(db_path)
    with pytest.raises(DomainError, match="izdzēsts vai pārvietots"):
        circulation.checkout(barcode="1002", patron_id=1)
    with pytest.raises(DomainError, match="izdzēsts vai pārvietots"):
        circulation.checkin(barcode="1001")
    assert not db_path.exists()  # not silently recreated either


@pytest.mark.sqlite_only
def test_a_database_file_replaced_under_the_program_is_left_as_it_came(db_path, tmp_path):
    small_library()
    circulation.checkout(barcode="1001", patron_id=1)
    other = tmp_path / "other.sqlite"
    backup.create_backup(other)
    before = digest(other)
    os.replace(other, db_path)  # e.g. a backup copied over it in the file manager
    with pytest.raises(DomainError, match="aizstāts ar citu failu"):
        circulation.checkout(barcode="1002", patron_id=1)
    close_database()
    assert digest(db_path) == before
    library.open_library(db_path)  # opened again, the new file is the library's
    assert circulation.checkout(barcode="1002", patron_id=1) is not None
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("kind", ["absolute", "parent", "symlink"])
def test_removing_an_attachment_never_deletes_a_file_outside_the_library(db_path, tmp_path,
                                                                         kind):
    from rozupe_desk.db.models import Attachment
    from rozupe_desk.services.collection import catalog, heritage

    title = catalog.save_title(values={"title": "Rožupes muiža", "heritage": True})
    photo = tmp_path / "muiža.jpg"
    photo.write_bytes(b"\xff\xd8picture")
    attachment = heritage.add_attachment(title_id=title, source=photo)
    precious = tmp_path / "elsewhere" / "precious.txt"
    precious.parent.mkdir()
    precious.write_text("the librarian's own file")
    folder = heritage.files_folder()
    stored = {"absolute": str(precious),
              "parent": os.path.relpath(precious, folder)}.get(kind, f"{title}/link")
    if kind == "symlink":
        (folder / str(title) / "link").symlink_to(precious.parent)
        stored = f"{title}/link/precious.txt"
    Attachment.update(stored_path=stored).where(Attachment.id == attachment).execute()
    with pytest.raises(DomainError, match="neatrodas bibliotēkas failu mapē"):
        heritage.remove_attachment(attachment_id=attachment)
    assert precious.read_text() == "the librarian's own file"
    assert Attachment.get_or_none(Attachment.id == attachment) is not None  # nothing changed
    assert not str(heritage.attachments(title_id=title)[0].path).startswith(str(precious))


@pytest.mark.sqlite_only
def test_the_machine_faults_are_put_in_words_for_the_window_and_the_command_line(db_path):
    import errno

    from peewee import OperationalError

    from rozupe_desk.services.safety import faults

    def sqlite_error(code: int, text: str) -> sqlite3.Error:
        error = sqlite3.OperationalError(text)
        error.sqlite_errorcode = code
        return error

    full = sqlite_error(sqlite3.SQLITE_FULL, "database or disk is full")
    assert faults.explain(full).key == "fault.disk_full"
    assert faults.explain(OperationalError(full)).key == "fault.disk_full"  # as peewee wraps
    assert faults.explain(OSError(errno.ENOSPC, "No space left on device")).key == \
        "fault.disk_full"
    read_only = sqlite_error(sqlite3.SQLITE_READONLY, "attempt to write a readonly database")
    assert "tikai lasāma" in str(faults.explain(read_only))
    assert faults.explain(ValueError("a real surprise")) is None
    damaged = sqlite_error(sqlite3.SQLITE_CORRUPT, "database disk image is malformed")
    assert faults.explain(damaged).key == "fault.damaged"
    with pytest.raises(DomainError, match="tikai lasīšanai"):  # marked: no more writes
        circulation.checkout(barcode="1001", patron_id=1)
    close_database()
    assert (db_path.with_name(db_path.name + ".damaged")).exists()
