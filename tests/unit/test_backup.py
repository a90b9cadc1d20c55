"""Backups and restore on real SQLite files: verified copies, refusals, the status."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import close_database, database, open_database
from rozupe_desk.db.models import AuditLog, Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.services import library, settings
from rozupe_desk.services.safety import backup
from tests.desk_data import make_patron, small_library

pytestmark = pytest.mark.sqlite_only  # SQLite files; the server backup: test_server_backup.py

NOW = datetime(2026, 11, 30, 18, 0, 0)


@pytest.fixture
def lib(db_path):
    small_library()
    return db_path


def cards(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT card_number FROM patron ORDER BY id")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_to_a_file_is_a_verified_single_file_copy_and_is_recorded(lib, tmp_path):
    target = tmp_path / "out" / "copy.sqlite"
    target.parent.mkdir()
    seen = []
    result = backup.create_backup(target, progress=seen.append, now=NOW)

    assert result.path == target and result.size == target.stat().st_size > 0
    assert cards(target) == cards(lib) == ["A1", "C1", "B1", "K1"]
    assert backup.verify_file(target) == migrations.latest_version()
    with sqlite3.connect(target) as conn:  # one file to carry away, no -wal beside it
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite"]
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert settings.get("last_backup") == {"at": "2026-11-30T18:00:00", "path": str(target),
                                           "size": result.size}
    entry = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert entry.action == "backup.create" and str(target) in entry.details


def test_backup_into_the_folder_has_a_dated_name_and_copies_the_attachments(lib, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    settings.update(backup_folder=str(folder))
    pictures = Path(f"{lib}.files") / "events"
    pictures.mkdir(parents=True)
    (pictures / "afisa.png").write_bytes(b"\x89PNG picture")

    result = backup.create_backup(now=NOW)

    assert result.path == folder / "library-2026-11-30-180000.sqlite"
    assert (folder / "library-2026-11-30-180000.sqlite.files" / "events" / "afisa.png"
            ).read_bytes() == b"\x89PNG picture"
    assert result.size == result.path.stat().st_size + len(b"\x89PNG picture")
    assert backup.backup_status(NOW + timedelta(hours=1)).state == "ok"


def test_the_folder_rotation_keeps_the_promised_copies(lib, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    settings.update(backup_folder=str(folder))
    for days in range(1, 60):
        name = f"library-{(NOW - timedelta(days=days)):%Y-%m-%d}-120000.sqlite"
        (folder / name).write_bytes(b"old")
    (folder / "other-2020-01-01-120000.sqlite").write_bytes(b"another database's")
    (folder / "notes.txt").write_text("mine")

    result = backup.create_backup(now=NOW)

    left = sorted(p.name for p in folder.iterdir() if p.name.startswith("library-"))
    assert result.path.name in left
    # 7 days (24–30 Nov); weeks: this one and the last are among them, then 22 and 15 Nov;
    # months: November is among them, then 31 October (the files reach back to 2 October).
    assert left == sorted([result.path.name] + [
        f"library-2026-{day}-120000.sqlite" for day in
        ("11-29", "11-28", "11-27", "11-26", "11-25", "11-24", "11-22", "11-15", "10-31")])
    assert len(result.deleted) == 60 - len(left)
    assert (folder / "other-2020-01-01-120000.sqlite").exists()
    assert (folder / "notes.txt").exists()


@pytest.mark.parametrize("folder, key", [("", "backup.no_folder"),
                                         ("/no/such/usb/stick", "backup.folder_missing")])
def test_no_usable_folder_is_a_clear_error_and_writes_nothing(lib, folder, key):
    settings.update(backup_folder=folder)
    with pytest.raises(DomainError) as error:
        backup.create_backup()
    assert error.value.key == key
    assert "rezerves kopiju" in str(error.value).lower() or "mape" in str(error.value)
    assert settings.get("last_backup") == {}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_refused(lib, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    settings.update(backup_folder=str(folder))
    with pytest.raises(DomainError) as error:
        backup.create_backup()
    assert error.value.key == "backup.folder_not_writable"


def test_the_working_database_itself_is_never_a_target(lib):
    with pytest.raises(DomainError) as error:
        backup.create_backup(lib)
    assert error.value.key == "backup.same_file"
    with pytest.raises(DomainError):
        backup.restore_backup(lib)


def test_a_cancelled_backup_leaves_nothing_behind(lib, tmp_path):
    for number in range(300):  # enough pages for several steps
        make_patron(f"X{number}", first="Pēteris" * 40)
    cancel = threading.Event()

    def progress(fraction: float) -> None:
        if fraction > 0:
            cancel.set()

    with pytest.raises(DomainError) as error:
        backup.create_backup(tmp_path / "c.sqlite", progress=progress, cancel=cancel)
    assert error.value.key == "backup.cancelled"
    assert cancel.is_set()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("c.sqlite")]


def test_leftovers_of_dead_backups_are_cleaned_and_live_ones_kept(lib, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = out / "copy.sqlite.999999999.part"
    dead.write_bytes(b"half")
    (out / "copy.sqlite.999999999.part-journal").write_bytes(b"j")
    (out / "copy.sqlite.files.999999999.part").mkdir()
    running = out / f"other.sqlite.{os.getppid()}.part"  # a process that is alive
    running.write_bytes(b"being written")

    backup.create_backup(out / "copy.sqlite")

    assert sorted(p.name for p in out.iterdir()) == sorted(["copy.sqlite", running.name])


def test_verify_refuses_what_is_not_a_sound_database_of_ours(lib, tmp_path):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all")
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    newer = backup.create_backup(tmp_path / "newer.sqlite").path
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migration VALUES ('m9999_future', '2030-01-01')")
    damaged = backup.create_backup(tmp_path / "damaged.sqlite").path
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[3 * page:3 * page + 2000] = os.urandom(2000)
    damaged.write_bytes(bytes(data))

    expected = {garbage: "backup.not_a_database", foreign: "backup.not_ours",
                newer: "backup.newer", tmp_path / "missing.sqlite": "backup.file_missing"}
    for path, key in expected.items():
        with pytest.raises(DomainError) as error:
            backup.verify_file(path)
        assert error.value.key == key, path
    with pytest.raises(DomainError) as error:
        backup.verify_file(damaged)
    assert error.value.key in ("backup.corrupt", "backup.unreadable")


def test_restore_replaces_the_data_and_keeps_the_current_database_aside(lib, tmp_path):
    saved = backup.create_backup(tmp_path / "monday.sqlite", now=NOW).path
    make_patron("NEW1", first="Ilze", last="Kalna")
    assert "NEW1" in cards(lib)

    result = backup.restore_backup(saved, now=NOW + timedelta(hours=2))

    assert cards(lib) == ["A1", "C1", "B1", "K1"]
    assert Patron.select().count() == 4  # the open connection sees the restored data
    assert result.kept_aside == lib.with_name("library.before-restore-20261130-200000.sqlite")
    assert "NEW1" in cards(result.kept_aside)
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert last.action == "backup.restore" and "monday.sqlite" in last.details
    assert settings.get("last_backup")["path"] == str(saved)
    with sqlite3.connect(lib) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = backup.restore_backup(saved, now=NOW + timedelta(hours=2))
    assert again.kept_aside != result.kept_aside and result.kept_aside.exists()


def test_restore_brings_back_the_attachments_and_keeps_the_current_ones(lib, tmp_path):
    files = Path(f"{lib}.files") / "events"
    files.mkdir(parents=True)
    (files / "a.png").write_bytes(b"old picture")
    saved = backup.create_backup(tmp_path / "b.sqlite").path
    (files / "a.png").write_bytes(b"new picture")

    result = backup.restore_backup(saved)

    assert (files / "a.png").read_bytes() == b"old picture"
    assert (Path(f"{result.kept_aside}.files") / "events" / "a.png").read_bytes() == \
        b"new picture"


def test_a_bad_file_changes_nothing(lib, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(lib)
    with pytest.raises(DomainError):
        backup.restore_backup(bad)
    assert digest(lib) == before
    assert not list(tmp_path.glob("*before-restore*"))


def test_an_older_backup_is_migrated_after_restore(lib, tmp_path):
    old = tmp_path / "old.sqlite"
    close_database()
    db = open_database(old)
    migrations.migrate(db, upto=2)
    db.execute_sql("INSERT INTO patron (card_number, first_name, last_name, registered_on, "
                   "token, created_at) VALUES ('R7', 'Jānis', 'Ozoliņš', '2024-02-03', 7, "
                   "'2024-02-03 10:00:00')")
    close_database()
    library.open_library(lib)

    result = backup.restore_backup(old)

    assert result.version_before == 2 and result.migrated
    assert migrations.schema_version(database.obj) == migrations.latest_version()
    assert cards(lib) == ["R7"]


def test_status_says_what_needs_attention(lib, tmp_path):
    assert backup.backup_status(NOW).state == "no_folder"
    settings.update(backup_folder=str(tmp_path / "gone"))
    assert backup.backup_status(NOW).state == "folder_missing"
    settings.update(backup_folder=str(tmp_path))
    assert backup.backup_status(NOW).state == "never"
    assert backup.automatic_backup_due(NOW.date())
    backup.create_backup(now=NOW)
    assert backup.backup_status(NOW + timedelta(days=3)).state == "ok"
    assert not backup.automatic_backup_due(NOW.date())
    assert not backup.changed_since_last_backup()
    too_old = backup.backup_status(NOW + timedelta(days=3, minutes=1))
    assert too_old.state == "too_old" and too_old.message_params()["at"] == "30.11.2026 18:00"
    settings.update(backup_warn_days=7)
    assert backup.backup_status(NOW + timedelta(days=5)).state == "ok"
    assert backup.changed_since_last_backup()  # the settings changed since
    assert backup.automatic_backup_due(NOW.date() + timedelta(days=1))


def test_a_full_disk_is_a_clear_error_and_leaves_no_half_copy(lib, tmp_path, monkeypatch):
    def full(_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_fsync", full)
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(DomainError) as error:
        backup.create_backup(out / "copy.sqlite")
    assert error.value.key == "backup.write_failed"
    assert "No space left on device" in str(error.value) and "vietas" in str(error.value)
    assert list(out.iterdir()) == []
    assert settings.get("last_backup") == {}


def test_folders_with_spaces_and_latvian_letters(lib, tmp_path):
    folder = tmp_path / "Rožupe kopijas #1"
    folder.mkdir()
    made = backup.create_backup(folder / "šodien ā.sqlite").path
    assert backup.verify_file(made) == migrations.latest_version()
    assert backup.restore_backup(made).source == made
