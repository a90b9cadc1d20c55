"""This PC's own settings: the library server it connects to (none: the file on this PC),
the branch its desk works for and the desk's name among the server's desks.

They live in the user data folder, not in the database: several desks share one server
database, and each keeps its own branch and name. A missing or unreadable file means the
defaults (this PC alone, branch "1", the computer's name).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from rozupe_desk import config
from rozupe_desk.files import written_whole

FILE_NAME = "workstation.json"
DESK_ENV_VAR = "ROZUPE_DESK_ID"
_stored = 0  # how many times `store` ran: a cache of what follows from the settings keys on it


@dataclass(frozen=True)
class Workstation:
    server_url: str = ""  # empty: the database file on this PC
    branch_code: str = "1"
    desk_id: str = ""  # empty: the computer's name


def path() -> Path:
    return config.data_dir() / FILE_NAME


def load() -> Workstation:
    try:
        stored = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Workstation()
    if not isinstance(stored, dict):
        return Workstation()
    return Workstation(**{k: str(v) for k, v in stored.items()
                          if k in Workstation.__dataclass_fields__})


def store(**changes: str) -> Workstation:
    """Change some settings of this PC and keep them; returns the new whole."""
    global _stored
    settings = replace(load(), **changes)
    with written_whole(path()) as temporary:
        temporary.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2),
                             encoding="utf-8")
    _stored += 1
    return settings


def generation() -> int:
    """Changes with every `store` in this process: what is worked out from the settings
    (the desk's branch id on the checkout's path) is kept until it changes."""
    return _stored


def desk_id() -> str:
    """This desk's name among those of one server: ROZUPE_DESK_ID, else the stored name,
    else the computer's."""
    return os.environ.get(DESK_ENV_VAR) or load().desk_id or socket.gethostname()
