"""Trying a library server before a desk works on it: each refusal in the librarian's
words, an empty database made a library, a library's branches (a real test cluster)."""

from __future__ import annotations

import socket

import psycopg
import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.errors import DomainError
from rozupe_desk.services import library, settings
from rozupe_desk.services.branches import branches
from rozupe_desk.services.server import connect
from tests.postgres_server import TEMPLATE
from tests.server_logins import password_login


@pytest.fixture
def login(postgres_cluster):
    return password_login(postgres_cluster)


def slip(login, database: str, **changes) -> connect.ServerAddress:
    fields = {"host": login.host, "port": str(login.port), "database": database,
              "user": login.user, "password": login.password} | changes
    return connect.address(**fields)


def refusal(server: connect.ServerAddress) -> str:
    with pytest.raises(DomainError) as caught:
        connect.probe(server=server)
    return str(caught.value)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_refusal_says_what_is_wrong(login, postgres_cluster):
    assert ":" in login.password  # reaches the server intact through the URL
    url = postgres_cluster.fresh_database()
    name = url.rsplit("/", 1)[1]
    try:
        assert "parole nav pareiza" in refusal(slip(login, name, password="nepareiza"))
        assert "parole nav pareiza" in refusal(slip(login, name, user="nav_tada_lietotaja"))
        assert f'nav datubāzes "{name}x"' in refusal(slip(login, name + "x"))
        port = closed_port()
        assert f"portā {port} serveris neatbild" in refusal(slip(login, name, port=str(port)))
        assert "neatbild" in refusal(slip(login, name, host="nav-tada-servera.invalid"))
    finally:
        postgres_cluster.drop_database(url)


def test_the_fields_are_checked_before_any_connection():
    with pytest.raises(DomainError, match="Ierakstiet servera adresi"):
        connect.address(host=" ", port="", database="lib", user="u", password="")
    with pytest.raises(DomainError, match="nav derīgs"):
        connect.address(host="h", port="54x", database="lib", user="u", password="")
    assert connect.address(host=" h ", port="", database="lib", user="u",
                           password="").port == 5432


def test_an_empty_database_is_made_a_library(login, postgres_cluster):
    url = postgres_cluster.fresh_database()
    server = slip(login, url.rsplit("/", 1)[1])
    try:
        assert connect.probe(server=server).blank
        made = connect.create_library(server=server)
        assert not made.blank and not made.set_up
        assert [b.code for b in made.branches] == ["1"]
        with pytest.raises(DomainError, match="nav tukša"):
            connect.create_library(server=server)
    finally:
        postgres_cluster.drop_database(url)


def test_another_programs_database_is_left_alone(login, postgres_cluster):
    url = postgres_cluster.fresh_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    try:
        assert "citas programmas dati" in refusal(slip(login, url.rsplit("/", 1)[1]))
    finally:
        postgres_cluster.drop_database(url)


def test_a_library_tells_its_branches(login, postgres_cluster):
    url = postgres_cluster.fresh_database(TEMPLATE)
    library.open_library(url)
    settings.update(library_name="Līvānu novada bibliotēka")
    branches.add_branch(code="RZ", name="Rožupes filiāle")
    close_database()
    try:
        found = connect.probe(server=slip(login, url.rsplit("/", 1)[1]))
        assert found.set_up and not found.blank
        assert [(b.code, b.name) for b in found.branches] == [
            ("1", "Līvānu novada bibliotēka"), ("RZ", "Rožupes filiāle")]
    finally:
        postgres_cluster.drop_database(url)
