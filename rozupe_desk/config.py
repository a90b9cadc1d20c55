"""Where things live: the user data folder, the default database, logs and resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "RozupeDesk"
APP_AUTHOR = "Rozupe"
DB_ENV_VAR = "ROZUPE_DESK_DB"
DB_FILE_NAME = "rozupe-desk.sqlite"


def data_dir() -> Path:
    """The user data folder (created on demand)."""
    path = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_target() -> str:
    """`ROZUPE_DESK_DB` if set, else the library server this PC was set to work on (the
    first run's server choice), else the database file in the user data folder."""
    from rozupe_desk import workstation  # it reads its file from data_dir() here

    return (os.environ.get(DB_ENV_VAR) or workstation.load().server_url
            or str(data_dir() / DB_FILE_NAME))


def resources_dir() -> Path:
    """The `resources/` folder: beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
