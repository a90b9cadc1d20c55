"""File helpers shared by the exports: a file appears under its chosen name only whole."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
