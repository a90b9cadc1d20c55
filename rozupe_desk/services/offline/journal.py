"""The desk's offline journal: an append-only KOC file on this PC (`shared/KOC.md`).

While the server cannot be reached the desk writes each checkout and check-in here, one
line appended and fsynced before the desk says "done", so a power cut loses nothing the
librarian was told was saved. The file is an ordinary KOC file (`import koc` reads it; so
does Koha's upload), whose header also carries `Desk=` (this desk among the server's) and
`Journal=` (a random id of this file): a line is keyed by the journal and its place in it
(`formats/koc.py`), the desk's own sequence, so the replay applies each line exactly once,
even two identical scans within one millisecond, and a new journal never reuses the key of
an old one (not even after the folder was emptied by hand).

One journal is open for appending at a time. When the server is back it is sealed (the next
line starts a new journal) and every sealed journal is replayed; a journal fully replayed is
deleted (the server keeps its lines), so a kill before that leaves it where the next replay
finds it.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from datetime import datetime
from pathlib import Path

from rozupe_desk import __version__, config
from rozupe_desk.formats.koc import header_line, record_line
from rozupe_desk.services.safety.backup import _fsync_folder

FOLDER_NAME = "offline"
GENERATOR = "Rozupe Desk"


def folder() -> Path:
    """Where the journals of this PC live (in the user data folder)."""
    return config.data_dir() / FOLDER_NAME


class Journal:
    """The journal of one desk; `append` is safe from any thread."""

    def __init__(self, *, desk_id: str, where: Path | None = None) -> None:
        self.desk_id = desk_id
        self.folder = where or folder()
        self.path: Path | None = None  # the journal open for appending, if any
        self.journal_id = ""
        self._lock = threading.Lock()

    def current(self) -> tuple[Path, str]:
        """The journal open now (started if none is) and its id."""
        with self._lock:
            return self._current()

    def _current(self) -> tuple[Path, str]:
        if self.path is None:
            self.path, self.journal_id = self._start()
        return self.path, self.journal_id

    def append(self, at: datetime, operation: str, fields: tuple[str, ...]) -> Path:
        """Write one transaction line and wait until it is on the disk."""
        with self._lock:
            self._current()
            with self.path.open("a", encoding="utf-8", newline="\n") as stream:
                stream.write(record_line(at, operation, fields) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
            return self.path

    def seal(self) -> None:
        """Close the journal open now: the next line starts another one."""
        with self._lock:
            self.path = None

    def is_open(self) -> bool:
        with self._lock:
            return self.path is not None

    def _start(self) -> tuple[Path, str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        journal_id = uuid.uuid4().hex
        safe_desk = re.sub(r"[^\w.-]+", "_", self.desk_id)[:40] or "desk"
        path = self.folder / f"{safe_desk}-{datetime.now():%Y%m%d-%H%M%S}-{journal_id[:8]}.koc"
        header = header_line(generator=GENERATOR, version=__version__, Desk=self.desk_id,
                             Journal=journal_id)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(header + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        _fsync_folder(self.folder)  # the new name survives a power cut too
        return path, journal_id


def waiting(where: Path | None = None, *, except_path: Path | None = None) -> list[Path]:
    """The journals not yet replayed, in the order of their names (desk, then time)."""
    base = where or folder()
    if not base.is_dir():
        return []
    return sorted(path for path in base.glob("*.koc") if path != except_path)


def acknowledged(path: Path) -> bytes:
    """The journal's bytes up to its last whole line: a line cut by a kill or a power cut
    while it was written was never acknowledged to the librarian."""
    data = path.read_bytes()
    return data[:data.rfind(b"\n") + 1]


def discard(path: Path) -> None:
    """Delete a journal whose every line is decided on the server (which keeps each line with
    its outcome). Its card numbers are personal data: the bytes are overwritten with zeros
    first, as an erasure leaves nothing of a reader in the database's files."""
    size = path.stat().st_size
    with path.open("r+b") as stream:
        stream.write(bytes(size))
        stream.flush()
        os.fsync(stream.fileno())
    path.unlink()

