"""Foundation budgets: opening the database and the integrity quick check."""

from __future__ import annotations

import time
from pathlib import Path

from run import Result


def run(db_path: Path) -> list[Result]:
    from rozupe_desk.services import integrity, library

    started = time.perf_counter()
    library.open_library(db_path)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    result = integrity.run_check(quick=True)
    checked = time.perf_counter() - started
    return [
        Result("open + migrate check", round(opened * 1000, 1), "ms"),
        Result("quick_check + invariants", round(checked, 2), "s", note=result.integrity),
    ]
