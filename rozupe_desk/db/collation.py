"""Latvian alphabetical order in plain SQL, so that an index can hold it.

SQLite compares text byte by byte: "Ēriks" came after "Ojārs" and "Šmite" after "Zariņa".
`latvian_order(column)` is an expression of built-in, deterministic functions (`replace`,
`lower`) that maps a name to a key sorting the Latvian way: the long vowels ā ē ī ū sort
with a e i u, and č ģ ķ ļ ņ š ž are letters of their own right after c g k l n s z. No
custom collation is registered, so any SQLite tool (and PostgreSQL) still opens the file
and checks its indexes.

The indexes of migration m0900 are built from this expression; a query uses them only when
it orders by exactly the same expression. Changing the mapping needs a migration that
rebuilds those indexes.
"""

from __future__ import annotations

# "{" is the byte after "z": "c{" sorts after every "c…" word, before "d".
_KEYS = {
    "ā": "a", "ē": "e", "ī": "i", "ō": "o", "ū": "u",
    "č": "c{", "ģ": "g{", "ķ": "k{", "ļ": "l{", "ņ": "n{", "ŗ": "r{", "š": "s{", "ž": "z{",
}


def latvian_order(column: str) -> str:
    """An SQL expression over `column` that sorts in Latvian alphabetical order."""
    expression = column
    for letter, key in _KEYS.items():
        for variant in (letter.upper(), letter):
            expression = f"replace({expression}, '{variant}', '{key}')"
    return f"lower({expression})"

