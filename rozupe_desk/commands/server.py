"""Commands of the server area: `migrate-to URL` moves a file's library onto a server."""

from __future__ import annotations

import argparse

from rozupe_desk import workstation
from rozupe_desk.commands import Registry
from rozupe_desk.i18n import tr
from rozupe_desk.services.server import move


def register(registry: Registry) -> None:
    parser = registry.command("migrate-to", "server.cli.migrate_to.help", run_migrate_to)
    parser.add_argument("url", metavar="URL", help=tr("server.cli.migrate_to.url"))
    parser.add_argument("--branch", metavar="CODE", default="",
                        help=tr("branches.cli.migrate_branch"))
    parser.add_argument("--name", metavar="NAME", default="",
                        help=tr("branches.cli.migrate_name"))


def run_migrate_to(args: argparse.Namespace) -> int:
    summary = move.migrate_to(url=args.url, branch_code=args.branch, branch_name=args.name)
    print(tr("server.moved", url=summary.url, readers=summary.rows.get("patron", 0),
             items=summary.rows.get("item", 0), loans=summary.rows.get("loan", 0)))
    if args.branch.strip():  # this PC's desk goes on working for the branch it moved
        workstation.store(branch_code=args.branch.strip())
        print(tr("branches.moved_as_branch", code=args.branch.strip()))
    return 0
