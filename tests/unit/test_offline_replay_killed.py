"""A kill during the return's replay loses and duplicates nothing (issue 16, point 4).

A separate process replays a desk's journal and is killed with SIGKILL half-way; the journal
stays waiting, and the next return applies the rest: every line exactly once, the state that
of one uninterrupted replay.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import library
from rozupe_desk.services.offline import journal
from rozupe_desk.services.offline.link import DeskLink
from rozupe_desk.services.sql import all_rows, scalar
from tests.desk_data import make_item, make_patron, make_title

ROOT = Path(__file__).resolve().parents[2]
COPIES = 240
REPLAYER = """
import sys
from pathlib import Path
from rozupe_desk.services import library
from rozupe_desk.services.offline.link import DeskLink
library.open_library(sys.argv[1])
link = DeskLink(desk_id="galds-1", where=Path(sys.argv[2]))
link.offline = True
print(link.come_back())
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_replay_killed_half_way_is_finished_by_the_next_one(db_path, tmp_path):
    title = make_title("Biškopība")
    for number in range(3):
        make_patron(f"R{number:06d}")
    for number in range(COPIES):
        make_item(f"3{number:04d}", title)
    link = DeskLink(desk_id="galds-1", where=tmp_path)
    start = datetime.now() - timedelta(hours=2)
    for number in range(COPIES):  # lent one by one, every other one back later
        link.scan(code=f"3{number:04d}", card=f"R{number % 3:06d}",
                  at=start + timedelta(seconds=number))
    for number in range(0, COPIES, 2):
        link.scan(code=f"3{number:04d}", card=None,
                  at=start + timedelta(minutes=30, seconds=number))
    lines = COPIES + COPIES // 2
    close_database()

    replayer = subprocess.Popen([sys.executable, "-c", REPLAYER, str(db_path), str(tmp_path)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    library.open_library(db_path)
    deadline = time.monotonic() + 120
    decided = 0
    while decided < lines // 4 and time.monotonic() < deadline:
        time.sleep(0.02)
        decided = scalar("SELECT count(*) FROM koc_transaction")
    replayer.send_signal(signal.SIGKILL)
    replayer.wait(timeout=30)
    decided = scalar("SELECT count(*) FROM koc_transaction")
    assert 0 < decided < lines, "the kill must land mid-replay"
    assert journal.waiting(tmp_path), "a journal not replayed whole stays waiting"

    link.offline = True
    result = link.come_back()
    assert result.refused == [] and result.applied == lines - decided
    assert result.decided_before == decided
    assert scalar("SELECT count(*) FROM koc_transaction") == lines
    assert scalar("SELECT count(DISTINCT line_key) FROM koc_transaction") == lines
    loans = all_rows("SELECT i.barcode, l.returned_at IS NULL FROM loan l"
                     " JOIN item i ON i.id = l.item_id ORDER BY i.barcode")
    assert len(loans) == COPIES  # each copy lent once: no checkout twice, none lost
    assert [bool(open_) for _code, open_ in loans] == [n % 2 == 1 for n in range(COPIES)]
    assert journal.waiting(tmp_path) == []
