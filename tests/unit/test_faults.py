"""Faults of the machine and of the file (issue 14): a restore that lacks part of the schema,
a file deleted or replaced under the running program, a full disk, a read-only file."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from rozupe_desk.db.connection import close_database, database
from rozupe_desk.errors import DomainError
from rozupe_desk.services import backup, circulation, library
from tests.desk_data import small_library


@pytest.mark.parametrize("drop", ["DROP TABLE stats_day_count", "DROP TABLE title_fts",
                                  "DROP INDEX loan_open_item", "DROP TRIGGER stats_loan_insert"])
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
