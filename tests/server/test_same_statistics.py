"""The same demo library on SQLite and on PostgreSQL gives the same statistics (issue 16).

Every month of the demo's history is computed on both engines, for the whole library and
for each of its branches, and the `stats --json` command prints the same object for a
month on both, with and without `--branch`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from rozupe_desk.db.connection import close_database
from rozupe_desk.services import demo, library
from rozupe_desk.services.statistics import stats

TODAY = date(2026, 11, 30)
BRANCHES = 3


def _every_month(target) -> dict[str, dict]:
    library.open_library(target)
    demo.fill_demo(scale="small", seed=11, today=TODAY, branches=BRANCHES)
    months = {}
    day = date(TODAY.year - 3, 1, 1)
    while day <= TODAY:
        period = stats.month_period(day.year, day.month)
        months[period.label] = stats.compute(period)
        for branch in range(1, BRANCHES + 1):
            months[f"{period.label} {branch}"] = stats.compute(period, branch=branch)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    close_database()
    return months


def _cli_stats(target, month: str, *branch: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(target), "stats",
                             month, "--json", *branch], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def test_every_month_of_the_demo_counts_alike_on_both_engines(tmp_path, server_url):
    on_file = _every_month(tmp_path / "library.sqlite")
    on_server = _every_month(server_url)
    assert on_server == on_file
    busy = max(on_file, key=lambda label: on_file[label]["loans"])
    assert on_file[busy]["loans"] > 0 and on_file[busy]["visits"] > 0
    assert _cli_stats(server_url, busy) == _cli_stats(tmp_path / "library.sqlite", busy)
    jersika = _cli_stats(tmp_path / "library.sqlite", busy, "--branch", "JER")
    assert 0 < jersika["loans"] < on_file[busy]["loans"]
    assert _cli_stats(server_url, busy, "--branch", "JER") == jersika
