"""Commands of the events area: `poster`, `flyer`, `event-plan`, `certificates`."""

from __future__ import annotations

import argparse
from datetime import date

from rozupe_desk.commands import Registry
from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import tr
from rozupe_desk.services.events import event_documents
from rozupe_desk.services.readers import active_readers


def register(registry: Registry) -> None:
    parser = registry.command("poster", "events.cli.poster.help", run_poster)
    parser.add_argument("event_id", type=int, metavar="EVENT_ID", help=tr("events.cli.event_id"))
    _output(parser)
    parser.add_argument("--size", choices=event_documents.POSTER_SIZES, default="A4",
                        help=tr("events.cli.poster.size"))
    _template(parser)

    parser = registry.command("flyer", "events.cli.flyer.help", run_flyer)
    parser.add_argument("event_id", type=int, metavar="EVENT_ID", help=tr("events.cli.event_id"))
    _output(parser)
    _template(parser)

    parser = registry.command("event-plan", "events.cli.event_plan.help", run_plan)
    parser.add_argument("month", metavar="YYYY-MM", help=tr("events.cli.event_plan.month"))
    _output(parser, required=False)
    parser.add_argument("--text", action="store_true", help=tr("events.cli.event_plan.text"))

    parser = registry.command("certificates", "events.cli.certificates.help", run_certificates)
    parser.add_argument("--from", dest="first_day", required=True, metavar="YYYY-MM-DD",
                        help=tr("events.cli.certificates.from"))
    parser.add_argument("--to", dest="last_day", required=True, metavar="YYYY-MM-DD",
                        help=tr("events.cli.certificates.to"))
    parser.add_argument("--children", action="store_true", help=tr("events.cli.certificates.children"))
    parser.add_argument("--top", type=int, default=10, help=tr("events.cli.certificates.top"))
    _output(parser)


def _output(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("-o", "--output", required=required, metavar="FILE.pdf",
                        help=tr("events.cli.output_pdf"))


def _template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", choices=event_documents.TEMPLATES, default=None,
                        help=tr("events.cli.poster.template"))


def run_poster(args: argparse.Namespace) -> int:
    path = event_documents.make_poster(event_id=args.event_id, target=args.output,
                                       size=args.size, template=args.template)
    print(tr("events.cli.poster.done", path=path))
    return 0


def run_flyer(args: argparse.Namespace) -> int:
    path = event_documents.make_flyer(event_id=args.event_id, target=args.output,
                                      template=args.template)
    print(tr("events.cli.flyer.done", path=path))
    return 0


def run_plan(args: argparse.Namespace) -> int:
    try:
        year, month = (int(part) for part in args.month.split("-"))
    except ValueError as exc:
        raise InvalidInput("events.cli.bad_month", value=args.month) from exc
    if not (args.text or args.output):
        raise InvalidInput("events.cli.event_plan.nothing")
    if args.text:
        print(event_documents.event_plan_text(year=year, month=month), end="")
    if args.output:
        path = event_documents.make_event_plan(year=year, month=month, target=args.output)
        print(tr("events.cli.event_plan.done", path=path))
    return 0


def run_certificates(args: argparse.Namespace) -> int:
    first_day, last_day = _day(args.first_day), _day(args.last_day)
    readers = active_readers.most_active(first_day=first_day, last_day=last_day,
                                         children=args.children, limit=args.top)
    if not readers:
        raise InvalidInput("certificates.no_readers")
    for place, reader in enumerate(readers, start=1):
        print(tr("events.cli.certificates.line", place=place, name=reader.name,
                 card=reader.card_number, loans=reader.loans))
    path = event_documents.make_certificates(readers=readers, first_day=first_day,
                                             last_day=last_day, children=args.children,
                                             target=args.output)
    print(tr("events.cli.certificates.done", path=path, count=len(readers)))
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput("events.cli.bad_date", value=text) from exc
