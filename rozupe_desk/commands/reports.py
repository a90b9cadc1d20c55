"""Commands of the reports area: `stats PERIOD [--json] [--branch CODE]` and `report
monthly|annual|overdue` (DESIGN 4); `--branch` narrows the statistics to one branch."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

from rozupe_desk import documents
from rozupe_desk.commands import Registry
from rozupe_desk.commands.branches import add_branch_option, chosen_branch
from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import tr
from rozupe_desk.services.statistics import branch_report, stats


def register(registry: Registry) -> None:
    parser = registry.command("stats", "cli.stats.help", run_stats)
    parser.add_argument("period", metavar="PERIOD", help=tr("cli.stats.period"))
    parser.add_argument("--json", action="store_true", help=tr("cli.json"))
    _branch_option(parser)

    parser = registry.subcommand("report", "monthly", "cli.report.monthly.help", run_monthly)
    parser.add_argument("month", metavar="YYYY-MM", help=tr("cli.report.month"))
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf",
                        help=tr("cli.report.output"))
    parser.add_argument("--csv", type=Path, metavar="FILE", help=tr("cli.report.csv"))
    parser.add_argument("--xlsx", type=Path, metavar="FILE", help=tr("cli.report.xlsx"))
    _branch_option(parser)

    parser = registry.subcommand("report", "annual", "cli.report.annual.help", run_annual)
    parser.add_argument("year", metavar="YYYY", help=tr("cli.report.year"))
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf",
                        help=tr("cli.report.output"))
    _branch_option(parser)

    parser = registry.subcommand("report", "overdue", "cli.report.overdue.help", run_overdue)
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf",
                        help=tr("cli.report.output"))
    parser.add_argument("--on", metavar="YYYY-MM-DD", help=tr("cli.report.on"))
    add_branch_option(parser)


def _branch_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--branch", metavar="CODE", help=tr("branch_stats.cli.branch"))


def run_stats(args: argparse.Namespace) -> int:
    branch = branch_report.branch_named(args.branch)
    period, figures = stats.for_text(text=args.period, branch=branch.id if branch else None)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    if branch is None:
        print(tr("cli.stats.heading", period=period.label))
    else:
        print(tr("branch_stats.cli.heading", period=period.label, branch=branch.shown_name))
    for key, value in figures.items():
        print(tr("cli.stats.line", label=tr(f"stats.{key}"), value=value))
    return 0


def _month(text: str) -> tuple[int, int]:
    if not re.fullmatch(r"\d{4}-\d{2}", text.strip()):
        raise InvalidInput("report.bad_month", text=text)
    period = stats.parse_period(text)
    return period.start.year, period.start.month


def run_monthly(args: argparse.Namespace) -> int:
    year, month = _month(args.month)
    made = documents.monthly(year=year, month=month, pdf=args.output, csv=args.csv,
                             xlsx=args.xlsx, branch=args.branch)
    for path in (made.pdf, args.csv, args.xlsx):
        if path is not None:
            print(tr("cli.report.written", path=path))
    return 0


def run_annual(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"\d{4}", args.year.strip()):
        raise InvalidInput("report.bad_year", text=args.year)
    period = stats.parse_period(args.year)
    made = documents.annual(year=period.start.year, pdf=args.output, branch=args.branch)
    print(tr("cli.report.written", path=made.pdf))
    return 0


def run_overdue(args: argparse.Namespace) -> int:
    on = None
    if args.on:
        try:
            on = date.fromisoformat(args.on)
        except ValueError as error:
            raise InvalidInput("report.bad_date", text=args.on) from error
    made = documents.reminders(pdf=args.output, on=on, branch_id=chosen_branch(args))
    if made.letters:
        print(tr("reminder.done", letters=made.letters, items=made.copies, path=made.pdf))
    else:
        print(tr("reminder.none"))
    return 0
