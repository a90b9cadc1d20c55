"""Commands of the catalog area: `import items FILE` and `export items FILE.mrc`."""

from __future__ import annotations

import argparse
import sys

from rozupe_desk.commands import Registry
from rozupe_desk.i18n import tr
from rozupe_desk.services import catalog_import


def register(registry: Registry) -> None:
    parser = registry.subcommand("import", "items", "cli.import_items.help", run_import)
    parser.add_argument("file", help=tr("cli.import_items.file"))
    parser = registry.subcommand("export", "items", "cli.export_items.help", run_export)
    parser.add_argument("file", help=tr("cli.export_items.file"))


def _progress(fraction: float) -> None:
    if sys.stderr.isatty():
        print(f"\r{fraction:4.0%}", end="", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    summary = catalog_import.import_items(path=args.file, progress=_progress)
    print(tr("catalog.import_done", **vars(summary)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    count = catalog_import.export_items(path=args.file, progress=_progress)
    print(tr("catalog.export_done", count=count, name=args.file))
    return 0
