"""The command line: `rozupe-desk [--db PATH] [--lang lv|en] [COMMAND]` (DESIGN 4).

Exit codes: 0 success, 1 a domain or input error (one line on stderr, nothing changed),
2 a usage error. With no command the window opens.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from rozupe_desk import __version__, config, logs, password_file
from rozupe_desk.commands import Registry, register_all
from rozupe_desk.errors import DomainError
from rozupe_desk.i18n import LANGUAGES, set_language, tr
from rozupe_desk.i18n.argparse_lv import translate_argparse
from rozupe_desk.services import library
from rozupe_desk.services.safety import faults

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rozupe-desk", description=tr("cli.description"))
    parser.add_argument("--db", default=config.default_db_target(),
                        help=tr("cli.db.help", env=config.DB_ENV_VAR))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=tr("cli.lang.help"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=tr("cli.version.help"))
    subparsers = parser.add_subparsers(dest="command_name", metavar=tr("cli.command"))
    register_all(Registry(subparsers))
    return parser


def _language_from(argv: Sequence[str]) -> str:
    """The `--lang` given, read before the parser is built so its help is in that language."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    known, _rest = early.parse_known_args(argv)
    return known.lang or "lv"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(_language_from(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    translate_argparse()
    logs.configure()
    password_file.use()  # the library server's password, when this PC works on one
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if getattr(args, "command", None) is None:
            from rozupe_desk.app import run_app

            return run_app(args.db, lang=args.lang)
        if args.command.opens_db:
            library.open_library(args.db)
        return args.command.run(args) or 0
    except DomainError as error:
        print(str(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(tr("cli.interrupted"), file=sys.stderr)
        return 1
    except Exception as exc:
        log.exception("unexpected error in command %s", argv)
        explained = faults.explain(exc)  # a full disk, a read-only or damaged file
        print(explained or tr("cli.unexpected", log=logs.log_file()), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
