"""Benchmarks at a chosen scale: builds a database with demo data, then times each budget.

    python benchmarks/run.py --scale municipality [--db PATH] [--keep] [--only NAME ...]

Each `bench_*.py` module beside this file defines `run(db_path) -> list[Result]`. Results
print as a table and go to `benchmarks/results/<scale>.json`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


@dataclass
class Result:
    name: str
    value: float
    unit: str
    budget: str = ""
    ok: bool | None = None
    note: str = ""


def build(db_path: Path, scale: str, seed: int) -> Result:
    from rozupe_desk.services import demo, library

    library.open_library(db_path)
    started = time.perf_counter()
    summary = demo.fill_demo(scale=scale, seed=seed)
    seconds = time.perf_counter() - started
    return Result(f"demo {scale}", round(seconds, 1), "s", note=str(asdict(summary)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="branch", choices=("small", "branch", "municipality"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="use (or keep) this database file")
    parser.add_argument("--only", nargs="*", help="bench modules to run, e.g. circulation")
    args = parser.parse_args()

    db_path = args.db or HERE / "results" / f"{args.scale}.sqlite"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    (HERE / "results").mkdir(exist_ok=True)
    results: list[Result] = []
    if not db_path.exists():
        results.append(build(db_path, args.scale, args.seed))
    for module_path in sorted(HERE.glob("bench_*.py")):
        name = module_path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        module = importlib.import_module(module_path.stem)
        results.extend(module.run(db_path))

    width = max((len(r.name) for r in results), default=10)
    for r in results:
        verdict = "" if r.ok is None else ("ok" if r.ok else "OVER BUDGET")
        print(f"{r.name:<{width}}  {r.value:>10} {r.unit:<6} {r.budget:<16} {verdict} {r.note}")
    out = HERE / "results" / f"{args.scale}.json"
    out.parent.mkdir(parents=True, exist_ok=True)  # absent when --db points elsewhere
    out.write_text(json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
