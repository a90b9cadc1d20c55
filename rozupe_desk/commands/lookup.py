"""`lookup ISBN [--server URL] [--import]`: copy cataloguing from the command line.

Prints the candidates the first answering catalogue has; `--import` adds the first (or
`--pick N`) through the same service the window uses, so a second run adds nothing. When no
catalogue can be reached, one Latvian line on stderr and exit 1 (cli.main does that for
every DomainError).
"""

from __future__ import annotations

import argparse

from rozupe_desk.commands import Registry
from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import tr
from rozupe_desk.services.collection.lookup import save, search, servers
from rozupe_desk.services.collection.lookup.records import Candidate


def register(registry: Registry) -> None:
    parser = registry.command("lookup", "cli.lookup.help", run_lookup)
    parser.add_argument("query", help=tr("cli.lookup.query"))
    parser.add_argument("--author", default="", help=tr("cli.lookup.author"))
    parser.add_argument("--server", action="append", default=[], metavar="URL",
                        help=tr("cli.lookup.server"))
    parser.add_argument("--timeout", type=float, default=None, help=tr("cli.lookup.timeout"))
    parser.add_argument("--import", dest="do_import", action="store_true",
                        help=tr("cli.lookup.import"))
    parser.add_argument("--pick", type=int, default=1, metavar="N", help=tr("cli.lookup.pick"))
    parser.add_argument("--barcode", default="", help=tr("cli.lookup.barcode"))
    parser.add_argument("--shelf", default="", help=tr("cli.lookup.shelf"))


def candidate_line(number: int, candidate: Candidate) -> str:
    fields = candidate.fields
    return tr("lookup.candidate_line", number=number, title=fields.get("title", ""),
              authors=fields.get("authors") or "—", year=fields.get("year") or "—",
              publisher=fields.get("publisher") or "—", server=candidate.server,
              control=" ".join(filter(None, (candidate.control_agency,
                                             candidate.control_number))) or "—")


def run_lookup(args: argparse.Namespace) -> int:
    chosen = ([servers.from_address(address, timeout=args.timeout) for address in args.server]
              or None)
    result = search.look_up(text=args.query, author=args.author, servers=chosen)
    for failure in result.failures:
        print(failure)
    if not result.candidates:
        print(tr("lookup.nothing_found", query=result.query.text))
        return 0
    print(tr("lookup.found", count=len(result.candidates), server=result.answered_by))
    for number, candidate in enumerate(result.candidates, start=1):
        print(candidate_line(number, candidate))
    if args.do_import:
        if not 1 <= args.pick <= len(result.candidates):
            raise InvalidInput("lookup.bad_pick", count=len(result.candidates))
        saved = save.import_candidate(candidate=result.candidates[args.pick - 1],
                                      barcode=args.barcode, shelf=args.shelf)
        print(saved.summary.text())
    return 0
