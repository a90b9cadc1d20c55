"""`migrate-to URL`: a branch's SQLite library moved onto an empty server (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import demo, library
from rozupe_desk.services.safety import integrity
from rozupe_desk.services.sql import all_rows
from rozupe_desk.services.statistics import stats

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 30)
TABLES = ("patron", "title", "item", "loan", "renewal", "hold", "visit", "event", "audit_log",
          "setting", "closed_day")


def _snapshot() -> dict:
    rows = {t: all_rows(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}
    rows["guardians"] = all_rows("SELECT id, guardian_id FROM patron"
                                 " WHERE guardian_id IS NOT NULL ORDER BY id")
    rows["open_loans"] = all_rows("SELECT id, item_id, patron_id, due_on FROM loan"
                                  " WHERE returned_at IS NULL ORDER BY id")
    rows["stats"] = stats.compute(stats.month_period(2026, 3))
    return rows


def _move(source: Path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(source),
                           "migrate-to", url], capture_output=True, text=True, cwd=ROOT)


def test_a_file_library_moves_to_the_server_whole_and_only_once(tmp_path, server_url):
    source = tmp_path / "rozupe.sqlite"
    library.open_library(source)
    demo.fill_demo(scale="small", seed=5, today=TODAY)
    before = _snapshot()
    close_database()

    moved = _move(source, server_url)
    assert moved.returncode == 0, moved.stderr
    assert "pārcelta" in moved.stdout

    library.open_library(server_url)
    after = _snapshot()
    assert after.pop("audit_log") == before.pop("audit_log") + 1  # the move itself
    assert after == before
    assert integrity.run_check().sound
    close_database()

    again = _move(source, server_url)
    assert again.returncode == 1 and "jau ir lasītāji" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


def test_a_branchs_library_moves_in_as_that_branch(tmp_path, server_url):
    from rozupe_desk import workstation
    from rozupe_desk.services.branches import branches

    source = tmp_path / "rozupe.sqlite"
    library.open_library(source)
    demo.fill_demo(scale="small", seed=5, today=TODAY)
    before = _snapshot()
    counts = {(t, c): all_rows(f"SELECT count(*) FROM {t} WHERE {c} = 1")[0][0]
              for t, c in branches.BRANCH_COLUMNS}
    close_database()

    moved = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(source),
                            "migrate-to", server_url, "--branch", "ROZ", "--name",
                            "Rožupes filiāle"], capture_output=True, text=True, cwd=ROOT)
    assert moved.returncode == 0, moved.stderr
    assert "filiāles ROZ ieraksti" in moved.stdout

    library.open_library(server_url)
    after = _snapshot()
    assert after.pop("audit_log") == before.pop("audit_log") + 1
    assert after == before  # nothing lost, the same statistics
    roz = branches.branch_by_code("ROZ")
    assert (roz.name, [b.code for b in branches.list_branches()]) == (
        "Rožupes filiāle", ["1", "ROZ"])
    for (table, column), count in counts.items():
        assert all_rows(f"SELECT count(*) FROM {table} WHERE {column} = ?",
                        (roz.id,))[0][0] == count, (table, column)
        assert not all_rows(f"SELECT count(*) FROM {table} WHERE {column} = 1")[0][0]
    assert counts[("item", "branch_id")] > 0
    assert workstation.load().branch_code == "ROZ"  # this PC works for its branch
    assert branches.desk_branch().code == "ROZ"
    close_database()
