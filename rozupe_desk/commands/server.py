"""Commands of the server area: `migrate-to URL` moves a file's library onto a server."""

from __future__ import annotations

import argparse

from rozupe_desk.commands import Registry
from rozupe_desk.i18n import tr
from rozupe_desk.services.server import move


def register(registry: Registry) -> None:
    parser = registry.command("migrate-to", "server.cli.migrate_to.help", run_migrate_to)
    parser.add_argument("url", metavar="URL", help=tr("server.cli.migrate_to.url"))


def run_migrate_to(args: argparse.Namespace) -> int:
    summary = move.migrate_to(url=args.url)
    print(tr("server.moved", url=summary.url, readers=summary.rows.get("patron", 0),
             items=summary.rows.get("item", 0), loans=summary.rows.get("loan", 0)))
    return 0
