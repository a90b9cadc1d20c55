"""Issue 16: search as you type on a server from a word index, as FTS5 does on SQLite.

The trigram indexes of m1600 find nothing for a two-letter word (no trigram: every row is
read) and return every match of a common word to be sorted. A GIN index over the folded
`search_text` as words (`db.word_index.search_vector`: PostgreSQL's own full text search,
'simple' configuration, no stemming) answers prefix queries from its word list, as FTS5's
prefix indexes do. The regular expression the services keep as a recheck needs no index
of its own, so the trigram indexes go (they only cost every write). Nothing on SQLite.
"""

from __future__ import annotations

from rozupe_desk.db.word_index import search_vector

SERVER_STATEMENTS = [
    "DROP INDEX IF EXISTS patron_search_trgm",
    "DROP INDEX IF EXISTS title_search_trgm",
    f"CREATE INDEX patron_search_words ON patron USING gin ({search_vector('search_text')})",
    f"CREATE INDEX title_search_words ON title USING gin ({search_vector('search_text')})",
]
STATEMENTS: list[str] = []
