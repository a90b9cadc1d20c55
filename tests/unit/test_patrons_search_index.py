"""The readers' full-text index: filled for readers already in an older database, and kept
in step with every insert, change and erasure by the triggers."""

from __future__ import annotations

import pytest

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import close_database, database, open_database
from rozupe_desk.services.readers import patrons, privacy
from rozupe_desk.services.readers.patron_fields import PatronFields


def _indexed(word: str) -> int:
    """Rows the index itself holds for the word (stale entries would show up here)."""
    return database.execute_sql("SELECT count(*) FROM patron_fts WHERE patron_fts MATCH ?",
                                (word,)).fetchone()[0]


def test_an_older_database_gets_its_readers_indexed(tmp_path):
    db = open_database(tmp_path / "v2.sqlite")
    migrations.migrate(db, upto=2)
    db.execute_sql(
        "INSERT INTO patron (card_number, first_name, last_name, registered_on, token, "
        "search_text, created_at) VALUES ('R7', 'Jānis', 'Ozoliņš', '2024-02-03', 7, "
        "'janis ozolins r7', '2024-02-03 10:00:00')")
    assert "patron_fts" not in db.get_tables()
    migrations.migrate(db)
    assert [row["card_number"] for row in patrons.search(text="ozol")] == ["R7"]
    assert _indexed("janis") == 1
    close_database()


@pytest.mark.sqlite_only
def test_the_index_follows_every_change(db_path):
    first = patrons.register(fields=PatronFields(first_name="Anna", last_name="Bērziņa"))
    patrons.register(fields=PatronFields(first_name="Ilze", last_name="Bērziņa"))
    fields = patrons.get(patron_id=first).fields()
    fields.last_name = "Liepa"
    patrons.update(patron_id=first, fields=fields)
    assert (_indexed("berzina"), _indexed("liepa")) == (1, 1)
    assert patrons.count(text="berzina") == 1 and patrons.count(text="liepa") == 1
    privacy.erase_patron(patron_id=first)
    assert (_indexed("liepa"), _indexed("anna")) == (0, 0)
    assert patrons.count(text="liepa") == 0 and patrons.count(text="anna") == 0
    database.execute_sql("DELETE FROM patron")
    assert _indexed("berzina") == 0
