"""The process the crash tests kill: desk work or a KOC replay on a real database file.

    python -m tests.crash_desk.worker desk DB SIDE_LOG SEED
    python -m tests.crash_desk.worker window DB SIDE_LOG SEED
    python -m tests.crash_desk.worker koc DB KOC_FILE

In `desk` mode it loops over checkouts, check-ins and renewals through the services and,
after each committed transaction, appends one line to SIDE_LOG (flushed and fsynced):
`checkout|checkin|renew LOAN_ID BARCODE`. It stops by itself only when the test that started it is gone, or
after MAX_SECONDS; the test kills it long before. `window` mode opens the library twice
first, as the window does (`run_app` reads the language, then `create_window`).
"""

from __future__ import annotations

import os
import random
import sys
import time

from rozupe_desk.errors import DomainError
from rozupe_desk.services import library
from rozupe_desk.services.circulation import circulation, desk, koc

MAX_SECONDS = 120  # a test kills it long before


def desk_loop(db: str, side_log: str, seed: int, *, opens: int = 1) -> None:
    for _ in range(opens):
        library.open_library(db)
    desk.defer_checkpoints()  # as the window does; checkpoints happen between scans
    rng = random.Random(seed)
    barcodes = _barcodes()
    patrons = [row[0] for row in _rows("SELECT id FROM patron WHERE NOT blocked")]
    parent, stop_at = os.getppid(), time.monotonic() + MAX_SECONDS
    with open(side_log, "a", encoding="utf-8") as log:
        step = 0
        while os.getppid() == parent and time.monotonic() < stop_at:  # no orphan loops on
            step += 1
            if step % 25 == 0:
                desk.checkpoint()
            barcode = rng.choice(barcodes)
            item = circulation.item_by_barcode(barcode)
            try:
                if item.loan_id is None:
                    done = circulation.checkout(barcode=barcode, patron_id=rng.choice(patrons))
                elif rng.random() < 0.6:
                    done = circulation.checkin(barcode=barcode)
                else:
                    done = circulation.renew(barcode=barcode)
            except DomainError:
                continue  # refused: nothing changed, nothing to log
            log.write(f"{done.action} {done.loan_id} {barcode}\n")
            log.flush()
            os.fsync(log.fileno())


def _rows(sql: str) -> list[tuple]:
    from rozupe_desk.db.connection import database

    return database.execute_sql(sql).fetchall()


def _barcodes() -> list[str]:
    return [row[0] for row in _rows(
        "SELECT barcode FROM item WHERE status IN ('available', 'on_loan')")]


def main(argv: list[str]) -> int:
    mode, db, path = argv[:3]
    if mode in ("desk", "window"):
        desk_loop(db, path, int(argv[3]), opens=2 if mode == "window" else 1)
        return 0
    library.open_library(db)
    report = koc.replay_file(path=path)
    return 0 if not report.rejected else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
