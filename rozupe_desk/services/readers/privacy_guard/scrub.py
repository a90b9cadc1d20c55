"""Making an erasure final in the bytes: nothing of the reader left to find by `grep -a` in
the database file or its WAL.

SQLite keeps old bytes in many places: an updated row's old cell inside its page, pages
freed by earlier work (on the free list, never overwritten), the full-text index's older
segments (a deleted entry is only a delete marker until the segments merge), and the WAL,
which holds every page version written since its last reset. So the erasure runs with
`secure_delete` (deleted content is overwritten with zeros), merges the readers' search
index into one segment, overwrites every free page with zeros and resets the WAL. On
PostgreSQL the server's own VACUUM does the equivalent, and only the portable parts run.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from peewee import SqliteDatabase

from rozupe_desk.db.connection import database
from rozupe_desk.services.sql import all_rows, execute, one

log = logging.getLogger(__name__)

CHECKPOINT_TRIES = 50  # a reader of the other connection may hold the WAL for a moment
ZERO_CHUNK = 1 << 27  # bytes per zero-filled value (SQLite refuses values over 1 GB)


def _sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


@contextmanager
def secure_delete() -> Iterator[None]:
    """Within: deleted content is zeroed. After: free pages zeroed, the WAL reset."""
    if not _sqlite():
        yield
        return
    previous = one("PRAGMA secure_delete")[0]
    execute("PRAGMA secure_delete = 1")
    try:
        yield
        _zero_free_pages()
        _reset_wal()
    finally:
        execute(f"PRAGMA secure_delete = {int(previous)}")


def optimize_search_index() -> None:
    """Merge the readers' full-text index into one segment, dropping deleted entries (in
    the erasing transaction)."""
    if _sqlite():
        execute("INSERT INTO patron_fts(patron_fts) VALUES ('optimize')")


def _zero_free_pages() -> None:
    """Take every free page into one zero-filled value and free them again (zeroed)."""
    free, size = one("PRAGMA freelist_count")[0], one("PRAGMA page_size")[0]
    if not free:
        return
    with database.atomic():
        execute("CREATE TABLE privacy_scrub (zeros BLOB)")
        for start in range(0, free * size, ZERO_CHUNK):
            execute("INSERT INTO privacy_scrub (zeros) VALUES (zeroblob(?))",
                    (min(ZERO_CHUNK, free * size - start),))
        execute("DROP TABLE privacy_scrub")


def _reset_wal() -> None:
    for _ in range(CHECKPOINT_TRIES):
        busy, _frames, _done = one("PRAGMA wal_checkpoint(TRUNCATE)")
        if not busy:
            return
        time.sleep(0.1)
    # The old frames are overwritten by the next writes; the next idle checkpoint resets it.
    log.warning("the WAL could not be reset after an erasure: another connection reads")


# -- the reader's traces outside the patron row ----------------------------------------------

def forget_card(card: str) -> int:
    """Blank the card number in the stored lines of offline circulation files and in their
    outcomes; returns the lines changed. A line's key is a hash of the whole line: with the
    rest of the line kept and card numbers short, a dictionary would give the card back,
    so the key becomes a random one (a replay of that old file would decide the line anew,
    and refuse it: the card is gone)."""
    rows = all_rows("SELECT id, raw, reason FROM koc_transaction WHERE raw LIKE ? OR "
                    "reason LIKE ?", (f"%{card}%", f"%{card}%"))
    for row_id, raw, reason in rows:
        fields = ["" if field.strip() == card else field for field in raw.split("\t")]
        execute("UPDATE koc_transaction SET raw = ?, reason = ?, line_key = ? WHERE id = ?",
                ("\t".join(fields).replace(card, ""), reason.replace(card, ""),
                 f"erased:{secrets.token_hex(16)}", row_id))
    return len(rows)


def unlink_audit(*, patron_id: int | None = None, before: date | None = None) -> int:
    """Drop `patron_id` from the details of the audit entries of one reader, or of every
    entry older than `before`: the log keeps what was done, not for whom."""
    if patron_id is not None:
        rows = all_rows("SELECT id, details FROM audit_log WHERE details LIKE ? OR details "
                        "LIKE ?", (f'%"patron_id": {patron_id},%', f'%"patron_id": {patron_id}}}%'))
    else:
        rows = all_rows("SELECT id, details FROM audit_log WHERE at < ? AND details LIKE ?",
                        (before.isoformat(), '%"patron_id": %'))
    for row_id, details in rows:
        data = json.loads(details)
        data.pop("patron_id", None)
        execute("UPDATE audit_log SET details = ? WHERE id = ?",
                (json.dumps(data, ensure_ascii=False, default=str) if data else "", row_id))
    return len(rows)
