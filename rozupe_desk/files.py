"""File helpers: a file appears under its chosen name only whole; a path kept in the
database reaches no file outside the library's own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rozupe_desk.errors import InvalidInput


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to. It is renamed to `path` when the block
    ends without an error and removed otherwise, so a cancelled or failed export never
    leaves half a file under the chosen name."""
    temporary = path.with_name(path.name + ".part")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def within(folder: Path, name: str | Path) -> Path:
    """`folder / name`, refused unless it lies inside `folder` with links and `..` resolved.

    A row's stored path is data: an absolute path or `../..` in it (a hostile import, a
    hand-edited database) must never make the program delete or open a file elsewhere.
    """
    candidate = folder / name
    if not candidate.resolve().is_relative_to(folder.resolve()):
        raise InvalidInput("fault.outside_files", path=str(name))
    return candidate
