"""Catalogue search (issue 5): an FTS5 index over the folded title text, kept in sync by
triggers, and an index to list titles in alphabetical order.

The index is external-content (`content='title'`): it stores only the token index, the text
stays in `title.search_text` (title, authors, ISBN, ISSN, subjects, already folded). Triggers
keep it in step with every insert, update and delete, so bulk loads with raw SQL (demo data,
imports) are searchable at once. `prefix='2 3'` makes two- and three-letter prefix queries
(typed while searching) read a small prefix index instead of walking the whole term list.
PostgreSQL has no FTS5; there the search service falls back to LIKE on `search_text`.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

STATEMENTS = [
    "CREATE INDEX title_title ON title(title)",
    "CREATE INDEX item_title_status ON item(title_id, status)",
    "CREATE INDEX stocktake_scan_item ON stocktake_scan(session_id, item_id)",
]

SQLITE_STATEMENTS = [
    """CREATE VIRTUAL TABLE title_fts USING fts5(
        search_text, content='title', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER title_fts_insert AFTER INSERT ON title BEGIN
        INSERT INTO title_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER title_fts_delete AFTER DELETE ON title BEGIN
        INSERT INTO title_fts(title_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER title_fts_update AFTER UPDATE OF search_text ON title BEGIN
        INSERT INTO title_fts(title_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO title_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # Titles that existed before this migration enter the index here.
    "INSERT INTO title_fts(title_fts) VALUES ('rebuild')",
]


def up(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        for statement in SQLITE_STATEMENTS:
            db.execute_sql(statement)
