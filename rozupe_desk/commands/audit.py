"""Commands of the audit area.

    audit [--from D] [--to D] [--kind K] [--text T] [-o FILE.csv]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rozupe_desk.commands import Registry
from rozupe_desk.i18n import tr
from rozupe_desk.services.safety import audit


def register(registry: Registry) -> None:
    parser = registry.command("audit", "cli.audit.help", run_audit)
    parser.add_argument("--from", dest="start", type=_day, metavar="D",
                        help=tr("cli.audit.from"))
    parser.add_argument("--to", dest="end", type=_day, metavar="D", help=tr("cli.audit.to"))
    parser.add_argument("--kind", metavar="K",
                        help=tr("cli.audit.kind", kinds=", ".join((*audit.KINDS, audit.OTHER))))
    parser.add_argument("--text", default="", metavar="T", help=tr("cli.audit.text"))
    parser.add_argument("-o", "--output", type=Path, help=tr("cli.audit.output"))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("audit.bad_date", value=text)) from None


def run_audit(args: argparse.Namespace) -> int:
    where = audit.Filter(start=args.start, end=args.end, kind=args.kind, text=args.text)
    if args.output is not None:
        count = audit.export_csv(where, args.output)
        print(tr("cli.audit.written", count=count, file=args.output))
        return 0
    for entry in audit.entries(where):
        line = "\t".join([entry.at.isoformat(sep=" ", timespec="seconds"), entry.actor,
                          entry.action_name, entry.summary])
        print(line, file=sys.stdout)
    return 0
