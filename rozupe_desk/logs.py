"""Logging to a rotating file in the user's log folder: what went wrong, for the developers,
never shown to the librarian as a traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from rozupe_desk import config

_FILE_NAME = "rozupe-desk.log"


def log_file() -> Path:
    return config.log_dir() / _FILE_NAME


def configure(level: int = logging.INFO) -> None:
    """Send log records to the rotating file (once per process and log folder)."""
    root = logging.getLogger()
    target = str(log_file())
    for handler in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        if handler.baseFilename == target:
            return
        root.removeHandler(handler)  # the log folder moved (tests give each its own)
        handler.close()
    try:
        handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=5,
                                      encoding="utf-8")
    except OSError:  # a read-only profile must not stop the program
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
