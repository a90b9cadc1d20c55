"""Several desks on one PostgreSQL server, competing for the same copies (issue 16).

Four processes scan the same six copies for the same readers at once. Whatever the
interleaving: no copy is ever lent twice, every acknowledged check-in closed exactly one
loan (no lost update), every loan id handed back is real, each desk's audit rows carry its
desk id, and the only failures the librarian sees are Latvian refusals.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import library, settings
from rozupe_desk.services.safety import integrity
from rozupe_desk.services.sql import all_rows, scalar
from tests.desk_data import make_item, make_patron, make_title

ROOT = Path(__file__).resolve().parents[2]
DESKS, SCANS = 4, 120


def test_desks_competing_for_copies_never_lend_one_twice_nor_lose_a_return(server_url):
    library.open_library(server_url)
    settings.update(max_loans=3)
    for number in range(5):
        make_patron(f"R{number:06d}", first=f"Lasītājs{number}")
    title = make_title("Biškopība")
    for number in range(6):
        make_item(f"100{number}", title)
    close_database()

    desks = [subprocess.Popen([sys.executable, "-m", "tests.server.desk_worker", server_url,
                               f"galds-{n}", str(n), str(SCANS)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(DESKS)]
    results = []
    for process in desks:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err  # a traceback instead of a refusal
        results.append(json.loads(out))

    library.open_library(server_url)
    checkouts = [loan for r in results for loan in r["checkouts"]]
    checkins = [loan for r in results for loan in r["checkins"]]
    refusals = sum((Counter(r["refusals"]) for r in results), Counter())
    assert len(checkouts) + len(checkins) + sum(refusals.values()) == DESKS * SCANS
    assert checkouts and checkins and refusals["circulation.on_loan_to_other"]
    assert set(refusals) <= {"circulation.on_loan_to_other", "circulation.not_on_loan",
                             "circulation.already_on_loan_to_patron",
                             "circulation.limit_reached", "server.busy"}
    # Every loan id handed back is a real, distinct loan; each return closed one of them once.
    loans = dict(all_rows("SELECT id, returned_at FROM loan"))
    assert sorted(checkouts) == sorted(loans) and 0 not in loans
    assert len(checkins) == len(set(checkins))
    assert sorted(checkins) == sorted(i for i, returned in loans.items() if returned)
    assert scalar("SELECT count(*) FROM audit_log WHERE action = 'desk.checkin'") == len(checkins)
    # Never two open loans of a copy, nor a reader past the limit; statuses agree.
    assert all_rows("SELECT item_id FROM loan WHERE returned_at IS NULL"
                    " GROUP BY item_id HAVING count(*) > 1") == []
    assert all_rows("SELECT patron_id FROM loan WHERE returned_at IS NULL"
                    " GROUP BY patron_id HAVING count(*) > 3") == []
    assert integrity.run_check().sound
    actors = {row[0].rsplit("@", 1)[1] for row in all_rows(
        "SELECT DISTINCT actor FROM audit_log WHERE action LIKE 'desk.%'")}
    assert actors == {f"galds-{n}" for n in range(DESKS)}
