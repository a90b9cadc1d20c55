"""Commands of the readers' area: the CSV file, reader cards and privacy (GDPR) acts.

    import patrons FILE.csv|.xlsx    export patrons FILE.csv
    cards [CARD ...] -o FILE.pdf [--layout a4|card]
    privacy anonymize [--days N] | erase CARD | export CARD -o FILE.pdf [--json FILE] | absent --years N
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rozupe_desk.commands import Registry
from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import plural, tr
from rozupe_desk.reports import reader_cards, reader_data
from rozupe_desk.services import settings
from rozupe_desk.services.readers import patrons, privacy


def register(registry: Registry) -> None:
    parser = registry.subcommand("import", "patrons", "cli.patrons.import.help", run_import)
    parser.add_argument("file", type=Path, help=tr("rimport.file"))
    parser = registry.subcommand("export", "patrons", "cli.patrons.export.help", run_export)
    parser.add_argument("file", type=Path, help=tr("cli.patrons.file"))

    parser = registry.command("cards", "cli.cards.help", run_cards)
    parser.add_argument("cards", nargs="*", metavar="CARD", help=tr("cli.cards.numbers"))
    parser.add_argument("-o", "--output", type=Path, required=True, help=tr("cli.pdf_file"))
    parser.add_argument("--layout", choices=reader_cards.LAYOUTS, default="a4",
                        help=tr("cli.cards.layout"))

    parser = registry.subcommand("privacy", "anonymize", "cli.privacy.anonymize.help",
                                 run_anonymize)
    parser.add_argument("--days", type=int, default=None, metavar="N",
                        help=tr("privacy2.cli.days"))
    parser = registry.subcommand("privacy", "erase", "cli.privacy.erase.help", run_erase)
    parser.add_argument("card", metavar="CARD", help=tr("cli.privacy.card"))
    parser = registry.subcommand("privacy", "export", "cli.privacy.export.help", run_data)
    parser.add_argument("card", metavar="CARD", help=tr("cli.privacy.card"))
    parser.add_argument("-o", "--output", type=Path, required=True, help=tr("cli.pdf_file"))
    parser.add_argument("--json", type=Path, help=tr("cli.privacy.json_file"))
    parser = registry.subcommand("privacy", "absent", "cli.privacy.absent.help", run_absent)
    parser.add_argument("--years", type=int, default=3, help=tr("cli.privacy.years"))


def _progress(fraction: float) -> None:
    if sys.stderr.isatty():
        end = "\n" if fraction >= 1 else ""
        print(f"\r{fraction:4.0%}", end=end, file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    summary = patrons.import_csv(path=args.file, progress=_progress)
    print(plural("cli.patrons.imported", count=summary.imported, file=args.file))
    return 0


def run_export(args: argparse.Namespace) -> int:
    count = patrons.export_csv(path=args.file)
    print(plural("cli.patrons.exported", count=count, file=args.file))
    return 0


def run_cards(args: argparse.Namespace) -> int:
    ids = ([patrons.find_by_card(card=card) for card in args.cards] if args.cards
           else patrons.all_ids())
    holders = patrons.card_holders(patron_ids=ids)
    if not holders:
        raise InvalidInput("cli.cards.none")
    _pdf_target(args.output)
    reader_cards.build([reader_cards.ReaderCard(name, card) for name, card in holders],
                       args.output, library_name=settings.get("library_name"),
                       layout=args.layout)
    print(plural("cli.cards.done", count=len(holders), file=args.output))
    return 0


def run_anonymize(args: argparse.Namespace) -> int:
    summary = privacy.anonymize_history(days=args.days, progress=_progress)
    print(tr("cli.privacy.anonymized", loans=summary.loans, visits=summary.visits,
             cutoff=summary.cutoff.isoformat()))
    return 0


def run_erase(args: argparse.Namespace) -> int:
    privacy.erase_patron(patron_id=patrons.find_by_card(card=args.card))
    print(tr("cli.privacy.erased", card=args.card))
    return 0


def run_data(args: argparse.Namespace) -> int:
    _pdf_target(args.output)
    data = privacy.patron_data(patron_id=patrons.find_by_card(card=args.card))
    reader_data.build(data, args.output)
    if args.json:
        privacy.write_json(data=data, path=args.json)
    print(tr("cli.privacy.exported", card=args.card, file=args.output))
    return 0


def run_absent(args: argparse.Namespace) -> int:
    rows = privacy.long_absent(years=args.years)
    for row in rows:
        print(f"{row['card_number']}\t{row['first_name']} {row['last_name']}\t{row['last_seen']}")
    print(plural("cli.privacy.absent_count", count=len(rows), years=args.years,
               count_param="years"), file=sys.stderr)
    return 0


def _pdf_target(path: Path) -> None:
    if not path.parent.exists():
        raise InvalidInput("cli.no_folder", folder=str(path.parent))
