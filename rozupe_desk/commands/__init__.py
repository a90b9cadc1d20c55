"""Command-line commands, one module per area; each module's `register` adds its commands.

A command is a function `run(args) -> int | None` (None means 0). Commands that need the
database get it opened and migrated before they run; `Command.opens_db=False` opts out.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from rozupe_desk.i18n import tr

Runner = Callable[[argparse.Namespace], "int | None"]

# The areas, in the order their commands appear in `--help`.
AREAS = ("core", "circulation", "patrons", "catalog", "events", "programmes", "reports",
         "safety", "audit", "lookup", "server", "branches")


@dataclass(frozen=True)
class Command:
    run: Runner
    opens_db: bool = True


class Registry:
    """Adds commands and command groups (`import patrons`, `report monthly`) to the parser."""

    def __init__(self, subparsers: argparse._SubParsersAction) -> None:
        self._subparsers = subparsers
        self._groups: dict[str, argparse._SubParsersAction] = {}

    def command(self, name: str, help_key: str, run: Runner, *, opens_db: bool = True
                ) -> argparse.ArgumentParser:
        parser = self._subparsers.add_parser(name, help=tr(help_key), description=tr(help_key))
        parser.set_defaults(command=Command(run, opens_db))
        return parser

    def subcommand(self, group: str, name: str, help_key: str, run: Runner
                   ) -> argparse.ArgumentParser:
        if group not in self._groups:
            group_parser = self._subparsers.add_parser(group, help=tr(f"cli.group.{group}"))
            self._groups[group] = group_parser.add_subparsers(
                dest=f"{group}_what", metavar="{…}", required=True)
        parser = self._groups[group].add_parser(name, help=tr(help_key), description=tr(help_key))
        parser.set_defaults(command=Command(run))
        return parser


def register_all(registry: Registry) -> None:
    from importlib import import_module

    for area in AREAS:
        import_module(f"{__name__}.{area}").register(registry)
