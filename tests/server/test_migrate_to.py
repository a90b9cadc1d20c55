"""`migrate-to URL`: a branch's SQLite library moved onto an empty server (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

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


def _move(source: Path, url: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(source),
                           "migrate-to", url, *options], capture_output=True, text=True,
                          cwd=ROOT)


def _cli_stats(target, month: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(target), "stats",
                             month, "--json"], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    return json.loads(result.stdout)


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


def _every_month(branches: dict[str, int]) -> dict[str, dict]:
    """`stats --json` of every month of the demo's history, of the library and of each
    branch (code -> id on this side)."""
    months = {}
    day = date(TODAY.year - 3, 1, 1)
    while day <= TODAY:
        month = f"{day.year:04d}-{day.month:02d}"
        months[month] = json.loads(json.dumps(stats.for_text(text=month)[1]))
        for code, branch_id in branches.items():
            months[f"{month} {code}"] = json.loads(json.dumps(
                stats.for_text(text=month, branch=branch_id)[1]))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


@pytest.mark.parametrize("branches, moved_as", [(2, ()), (1, ("--branch", "ROZ"))])
def test_anonymised_history_counts_the_same_after_the_move(tmp_path, server_url, branches,
                                                           moved_as):
    """Once the loans no longer name their readers, the closed months' reader counts and
    the frozen days' summaries are the only record: they move with the library."""
    from rozupe_desk.services.branches import branches as branch_service
    from rozupe_desk.services.readers import privacy

    source = tmp_path / "rozupe.sqlite"
    library.open_library(source)
    demo.fill_demo(scale="small", seed=5, today=TODAY, branches=branches)
    cutoff = privacy.anonymize_history(today=TODAY, days=400).cutoff
    assert cutoff.year == TODAY.year - 1  # 2024 closed, 2025 folded to October, then counted
    assert not all_rows("SELECT count(*) FROM loan WHERE patron_id IS NOT NULL"
                        " AND returned_at < ?", (cutoff.isoformat(),))[0][0]
    codes = {b.code: b.id for b in branch_service.list_branches()}
    before = _every_month(codes)
    closed = f"{cutoff.year - 1:04d}-12"  # the demo's first full month
    close_database()
    on_file = _cli_stats(source, closed)

    moved = _move(source, server_url, *moved_as)
    assert moved.returncode == 0, moved.stderr

    library.open_library(server_url)
    if moved_as:  # the file's one branch is now ROZ (the server's branch 1 has nothing)
        codes = {"1": branch_service.branch_by_code("ROZ").id}
    after = _every_month(codes)
    close_database()
    assert after == before
    folded = f"{cutoff.year:04d}-{cutoff.month - 1:02d}"
    for month in (closed, folded):
        assert before[month]["users_active"] > 0 and before[month]["loans"] > 0
    assert _cli_stats(server_url, closed) == on_file
