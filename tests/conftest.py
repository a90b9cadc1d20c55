"""Shared fixtures: headless Qt, a fresh database for every test, Latvian by default."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.i18n import set_language
from rozupe_desk.services import library

# Real catalogue servers (yaz-ztest) for the copy-cataloguing tests.
pytest_plugins = ["tests.lookup_server"]


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Keep logs and default databases of tests out of the real user's folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ROZUPE_DESK_DB", raising=False)
    set_language("lv")


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    """A fresh, migrated, empty library database file, opened for the services."""
    path = tmp_path / "library.sqlite"
    library.open_library(path)
    yield path
    close_database()
