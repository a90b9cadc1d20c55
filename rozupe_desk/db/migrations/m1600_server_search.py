"""Issue 16: search on a PostgreSQL server as fast as FTS5 on SQLite (nothing on SQLite).

`search_text` is already folded by `text.fold` (no diacritics, lower case), so the server
needs no `unaccent`: trigram GIN indexes (`pg_trgm`) answer the search services' `LIKE
'%word%'` from the index instead of reading every reader and every title.
"""

from __future__ import annotations

SERVER_STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX patron_search_trgm ON patron USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX title_search_trgm ON title USING gin (search_text gin_trgm_ops)",
]
STATEMENTS: list[str] = []
