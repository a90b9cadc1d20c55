"""Backups and restore of the library's SQLite file (DESIGN 4: `backup [-o FILE]`, `restore FILE`).

A backup is an online copy through SQLite's backup API on a connection of its own, so the
window may keep writing meanwhile (a copy that keeps being restarted by writes is finished
in one step, which reads one consistent snapshot). The copy is written under a temporary
name `<final>.<pid>.part`, switched to a single-file journal, verified (`integrity_check`,
our tables, the schema version this program writes), fsynced and only then renamed into
place: a file with the final name is always a complete, verified backup. The folder of
attachments beside the database (`<database>.files/`) is copied beside the backup the same
way. A backup killed half-way leaves only `*.part` names, which the next backup removes.

Restore verifies the file first, keeps the current database aside as
`<name>.before-restore-<time>.sqlite` (never deleted by the program), and copies the backup
into the live file with the backup API in one step: one write transaction, so the WAL and
the other connections stay consistent and a crash leaves either the old or the new data.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from rozupe_desk.db import file_guard, migrations, schema
from rozupe_desk.db.connection import LibrarySqliteDatabase, database, is_postgresql
from rozupe_desk.errors import DomainError, InvalidInput, NotFound
from rozupe_desk.i18n import current_language, tr
from rozupe_desk.services import settings
from rozupe_desk.services.readers import privacy
from rozupe_desk.services.safety import audit
from rozupe_desk.services.safety.backup_rotation import backup_name, parse_name, to_delete

Progress = Callable[[float], None]

SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = {"schema_migration", "patron", "title", "item", "loan", "setting", "audit_log"}
# A stepped copy that writers restart this often is finished in one step instead.
MAX_RESTARTS = 3
STEPS = 50
_LEFTOVER = re.compile(r"^.+\.(?P<pid>\d+)\.part(?:-journal|-wal|-shm)?$")
log = logging.getLogger(__name__)
_lock = threading.Lock()  # one backup or restore at a time in this process


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes: the database copy and its attachments
    at: datetime
    seconds: float
    deleted: tuple[str, ...] = ()  # old automatic backups removed by the rotation
    recorded: bool = True  # False: a read-only database could not note it (the copy is good)


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    kept_aside: Path
    version_before: int  # the schema version of the backup (older ones are migrated)
    migrated: tuple[str, ...]
    seconds: float
    erased_again: int = 0  # readers erased after the backup was made, erased again now


@dataclass(frozen=True)
class BackupStatus:
    """`state`: ok, too_old, no_folder, folder_missing or never."""

    state: str
    folder: str
    last_at: datetime | None
    last_path: str
    warn_days: int

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    def message_params(self) -> dict[str, object]:
        return {"folder": self.folder, "path": self.last_path, "days": self.warn_days,
                "at": self.last_at.strftime("%d.%m.%Y %H:%M") if self.last_at else ""}


class _Cancelled(Exception):
    pass


class _Restarting(Exception):
    pass


# ---------------------------------------------------------------------------- where


def live_path() -> Path:
    """The SQLite file the services work on; backups need a file, not a server."""
    db = database.obj
    if not isinstance(db, SqliteDatabase) or db.database in ("", ":memory:"):
        raise InvalidInput("backup.not_sqlite")
    return Path(db.database).resolve()


def attachments_of(path: Path) -> Path:
    """The folder of pictures and attachments kept beside a database file."""
    return path.with_name(path.name + ".files")


def backup_folder() -> Path:
    """The configured backup folder, or a clear error when it is unset, missing or read-only."""
    text = str(settings.get("backup_folder") or "").strip()
    if not text:
        raise InvalidInput("backup.no_folder")
    folder = Path(text)
    if not folder.is_dir():
        raise InvalidInput("backup.folder_missing", folder=text)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput("backup.folder_not_writable", folder=text)
    return folder


def _target_for(target: str | Path | None, source: Path, at: datetime) -> tuple[Path, bool]:
    """(the final path, whether it is an automatic backup in the backup folder)."""
    if target is None:
        return backup_folder() / backup_name(source.stem, at), True
    final = Path(target)
    if final.is_dir():
        final = final / backup_name(source.stem, at)
    folder = final.parent
    if not folder.is_dir():
        raise InvalidInput("backup.target_folder_missing", folder=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput("backup.folder_not_writable", folder=str(folder))
    if final.resolve() == source:
        raise InvalidInput("backup.same_file", path=str(final))
    return final, False


# ---------------------------------------------------------------------------- copying


def _copy_database(source: Path, target: Path, progress: Progress | None,
                   cancel: threading.Event | None) -> None:
    """Copy `source` into the new file `target` with the backup API, in steps."""
    if file_guard.writable(source):
        src = sqlite3.connect(source, timeout=10)
    else:  # a write-protected library is backed up all the same
        src = sqlite3.connect(file_guard.read_only_uri(source), uri=True, timeout=10)
    dst = sqlite3.connect(target)
    try:
        total = src.execute("PRAGMA page_count").fetchone()[0]
        seen = {"remaining": None, "restarts": 0}

        def step(_status: int, remaining: int, pages: int) -> None:
            if cancel is not None and cancel.is_set():
                raise _Cancelled
            if seen["remaining"] is not None and remaining > seen["remaining"]:
                seen["restarts"] += 1
                if seen["restarts"] > MAX_RESTARTS:
                    raise _Restarting
            seen["remaining"] = remaining
            if progress is not None and pages:
                progress((pages - remaining) / pages)

        try:
            src.backup(dst, pages=max(64, total // STEPS), progress=step, sleep=0)
        except _Restarting:
            src.backup(dst, pages=-1)
        except _Cancelled:
            raise DomainError("backup.cancelled") from None
        # One self-contained file (no -wal beside it) that can be carried on a USB stick.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    # as_uri gives file:///C:/… on Windows and escapes spaces and Latvian letters.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def verify_file(path: str | Path, *, quick: bool = False) -> int:
    """Check that `path` is a sound Rožupe Desk database this program can use; returns its
    schema version. Raises a `DomainError` saying what is wrong otherwise."""
    path = Path(path)
    if not path.is_file():
        raise NotFound("backup.file_missing", path=str(path))
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise InvalidInput("backup.not_a_database", path=str(path))
    try:
        conn = _open_read_only(path)
    except sqlite3.Error as exc:
        raise InvalidInput("backup.unreadable", path=str(path), reason=str(exc)) from exc
    try:
        rows = [row[0] for row in conn.execute(
            "PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise InvalidInput("backup.corrupt", path=str(path), detail="; ".join(rows[:3]))
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables >= OUR_TABLES:
            raise InvalidInput("backup.not_ours", path=str(path))
        names = {row[0] for row in conn.execute("SELECT name FROM schema_migration")}
        known = {m.name: m.number for m in migrations.known_migrations()}
        version = max((known.get(name, 0) for name in names), default=0)
        if names - set(known):
            raise InvalidInput("backup.newer", path=str(path),
                               supported=migrations.latest_version())
        if not names:
            raise InvalidInput("backup.not_ours", path=str(path))
        missing = schema.missing_parts(set(conn.execute(schema.PARTS).fetchall()), version)
        if missing:
            raise InvalidInput("backup.corrupt", path=str(path), detail=tr(
                "fault.schema_incomplete", codes=", ".join(missing[:10])))
    except sqlite3.DatabaseError as exc:
        raise InvalidInput("backup.unreadable", path=str(path), reason=str(exc)) from exc
    finally:
        conn.close()
    return version


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows makes renames durable without it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_tree_synced(source: Path, target: Path) -> int:
    """Copy a folder of attachments, each file fsynced; returns the bytes copied."""
    shutil.copytree(source, target)
    size = 0
    for file in target.rglob("*"):
        if file.is_file():
            _fsync(file)
            size += file.stat().st_size
    return size


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process holds the lock: its own leftovers are stale
    if os.name != "posix":
        return False  # Windows refuses to delete a file still open, which is enough
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(folder: Path) -> list[str]:
    """Remove the temporary `*.<pid>.part` files and folders of backups that died."""
    removed = []
    for entry in folder.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match is None or _alive(int(match["pid"])):
            continue
        try:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue  # still in use (Windows) or already gone
        removed.append(entry.name)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        for extra in (path, Path(f"{path}-journal")):
            extra.unlink(missing_ok=True)


def _place(temp: Path, final: Path) -> None:
    """Rename `temp` over `final` (a folder replaces the old folder of that name)."""
    if temp.is_dir() and final.exists():
        shutil.rmtree(final)
    os.replace(temp, final)


def _part(final: Path) -> Path:
    return final.with_name(f"{final.name}.{os.getpid()}.part")


# ---------------------------------------------------------------------------- backup


def create_backup(target: str | Path | None = None, *, progress: Progress | None = None,
                  cancel: threading.Event | None = None, now: datetime | None = None
                  ) -> BackupResult:
    """Back the library up to `target` (a file or folder), or into the backup folder.

    In the backup folder the file gets a dated name and old automatic backups are rotated
    (7 daily, 4 weekly, 12 monthly). The last good backup is recorded for `backup_status`.
    """
    report = progress or (lambda _fraction: None)
    if is_postgresql():  # a server: pg_dump (imported here: it builds on this module)
        from rozupe_desk.services.server import dump
        result = dump.create(target, at=now or datetime.now())
        _record(result)
        report(1.0)
        return result
    started = time.monotonic()
    source = live_path()
    at = now or datetime.now()
    final, automatic = _target_for(target, source, at)
    with _lock:
        clean_leftovers(final.parent)
        temp, files_temp = _part(final), _part(attachments_of(final))
        try:
            _copy_database(source, temp, lambda f: report(0.7 * f), cancel)
            report(0.7)
            if verify_file(temp) != migrations.latest_version():
                raise InvalidInput("backup.version_mismatch", path=str(final))
            _fsync(temp)
            report(0.9)
            size = temp.stat().st_size
            attachments = attachments_of(source)
            if attachments.is_dir():
                size += _copy_tree_synced(attachments, files_temp)
                _place(files_temp, attachments_of(final))
            _place(temp, final)
            _fsync_folder(final.parent)
        except BaseException as exc:
            _remove(temp)
            _remove(files_temp)
            if isinstance(exc, (OSError, sqlite3.Error)):  # a full or pulled-out USB stick
                raise InvalidInput("backup.write_failed", path=str(final),
                                   reason=getattr(exc, "strerror", None) or str(exc)) from exc
            raise
        deleted = rotate(final.parent, at.date(), prefix=source.stem) if automatic else []
    result = BackupResult(path=final, size=size, at=at,
                          seconds=time.monotonic() - started, deleted=tuple(deleted))
    try:
        _record(result)
    except (DatabaseError, sqlite3.Error, DomainError) as exc:
        # The copy is complete and verified: a database that cannot be written (read-only
        # or damaged) only misses the note of it, which is said, not reported as a failure.
        if not _cannot_write(exc):
            raise
        log.warning("backup %s made, but the read-only database cannot record it: %s",
                    final, exc)
        result = dataclasses.replace(result, recorded=False)
    report(1.0)
    return result


def _cannot_write(exc: BaseException) -> bool:
    if isinstance(exc, DomainError):
        return exc.key in ("fault.damaged_read_only", "fault.read_only")
    return file_guard.sqlite_code(exc) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)


def rotate(folder: Path, today: date, *, prefix: str) -> list[str]:
    """Delete the automatic backups of database `prefix` the rotation no longer keeps."""
    names = [entry.name for entry in folder.iterdir()
             if entry.is_file() and (parse_name(entry.name) or ("",))[0] == prefix]
    deleted = []
    for name in sorted(to_delete(names, today)):
        try:
            (folder / name).unlink()
            shutil.rmtree(attachments_of(folder / name), ignore_errors=True)
        except OSError:
            continue
        deleted.append(name)
    return deleted


def _record(result: BackupResult) -> None:
    value = {"at": result.at.isoformat(timespec="seconds"), "path": str(result.path),
             "size": result.size}
    with database.atomic():
        settings.store("last_backup", value)
        audit.record("backup.create", entity="backup", path=str(result.path), size=result.size,
                     deleted=list(result.deleted))


def release_thread_connection() -> None:
    """Close the database connection a worker thread opened (the window's stays open)."""
    if threading.current_thread() is not threading.main_thread() and database.obj is not None:
        database.obj.close()


# ---------------------------------------------------------------------------- status


def human_size(size: int) -> str:
    """Megabytes with one decimal (a decimal comma in Latvian)."""
    text = f"{size / 1_000_000:.1f}"
    return tr("backup.size", mb=text.replace(".", ",") if current_language() == "lv" else text)


def backup_status(now: datetime | None = None) -> BackupStatus:
    """Whether the library has a recent good backup, for the window's warning."""
    now = now or datetime.now()
    folder = str(settings.get("backup_folder") or "").strip()
    last = settings.get("last_backup") or {}
    warn_days = int(settings.get("backup_warn_days"))
    last_at = datetime.fromisoformat(last["at"]) if last.get("at") else None
    if not folder:
        state = "no_folder"
    elif not Path(folder).is_dir():
        state = "folder_missing"
    elif last_at is None:
        state = "never"
    elif now - last_at > timedelta(days=warn_days):
        state = "too_old"
    else:
        state = "ok"
    return BackupStatus(state=state, folder=folder, last_at=last_at,
                        last_path=str(last.get("path", "")), warn_days=warn_days)


def automatic_backup_due(today: date | None = None) -> bool:
    """The day's automatic backup is due: a usable folder and no backup yet today."""
    status = backup_status()
    if not can_back_up(status):
        return False
    return status.last_at is None or status.last_at.date() < (today or date.today())


def can_back_up(status: BackupStatus) -> bool:
    """Automatic backups can run: an SQLite file and a backup folder that is there."""
    return (isinstance(database.obj, SqliteDatabase)
            and status.state not in ("no_folder", "folder_missing"))


def changed_since_last_backup() -> bool:
    """Anything recorded in the audit log after the last backup (every change is)."""
    row = database.execute_sql(
        "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row is None or row[0] != "backup.create"


# ---------------------------------------------------------------------------- restore


def restore_backup(source: str | Path, *, progress: Progress | None = None,
                   now: datetime | None = None) -> RestoreResult:
    """Replace the library's data with the backup `source`, after verifying it.

    The current database is kept aside first; nothing changes when the file is refused.
    """
    report = progress or (lambda _fraction: None)
    if is_postgresql():
        return _restore_on_server(source, now or datetime.now())
    started = time.monotonic()
    live = live_path()
    source = Path(source)
    if source.exists() and source.resolve() == live:
        raise InvalidInput("backup.same_file", path=str(source))
    version = verify_file(source)
    erased = privacy.erasure_ledger()  # the backup may predate some erasures: redo them
    report(0.3)
    at = now or datetime.now()
    with _lock:
        clean_leftovers(live.parent)
        staged = _part(live.with_name(live.name + ".restore"))
        try:
            _copy_database(source, staged, lambda f: report(0.3 + 0.2 * f), None)
            verify_file(staged, quick=True)
            last_backup = settings.get("last_backup")
            aside = _aside_name(live, at)
            _copy_database(live, aside, lambda f: report(0.5 + 0.2 * f), None)
            _fsync(aside)
            _replace_live(staged, live)
            _no_longer_damaged(live)
        except (OSError, sqlite3.Error) as exc:
            raise InvalidInput("backup.restore_failed", path=str(source),
                               reason=getattr(exc, "strerror", None) or str(exc)) from exc
        finally:
            _remove(staged)
        report(0.9)
        _restore_attachments(source, live, aside)
    migrated, erased_again = _finish_restore(source, aside, version, last_backup, erased)
    report(1.0)
    return RestoreResult(source=source, kept_aside=aside, version_before=version,
                         migrated=migrated, seconds=time.monotonic() - started,
                         erased_again=erased_again)


def _finish_restore(source: str | Path, aside: Path, version: int, last_backup: object,
                    erased: list) -> tuple[tuple[str, ...], int]:
    """What every restore ends with, from a file or on a server: the schema brought up to
    date, the last backup remembered, the audit record, and the readers erased since the
    backup was made erased again."""
    migrated = tuple(migrations.migrate(database.obj))
    with database.atomic():
        if last_backup:
            settings.store("last_backup", last_backup)
        audit.record("backup.restore", entity="backup", source=str(source),
                     kept_aside=str(aside), version=version, migrated=list(migrated))
    return migrated, privacy.erase_again(ledger=erased)


def _no_longer_damaged(live: Path) -> None:
    """A restored file is sound again: the read-only state of a damaged one ends."""
    file_guard.clear_damaged(live)
    if isinstance(database.obj, LibrarySqliteDatabase):
        database.obj.set_damaged(False)


def _restore_on_server(source: str | Path, at: datetime) -> RestoreResult:
    from rozupe_desk.services.server import dump

    erased = privacy.erasure_ledger()  # the dump may predate some erasures: redo them
    with _lock:
        last_backup = settings.get("last_backup")
        restored, aside = dump.restore(source, at=at)
    version = migrations.schema_version(database.obj)
    migrated, erased_again = _finish_restore(source, aside, version, last_backup, erased)
    return RestoreResult(source=restored.source, kept_aside=aside, version_before=version,
                         migrated=migrated, seconds=restored.seconds, erased_again=erased_again)


def _aside_name(live: Path, at: datetime) -> Path:
    stamp = at.strftime("%Y%m%d-%H%M%S")
    aside = live.with_name(f"{live.stem}.before-restore-{stamp}.sqlite")
    number = 1
    while aside.exists():
        number += 1
        aside = live.with_name(f"{live.stem}.before-restore-{stamp}-{number}.sqlite")
    return aside


def _replace_live(staged: Path, live: Path) -> None:
    """Copy `staged` into the live file: the backup API in one step is one transaction."""
    src = sqlite3.connect(staged)
    dst = sqlite3.connect(live, timeout=30)
    try:
        dst.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst, pages=-1, sleep=0.05)
    finally:
        dst.close()
        src.close()


def _restore_attachments(source: Path, live: Path, aside: Path) -> None:
    """The backup's attachments replace the current ones, which are kept beside `aside`."""
    current, restored = attachments_of(live), attachments_of(source)
    if current.is_dir():
        os.replace(current, attachments_of(aside))
    if restored.is_dir():
        temp = _part(current)
        _copy_tree_synced(restored, temp)
        os.replace(temp, current)
