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
    """Send log records to the rotating file (once per process)."""
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    try:
        handler = RotatingFileHandler(log_file(), maxBytes=2_000_000, backupCount=5,
                                      encoding="utf-8")
    except OSError:  # a read-only profile must not stop the program
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
