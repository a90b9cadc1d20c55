"""Commands of the branches area: `branch list`, `branch add CODE NAME`, `branch rename CODE
NAME`; and the `--branch CODE` option of the list-like commands (none: every branch)."""

from __future__ import annotations

import argparse

from rozupe_desk.commands import Registry
from rozupe_desk.errors import NotFound
from rozupe_desk.i18n import tr
from rozupe_desk.services.branches import branches


def register(registry: Registry) -> None:
    registry.subcommand("branch", "list", "branches.cli.list.help", run_list)
    parser = registry.subcommand("branch", "add", "branches.cli.add.help", run_add)
    parser.add_argument("code", metavar="CODE", help=tr("branches.cli.code"))
    parser.add_argument("name", metavar="NAME", help=tr("branches.cli.name"))
    parser = registry.subcommand("branch", "rename", "branches.cli.rename.help", run_rename)
    parser.add_argument("code", metavar="CODE", help=tr("branches.cli.code"))
    parser.add_argument("name", metavar="NAME", help=tr("branches.cli.name"))


def add_branch_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--branch", metavar="CODE", help=tr("branches.cli.option"))


def chosen_branch(args: argparse.Namespace) -> int | None:
    """The id of the branch `--branch` names; None (every branch) without it."""
    if not args.branch:
        return None
    found = branches.branch_by_code(args.branch)
    if found is None:
        raise NotFound("branches.unknown", code=args.branch)
    return found.id


def run_list(_args: argparse.Namespace) -> int:
    desk = branches.desk_branch().id
    for branch in branches.list_branches():
        key = "branches.cli.line_desk" if branch.id == desk else "branches.cli.line"
        print(tr(key, code=branch.code, name=branch.shown_name))
    return 0


def run_add(args: argparse.Namespace) -> int:
    added = branches.add_branch(code=args.code, name=args.name)
    print(tr("branches.added", name=added.name, code=added.code))
    return 0


def run_rename(args: argparse.Namespace) -> int:
    found = branches.branch_by_code(args.code)
    if found is None:
        raise NotFound("branches.unknown", code=args.code)
    branches.rename_branch(branch_id=found.id, name=args.name)
    print(tr("branches.renamed", name=args.name.strip()))
    return 0
