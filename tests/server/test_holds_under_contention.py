"""Two desks taking back two copies of one title at the same moment (issue 16).

One reader waits for the title: exactly one of the copies is kept for her, the other goes
back to the shelf, and a second reader's hold gets nothing twice. peewee gives each thread
its own server connection, so two threads are two desks.
"""

from __future__ import annotations

import threading

from rozupe_desk.db.connection import database
from rozupe_desk.services import library
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.sql import all_rows
from tests.desk_data import make_item, make_patron, make_title

ROUNDS = 12


def _both_at_once(*actions) -> list[object]:
    start, results = threading.Barrier(len(actions)), []

    def desk(action) -> None:
        start.wait()
        try:
            results.append(action())
        finally:
            database.close()

    threads = [threading.Thread(target=desk, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_returns_at_two_desks_serve_one_waiting_reader_once(server_url):
    library.open_library(server_url)
    lender = make_patron("R0", first="Pēteris")
    waiting = [make_patron(f"W{n}", first=f"Gaidītājs{n}") for n in range(ROUNDS)]
    for round_number in range(ROUNDS):
        title = make_title(f"Grāmata {round_number}")
        codes = [f"{round_number}-a", f"{round_number}-b"]
        for code in codes:
            make_item(code, title)
            circulation.checkout(barcode=code, patron_id=lender.id)
        circulation.place_hold(patron_id=waiting[round_number].id, title_id=title.id)
        database.close()

        outcomes = _both_at_once(*(lambda c=c: circulation.checkin(barcode=c) for c in codes))

        kept = [o for o in outcomes if o.kept_for_patron_id is not None]
        assert len(kept) == 1 and kept[0].kept_for_patron_id == waiting[round_number].id
        statuses = dict(all_rows("SELECT barcode, status FROM item WHERE title_id = ?",
                                 (title.id,)))
        assert sorted(statuses.values()) == ["available", "reserved"]
        (hold_item,) = all_rows("SELECT i.barcode FROM hold h JOIN item i ON i.id = h.item_id"
                                " WHERE h.title_id = ? AND h.status = 'ready'", (title.id,))
        assert statuses[hold_item[0]] == "reserved"
