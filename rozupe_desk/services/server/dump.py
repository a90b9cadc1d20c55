"""Backups of a server database with PostgreSQL's own tools (issue 16).

SQLite's backup API copies a file; a server has no file of ours. `pg_dump --format=custom`
reads one consistent snapshot while the desks keep working, and `pg_restore --list` proves
the result is a whole dump before it gets its final name (written as `<final>.<pid>.part`
first, as the file backups are). Restore keeps the current data aside as a dump first, then
replays the backup with `pg_restore --clean --single-transaction`: a refused or failed
restore changes nothing on the server.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

from rozupe_desk.db.connection import database
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.safety.backup import BackupResult, RestoreResult, backup_folder

SUFFIX = ".dump"
STAMP = "%Y%m%d-%H%M%S"


def _tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else the newest of Debian's server folders."""
    found = shutil.which(name) or next(iter(sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise InvalidInput("server.no_tool", tool=name)
    return found


def _run(name: str, *args: str) -> str:
    result = subprocess.run([_tool(name), *args], capture_output=True, text=True)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or [str(result.returncode)])[-1]
        raise InvalidInput("server.tool_failed", tool=name, reason=reason)
    return result.stdout


def _url() -> str:
    return str(database.obj.database)


def _name() -> str:
    return _url().rsplit("/", 1)[-1].split("?", 1)[0] or "library"


def _dump_to(final: Path) -> int:
    part = final.with_name(f"{final.name}.{os.getpid()}.part")
    try:
        _run("pg_dump", "--format=custom", "--no-owner", f"--file={part}", f"--dbname={_url()}")
        verify(part)
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return final.stat().st_size


def verify(path: Path) -> None:
    """Refuse what `pg_restore` cannot list as a dump holding the library's tables."""
    try:
        listing = _run("pg_restore", "--list", str(path))
    except InvalidInput as exc:
        raise InvalidInput("server.not_a_dump", path=str(path)) from exc
    if " TABLE public loan " not in listing or " TABLE public schema_migration " not in listing:
        raise InvalidInput("server.not_a_dump", path=str(path))


def create(target: str | Path | None, *, at: datetime) -> BackupResult:
    """Dump the server database to `target` (a file or a folder) or the backup folder."""
    started = time.monotonic()
    name = f"{_name()}-{at.strftime(STAMP)}{SUFFIX}"
    final = backup_folder() / name if target is None else Path(target)
    if final.is_dir():
        final = final / name
    if not final.parent.is_dir():
        raise InvalidInput("backup.target_folder_missing", folder=str(final.parent))
    size = _dump_to(final)
    return BackupResult(path=final, size=size, at=at, seconds=time.monotonic() - started)


def restore(source: str | Path, *, at: datetime) -> tuple[RestoreResult, Path]:
    """Replace the server's data with the dump `source`; the current data is dumped aside
    beside it first. Returns the result (without migrations) and the dump kept aside."""
    started = time.monotonic()
    source = Path(source)
    if not source.is_file():
        raise InvalidInput("server.not_a_dump", path=str(source))
    verify(source)
    aside = source.with_name(f"{_name()}.before-restore-{at.strftime(STAMP)}{SUFFIX}")
    _dump_to(aside)
    database.obj.close()  # our own connection holds no lock while the tables are replaced
    _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
         f"--dbname={_url()}", str(source))
    database.obj.connect(reuse_if_open=True)
    return RestoreResult(source=source, kept_aside=aside, version_before=0, migrated=(),
                         seconds=time.monotonic() - started), aside
