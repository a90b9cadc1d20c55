"""Commands of the safety area: `backup [-o FILE]` and `restore FILE` (DESIGN 4)."""

from __future__ import annotations

import argparse
import sys

from rozupe_desk.commands import Registry
from rozupe_desk.i18n import plural, tr
from rozupe_desk.services.safety import backup


def register(registry: Registry) -> None:
    parser = registry.command("backup", "cli.backup.help", run_backup)
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help=tr("cli.backup.output"))
    parser = registry.command("restore", "cli.restore.help", run_restore)
    parser.add_argument("file", metavar="FILE", help=tr("cli.restore.file"))


def _progress(fraction: float) -> None:
    if sys.stderr.isatty():
        print(f"\r{fraction:4.0%}", end="", file=sys.stderr)


def run_backup(args: argparse.Namespace) -> int:
    result = backup.create_backup(args.output, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(tr("backup.done", path=result.path, size=backup.human_size(result.size)))
    if not result.recorded:
        print(tr("fault.backup_not_recorded"))
    if result.deleted:
        print(tr("backup.rotated", count=len(result.deleted)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    result = backup.restore_backup(args.file, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(tr("backup.restored", source=result.source, aside=result.kept_aside))
    if result.migrated:
        print(plural("backup.restored_migrated", count=len(result.migrated)))
    if result.erased_again:
        print(tr("privacy2.restore.erased_again", count=result.erased_again))
    return 0
