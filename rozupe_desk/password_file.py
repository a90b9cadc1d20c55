"""The library server's password on this PC: a libpq password file in the user data folder.

The stored server URL (workstation.json), the window's status bar, the log and the audit
never hold the password; libpq finds it in this file itself (PGPASSFILE), for the app's own
connections and for `pg_dump`/`pg_restore` alike, so it never appears on a command line
either. The file is readable by its owner only (libpq ignores a group- or world-readable
one), the format every PostgreSQL tool knows, so the IT person can replace it by hand.
"""

from __future__ import annotations

import os
from pathlib import Path

from rozupe_desk import config
from rozupe_desk.files import written_whole

FILE_NAME = "pgpass"
ENV_VAR = "PGPASSFILE"


def path() -> Path:
    return config.data_dir() / FILE_NAME


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def remember(*, host: str, port: int, database: str, user: str, password: str) -> Path:
    """Keep `password` for this server, database and user (replacing the one kept before)."""
    key = ":".join(_escaped(str(part)) for part in (host, port, database, user)) + ":"
    try:
        lines = path().read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    lines = [line for line in lines if not line.startswith(key)] + [key + _escaped(password)]
    with written_whole(path()) as temporary:
        # Created unreadable to others from the first byte, not made so afterwards.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    use()
    return path()


def use() -> None:
    """Point libpq at this PC's password file (unless PGPASSFILE already names another)."""
    if ENV_VAR not in os.environ and path().exists():
        os.environ[ENV_VAR] = str(path())
