"""Issue 4: a full-text index over the readers' folded search text, for search as you type.

FTS5 with `unicode61 remove_diacritics 2` folds every Latvian letter (`berzina` finds
`Bērziņa`) and `prefix='2 3'` keeps two- and three-letter prefixes fast (DESIGN 6). The
index holds no copy of the text (external content: the `patron` table); triggers keep it in
step with every insert, update and delete, including the demo's bulk inserts. PostgreSQL has
no FTS5: there the search service falls back to LIKE over `search_text`.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

SQLITE_STATEMENTS = [
    """CREATE VIRTUAL TABLE patron_fts USING fts5(
        search_text, content='patron', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER patron_fts_insert AFTER INSERT ON patron BEGIN
        INSERT INTO patron_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER patron_fts_delete AFTER DELETE ON patron BEGIN
        INSERT INTO patron_fts(patron_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER patron_fts_update AFTER UPDATE OF search_text ON patron BEGIN
        INSERT INTO patron_fts(patron_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        INSERT INTO patron_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # Readers already in the database (an older file, the demo) enter the index once.
    "INSERT INTO patron_fts(patron_fts) VALUES ('rebuild')",
]


def up(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        for statement in SQLITE_STATEMENTS:
            db.execute_sql(statement)
    # Erasing a reader and the list of long-absent readers look up visits by reader.
    db.execute_sql("CREATE INDEX visit_patron ON visit(patron_id) WHERE patron_id IS NOT NULL")
