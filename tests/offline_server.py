"""A server of the test's own for the offline tests: they stop and start it mid-session,
which the session's shared cluster must never see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import library, settings
from tests.desk_data import make_item, make_patron, make_title
from tests.postgres_server import Cluster, binaries


@pytest.fixture
def own_server() -> Iterator[Cluster]:
    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (scripts/dev.py test installs it)")
    cluster = Cluster()
    try:
        cluster.admin("CREATE DATABASE library")
        yield cluster
    finally:
        close_database()
        cluster.stop()


def small_branch(url: str) -> None:
    """Readers R000001-R000003, copies 2001-2008 of one title, on the server at `url`."""
    library.open_library(url)
    settings.update(library_name="Rožupes bibliotēka")
    for number in range(1, 4):
        make_patron(f"R{number:06d}", first=f"Lasītājs{number}", last="Kalniņš")
    title = make_title("Biškopība")
    for number in range(1, 9):
        make_item(f"200{number}", title)
