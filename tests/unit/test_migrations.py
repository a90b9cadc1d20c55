"""Schema versions: create, migrate from the first version with data, refuse newer ones."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import close_database, database, open_database
from rozupe_desk.db.models import Item, Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.services import library


def test_init_twice_is_harmless(tmp_path):
    path = tmp_path / "lib.sqlite"
    first = library.initialize(path)
    assert first == [m.name for m in migrations.known_migrations()]
    assert library.initialize(path) == []
    assert migrations.schema_version(database.obj) == migrations.latest_version()
    close_database()


def test_a_first_version_database_with_data_migrates_and_keeps_it(tmp_path):
    path = tmp_path / "v1.sqlite"
    db = open_database(path)
    migrations.migrate(db, upto=1)
    assert migrations.schema_version(db) == 1
    db.execute_sql(
        "INSERT INTO patron (card_number, first_name, last_name, registered_on, token, "
        "created_at) VALUES ('R7', 'Jānis', 'Ozoliņš', '2024-02-03', 7, '2024-02-03 10:00:00')")
    db.execute_sql("INSERT INTO title (title, created_at) VALUES ('Sēņu atlants', '2024-02-03')")
    db.execute_sql("INSERT INTO item (barcode, title_id, created_at) VALUES ('1001', 1, '2024-02-03')")
    assert "discard_act" not in db.get_tables()

    applied = migrations.migrate(db)

    assert applied == [m.name for m in migrations.known_migrations()[1:]]
    assert migrations.schema_version(db) == migrations.latest_version()
    assert Patron.get(Patron.card_number == "R7").last_name == "Ozoliņš"
    assert Patron.get(Patron.card_number == "R7").registered_on == date(2024, 2, 3)
    assert Item.get(Item.barcode == "1001").discard_act is None
    kept = tmp_path / "v1.sqlite.before-v0002.bak"
    assert kept.exists()
    with sqlite3.connect(kept) as copy:
        assert copy.execute("SELECT count(*) FROM patron").fetchone()[0] == 1
    close_database()


def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "new.sqlite"
    library.initialize(path)
    database.execute_sql("INSERT INTO schema_migration VALUES ('m9999_future', '2030-01-01')")
    close_database()
    before = path.read_bytes()
    with pytest.raises(DomainError) as error:
        library.open_library(path)
    assert "jaunāka" in str(error.value)
    close_database()
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Iepirkumu saraksts: piens, maize")
    with pytest.raises(DomainError, match="nav Rožupe Desk datubāze"):
        library.open_library(path)
    assert path.read_text() == "Iepirkumu saraksts: piens, maize"


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(DomainError, match="citas programmas"):
        library.open_library(path)
    close_database()


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(DomainError, match="nav"):
        library.open_library(tmp_path / "missing" / "lib.sqlite")
    assert not (tmp_path / "missing").exists()


def test_created_at_round_trips_as_datetime(db_path):
    Patron.create(card_number="R1", first_name="A", last_name="B", registered_on=date.today(),
                  token=5, created_at=datetime(2026, 1, 2, 3, 4, 5))
    assert Patron.get().created_at == datetime(2026, 1, 2, 3, 4, 5)
