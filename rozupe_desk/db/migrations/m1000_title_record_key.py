"""Version 10.00: a title remembers which catalogue record it came from.

`record_key` is `003|001` of the imported MARC record (`|001` when it has no 003, '' for a
title typed in or read from CSV). A second import of the same record finds its title by it
instead of guessing from the ISBN; the partial index keeps titles without a key out.
"""

STATEMENTS = [
    "ALTER TABLE title ADD COLUMN record_key TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX IF NOT EXISTS title_record_key ON title(record_key) WHERE record_key <> ''",
]
