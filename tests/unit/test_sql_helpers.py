"""The one raw-SQL helper module: `?` marks, the engine's own parameter style, row shapes."""

from __future__ import annotations

import importlib.util

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.services import sql


@pytest.mark.sqlite_only
def test_rows_dicts_and_changed_counts_on_a_real_file(db_path):
    sql.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
    ids = [sql.insert("INSERT INTO t (name, n) VALUES (?, ?)", (name, n))
           for name, n in (("Ā", 1), ("Ē", 2), ("Ī", 3))]
    assert ids == [1, 2, 3]
    assert sql.one("SELECT name FROM t WHERE n = ?", (2,)) == ("Ē",)
    assert sql.one("SELECT name FROM t WHERE n = ?", (9,)) is None
    assert sql.scalar("SELECT count(*) FROM t WHERE n >= ?", (2,)) == 2
    assert sql.dicts("SELECT id, name FROM t WHERE n < ? ORDER BY id", (3,),
                     keys=("id", "name")) == [{"id": 1, "name": "Ā"}, {"id": 2, "name": "Ē"}]
    assert sql.changed("UPDATE t SET n = n + 10 WHERE n > ?", (1,)) == 2
    assert sql.changed("DELETE FROM t WHERE n > ?", (100,)) == 0
    assert sql.all_rows("SELECT n FROM t ORDER BY id") == [(1,), (12,), (13,)]
    with pytest.raises(ValueError):  # a key per selected column, no more, no less
        sql.dicts("SELECT id, name FROM t", keys=("id",))


def test_marks_become_the_engines_parameter_style():
    assert sql._dialect("SELECT ? + ?", "?") == "SELECT ? + ?"
    assert sql._dialect("SELECT a FROM t WHERE b = ? AND c IN (?, ?)", "%s") == (
        "SELECT a FROM t WHERE b = %s AND c IN (%s, %s)")


@pytest.mark.sqlite_only  # a real server translates in its execute_sql
def test_statements_reach_the_engine_in_its_style(db_path, monkeypatch):
    """A server engine (PostgreSQL through a URL) gets `%s` marks from the same text."""
    seen = []
    monkeypatch.setattr(type(database.obj), "param", "%s", raising=False)
    monkeypatch.setattr(database.obj, "execute_sql",
                        lambda text, params=(): seen.append((text, params)) or _Cursor())
    from rozupe_desk.services.readers import patrons
    patrons.card_owner("R000001")
    assert seen == [("SELECT id FROM patron WHERE card_number = %s", ("R000001",))]


def test_there_is_one_raw_sql_module():
    assert importlib.util.find_spec("rozupe_desk.services.sql_text") is None


class _Cursor:
    def fetchone(self):
        return None
