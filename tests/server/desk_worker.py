"""One desk of several on one server, for the contention test.

    python -m tests.server.desk_worker URL DESK_ID SEED COUNT

It scans COUNT times at random among the same few copies and readers as the other desks
(a checkout to a random reader, or a check-in when the copy is on loan) through the
services, and prints one JSON object: what was done (loan ids) and the refusals by message
id. Anything but a `DomainError` escapes and fails the process: a traceback is a failure.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections import Counter

from rozupe_desk.errors import DomainError
from rozupe_desk.services import library
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.sql import all_rows


def main(url: str, desk: str, seed: int, count: int) -> None:
    os.environ["ROZUPE_DESK_ID"] = desk
    library.open_library(url)
    rng = random.Random(seed)
    barcodes = [row[0] for row in all_rows("SELECT barcode FROM item ORDER BY id")]
    readers = [row[0] for row in all_rows("SELECT id FROM patron ORDER BY id")]
    checkouts, checkins, refusals = [], [], Counter()
    for _ in range(count):
        barcode = rng.choice(barcodes)
        try:
            if rng.random() < 0.5:
                checkouts.append(circulation.checkout(
                    barcode=barcode, patron_id=rng.choice(readers)).loan_id)
            else:
                checkins.append(circulation.checkin(barcode=barcode).loan_id)
        except DomainError as refusal:
            refusals[refusal.key] += 1
    print(json.dumps({"checkouts": checkouts, "checkins": checkins, "refusals": refusals}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
