"""Guards on the live SQLite file: its identity, and a marker when it was found damaged.

Both work without ever opening the database file outside SQLite (on POSIX closing any
descriptor of a file drops the process's SQLite locks on it): the identity is `os.stat`,
the damage marker a small file beside the database (`<name>.damaged`), so a damaged file
itself is never written to.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

# SQLite's primary result codes that mean the file itself is damaged or not a database.
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# Less free room than this is a full disk for a database (a few pages and the WAL index).
LOW_SPACE_BYTES = 1 << 20


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind `exc` (peewee keeps the driver's error)."""
    original = getattr(exc, "orig", exc)
    code = getattr(original, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_damage(exc: BaseException) -> bool:
    """Whether `exc` says the database file is damaged ("database disk image is malformed")."""
    return sqlite_code(exc) in DAMAGE_CODES


def disk_nearly_full(path: str | Path) -> bool:
    """Whether the disk holding `path` has (almost) no room left: SQLite then reports only
    "disk I/O error" when it cannot grow the WAL or its shared-memory file."""
    folder = Path(path).parent
    try:
        if os.name == "posix" and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False  # a read-only disk is not a full one
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def read_only_uri(path: str | Path) -> str:
    """The URI that opens a file this program may not write: `mode=ro`, and `immutable` when
    even its folder is read-only (SQLite could not create the WAL index there, and nobody
    can change the file meanwhile)."""
    path = Path(path).resolve()
    wal = path.with_name(path.name + "-wal")
    # With a WAL left beside it SQLite must read that too: `immutable` would ignore it.
    unchanging = not os.access(path.parent, os.W_OK) and not (wal.exists()
                                                            and wal.stat().st_size)
    return f"{path.as_uri()}?mode=ro{'&immutable=1' if unchanging else ''}"


def writable(path: str | Path) -> bool:
    """Whether the existing file at `path` may be written (a missing one: yes, to create)."""
    path = Path(path)
    return not path.is_file() or os.access(path, os.W_OK)


def identity(path: str | Path) -> tuple[int, int] | None:
    """The file's identity (device, inode), or None when there is no file at `path`."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def damage_marker(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".damaged")


def is_marked_damaged(path: str | Path) -> bool:
    return damage_marker(path).is_file()


def mark_damaged(path: str | Path, detail: str) -> None:
    """Remember that the file at `path` failed its check; later opens are read-only."""
    with contextlib.suppress(OSError):  # a read-only folder: this run still refuses to write
        damage_marker(path).write_text(
            f"{datetime.now().isoformat(timespec='seconds')}\n{detail}\n", encoding="utf-8")


def clear_damaged(path: str | Path) -> None:
    damage_marker(path).unlink(missing_ok=True)
