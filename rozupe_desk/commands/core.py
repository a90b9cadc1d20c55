"""Commands that create, fill and check the database: `init`, `demo`, `check`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from rozupe_desk.commands import Registry
from rozupe_desk.i18n import tr
from rozupe_desk.services import demo, library
from rozupe_desk.services.branches.demo_branches import MAX_BRANCHES
from rozupe_desk.services.safety import integrity


def register(registry: Registry) -> None:
    registry.command("init", "cli.init.help", run_init, opens_db=False)
    parser = registry.command("demo", "cli.demo.help", run_demo)
    parser.add_argument("--scale", choices=tuple(demo.SCALES), default="small",
                        help=tr("cli.demo.scale"))
    parser.add_argument("--seed", type=int, default=1, help=tr("cli.demo.seed"))
    parser.add_argument("--branches", type=int, default=1, metavar="N",
                        help=tr("branch_stats.cli.branches", limit=MAX_BRANCHES))
    parser = registry.command("check", "cli.check.help", run_check)
    parser.add_argument("--json", action="store_true", help=tr("cli.json"))


def run_init(args: argparse.Namespace) -> int:
    applied = library.initialize(args.db)
    if applied:
        print(tr("cli.init.migrated", count=len(applied), target=args.db))
    else:
        print(tr("cli.init.up_to_date", target=args.db))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    show = sys.stderr.isatty()

    def progress(fraction: float) -> None:
        if show:
            print(f"\r{tr('cli.demo.progress')} {fraction:4.0%}", end="", file=sys.stderr)

    summary = demo.fill_demo(scale=args.scale, seed=args.seed, progress=progress,
                             branches=args.branches)
    if show:
        print(file=sys.stderr)
    print(tr("cli.demo.done", **asdict(summary)))
    return 0


def run_check(args: argparse.Namespace) -> int:
    result = integrity.run_check()
    if args.json:
        print(json.dumps({"integrity": result.integrity, **result.counts,
                          "problems": result.messages()}, ensure_ascii=False))
    else:
        for line in result.messages():
            print(line)
        print(tr("cli.check.sound") if result.sound else tr("cli.check.unsound"))
        if result.integrity != "ok":
            print(tr("fault.restore_advice"))
        if result.counts:  # a damaged file may not tell them
            print(tr("cli.check.counts", **result.counts))
    return 0 if result.sound else 1
