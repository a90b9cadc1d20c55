"""On the server, the day a copy went in transit is ISO text like every other date.

m1900 adds `item.transit_since DATE` as the statement's last word, which the server dialect
(`DATE` → `TEXT` when a space, comma or bracket follows) leaves a real `date` column: the
dates the program binds as text were refused there. SQLite stores ISO text already: nothing
to do on the file.
"""

from __future__ import annotations

STATEMENTS: list[str] = []
SERVER_STATEMENTS = [
    "ALTER TABLE item ALTER COLUMN transit_since TYPE TEXT USING transit_since::text",
]
