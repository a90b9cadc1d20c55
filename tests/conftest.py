"""Shared fixtures: headless Qt, a fresh database for every test, Latvian by default.

`--engine=postgresql` (or ROZUPE_TEST_ENGINE=postgresql) runs the database tests (those
using `db_path`) on a throw-away PostgreSQL cluster instead of SQLite files, and only
those; a test that needs an SQLite file is marked `sqlite_only`. `server_url` is a fresh
server database in either mode (for the tests that compare the engines or run desks side
by side).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.i18n import set_language
from rozupe_desk.services import library
from tests.postgres_server import TEMPLATE, Cluster, binaries

ENGINES = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--engine", choices=ENGINES,
                     default=os.environ.get("ROZUPE_TEST_ENGINE", "sqlite"),
                     help="the engine of the database tests (default sqlite)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: needs an SQLite file (skipped on a server)")


def on_server(config: pytest.Config) -> bool:
    return config.getoption("--engine") == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the server engine, keep the database tests only; skip those that need a file."""
    if not on_server(config):
        return
    kept, dropped = [], []
    for item in items:
        uses_db = {"db_path", "server_url"} & set(getattr(item, "fixturenames", ()))
        (kept if uses_db else dropped).append(item)
        if uses_db and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="needs an SQLite file"))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throw-away cluster per test process, with a migrated template database."""
    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (scripts/dev.py test installs it)")
    cluster = Cluster()
    try:
        cluster.admin(f"CREATE DATABASE {TEMPLATE}")
        library.open_library(cluster.url(TEMPLATE))
        close_database()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def server_url(postgres_cluster: Cluster) -> Iterator[str]:
    """A fresh, migrated, empty library database on the test server (not opened)."""
    url = postgres_cluster.fresh_database(TEMPLATE)
    yield url
    close_database()
    postgres_cluster.drop_database(url)

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
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """A fresh, migrated, empty library database, opened for the services: a file, or with
    `--engine=postgresql` a server database's URL."""
    if on_server(request.config):
        url = request.getfixturevalue("server_url")
        library.open_library(url)
        yield url
        close_database()
        return
    path = tmp_path / "library.sqlite"
    library.open_library(path)
    yield path
    close_database()
