"""Backup and restore of a server database through pg_dump / pg_restore (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rozupe_desk.db.models import Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.services import library
from rozupe_desk.services.safety import backup
from tests.desk_data import make_patron

ROOT = Path(__file__).resolve().parents[2]


def test_a_server_backup_restores_the_data_it_held(server_url, tmp_path):
    library.open_library(server_url)
    make_patron("R1", first="Jānis", last="Ozoliņš")
    made = backup.create_backup(tmp_path / "library.dump")
    assert made.path.is_file() and made.size > 0 and not list(tmp_path.glob("*.part"))
    make_patron("R2", first="Līga", last="Kalniņa")

    restored = backup.restore_backup(made.path)

    assert [p.card_number for p in Patron.select().order_by(Patron.id)] == ["R1"]
    assert restored.kept_aside.is_file() and restored.kept_aside != made.path
    assert restored.version_before > 0


def test_a_server_restore_erases_again_a_reader_erased_after_the_dump(server_url, tmp_path):
    from rozupe_desk.services.readers import privacy

    library.open_library(server_url)
    reader = make_patron("R1", first="Jānis", last="Ozoliņš")
    made = backup.create_backup(tmp_path / "library.dump")
    privacy.erase_patron(patron_id=reader.id)

    restored = backup.restore_backup(made.path)

    assert restored.erased_again == 1
    assert Patron.get_by_id(reader.id).last_name != "Ozoliņš"


def test_a_file_that_is_no_dump_is_refused_and_changes_nothing(server_url, tmp_path):
    library.open_library(server_url)
    make_patron("R1")
    bad = tmp_path / "not.dump"
    bad.write_bytes(b"SQLite format 3\x00 or anything else")
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(bad)
    assert refused.value.key == "server.not_a_dump"
    assert Patron.select().count() == 1


def test_the_backup_command_works_on_a_server_url(server_url, tmp_path):
    target = tmp_path / "cli.dump"
    result = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", server_url, "backup",
                             "-o", str(target)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert target.is_file() and target.stat().st_size > 0
