"""Commands of the catalog area: `import items FILE [--strict]` and `export items FILE`.

`import items` takes the good records and refuses the bad ones alone: it prints the summary
on stdout and one line per refused record on stderr (`ieraksts N …: reason`), and exits 1
when any record was refused (0 when every record was imported or already there). With
`--strict` a single refusal imports nothing (exit 1 as well).
"""

from __future__ import annotations

import argparse
import sys

from rozupe_desk.commands import Registry
from rozupe_desk.i18n import tr
from rozupe_desk.services.collection import catalog_import


def register(registry: Registry) -> None:
    parser = registry.subcommand("import", "items", "cli.import_items.help", run_import)
    parser.add_argument("file", help=tr("cli.import_items.file"))
    parser.add_argument("--strict", action="store_true", help=tr("marc.cli_strict"))
    parser = registry.subcommand("export", "items", "cli.export_items.help", run_export)
    parser.add_argument("file", help=tr("cli.export_items.file"))


def _progress(fraction: float) -> None:
    if sys.stderr.isatty():
        print(f"\r{fraction:4.0%}", end="", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    summary = catalog_import.import_items(path=args.file, strict=args.strict,
                                          progress=_progress)
    print(summary.text())
    for note in summary.notes:
        print(note)
    if summary.rejected_list:
        print(tr("marc.rejected_files", records=summary.rejected_records or "-",
                 listing=summary.rejected_list))
    for line in summary.refusals:
        print(line, file=sys.stderr)
    return 1 if summary.refused else 0


def run_export(args: argparse.Namespace) -> int:
    count = catalog_import.export_items(path=args.file, progress=_progress)
    print(tr("catalog.export_done", count=count, name=args.file))
    return 0
