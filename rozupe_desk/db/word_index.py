"""A server's word index over folded search text, in plain SQL, so that an index can hold it.

`search_vector(column)` first turns what separates words into spaces, as FTS5's unicode61
tokenizer separates them on SQLite, then makes a `tsvector` of the words ('simple': no
stemming, no stop words). PostgreSQL's parser alone would keep an e-mail, a host name or
`12.5` as one word, so the prefix of its second part would not be found. The separators
are named by code point (`SEPARATORS`), not by `[:alnum:]`: a server in the C locale counts
no Cyrillic letter as one. The indexes of migration m1950 are built from this expression;
a query uses them only with exactly the same expression. Changing it needs a migration
that rebuilds those indexes.
"""

from __future__ import annotations

# ASCII but letters and digits, Latin-1's signs and controls, × ÷, general punctuation
# (dashes, quotes „ “, …), CJK and full-width punctuation; in PostgreSQL's and Python's
# regular expressions alike. Folded text (`text.fold`) holds no letter of these ranges.
SEPARATORS = (r"[\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf\u00d7\u00f7"
              r"\u2000-\u206f\u3000-\u303f\ufe30-\ufe4f\uff00-\uff0f]+")


def search_vector(column: str) -> str:
    return (f"to_tsvector('simple'::regconfig, regexp_replace({column}, '{SEPARATORS}', ' ',"
            " 'g'))")
