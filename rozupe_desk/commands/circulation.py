"""Commands of the circulation area: `import koc FILE`, `export koc FILE`.

`import koc` prints one line per rejected transaction on stderr, `rinda N: reason` (in
English, `--lang en`: `line N: reason`), and exits 1 when this run rejected any line, 0 when
every line was applied or decided earlier.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rozupe_desk.commands import Registry
from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import plural, tr
from rozupe_desk.services.circulation import koc


def register(registry: Registry) -> None:
    parser = registry.subcommand("import", "koc", "cli.koc.import.help", run_import_koc)
    parser.add_argument("file", metavar=tr("cli.koc.file"), help=tr("cli.koc.file.help"))
    parser = registry.subcommand("export", "koc", "cli.koc.export.help", run_export_koc)
    parser.add_argument("file", metavar=tr("cli.koc.file"), help=tr("cli.koc.out.help"))
    parser.add_argument("--since", help=tr("cli.koc.since"))
    parser.add_argument("--until", help=tr("cli.koc.until"))


def run_import_koc(args: argparse.Namespace) -> int:
    report = koc.replay_file(path=args.file)
    for line_no, reason in report.rejected:
        # The prefix is part of the contract (KOC.md): `rinda N: `, in English `line N: `.
        print(tr("cli.koc.note", line=line_no, note=reason), file=sys.stderr)
    for line_no, note in report.notes:
        print(tr("cli.koc.note", line=line_no, note=note))
    for line_no, first in report.repeated:
        print(tr("kocimport.repeated", line=line_no, first=first))
    print(tr("cli.koc.summary", total=report.total, applied=report.applied,
             rejected=len(report.rejected), skipped=report.skipped))
    return 1 if report.rejected else 0


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput("cli.koc.bad_date", value=text) from exc


def run_export_koc(args: argparse.Namespace) -> int:
    summary = koc.export_transactions(since=_day(args.since), until=_day(args.until))
    target = Path(args.file)
    try:
        target.write_text(summary.text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InvalidInput("cli.koc.cannot_write", path=str(target),
                           reason=exc.strerror or str(exc)) from exc
    print(plural("cli.koc.exported", count=summary.records, path=str(target)))
    if summary.without_reader:
        print(plural("cli.koc.without_reader", count=summary.without_reader))
    return 0
