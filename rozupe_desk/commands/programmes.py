"""Commands of the reading programmes: `programme list|register|report|participants|progress|
certificates|poster`. They call the same services as the window's programmes tab."""

from __future__ import annotations

import argparse

from rozupe_desk.commands import Registry
from rozupe_desk.errors import NotFound
from rozupe_desk.i18n import tr
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.programmes import documents, experts, setup

DOCUMENTS = {
    "participants": documents.make_participant_list,
    "progress": documents.make_progress_sheet,
    "certificates": documents.make_certificates,
}


def register(registry: Registry) -> None:
    registry.subcommand("programme", "list", "programmes.cli.list.help", run_list)
    parser = registry.subcommand("programme", "register", "programmes.cli.register.help",
                                 run_register)
    _programme(parser)
    parser.add_argument("card", metavar="CARD", help=tr("programmes.cli.card"))
    parser.add_argument("--group", default=None, help=tr("programmes.cli.group"))
    parser = registry.subcommand("programme", "report", "programmes.cli.report.help",
                                 run_report)
    _programme(parser)
    _output(parser)
    parser.add_argument("--xlsx", default=None, metavar="FILE.xlsx",
                        help=tr("programmes.cli.xlsx"))
    for name in DOCUMENTS:
        parser = registry.subcommand("programme", name, f"programmes.cli.{name}.help",
                                     run_document)
        parser.set_defaults(document=name)
        _programme(parser)
        _output(parser)
    parser = registry.subcommand("programme", "poster", "programmes.cli.poster.help",
                                 run_poster)
    _programme(parser)
    _output(parser)
    parser.add_argument("--size", choices=("A4", "A3"), default="A4",
                        help=tr("events.cli.poster.size"))


def _programme(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("programme_id", type=int, metavar="PROGRAMME_ID",
                        help=tr("programmes.cli.programme_id"))


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf",
                        help=tr("events.cli.output_pdf"))


def run_list(_args: argparse.Namespace) -> int:
    for programme in setup.programmes():
        people = experts.participants(programme_id=programme.id)
        print(tr("programmes.cli.list.line", id=programme.id, name=programme.name,
                 start=programme.starts_on.strftime("%d.%m.%Y"),
                 deadline=programme.deadline_on.strftime("%d.%m.%Y"),
                 groups=", ".join(g.name for g in programme.groups), experts=len(people)))
    return 0


def run_register(args: argparse.Namespace) -> int:
    reader = circulation.patron_by_card(args.card.strip())
    if reader is None:
        raise NotFound("programmes.error.no_card", card=args.card)
    group_id = None
    if args.group is not None:
        programme = setup.get(programme_id=args.programme_id)
        group = next((g for g in programme.groups if g.name == args.group), None)
        if group is None:
            raise NotFound("programmes.error.no_group_named", name=args.group)
        group_id = group.id
    participant_id = experts.register(programme_id=args.programme_id, patron_id=reader.id,
                                      group_id=group_id)
    found = experts.participant(participant_id=participant_id)
    print(tr("programmes.registered", name=found.name, group=found.group_name))
    return 0


def run_report(args: argparse.Namespace) -> int:
    path = documents.make_report(programme_id=args.programme_id, target=args.output)
    print(tr("programmes.cli.saved", path=path))
    if args.xlsx:
        path = documents.make_report_xlsx(programme_id=args.programme_id, target=args.xlsx)
        print(tr("programmes.cli.saved", path=path))
    return 0


def run_document(args: argparse.Namespace) -> int:
    path = DOCUMENTS[args.document](programme_id=args.programme_id, target=args.output)
    print(tr("programmes.cli.saved", path=path))
    return 0


def run_poster(args: argparse.Namespace) -> int:
    path = documents.make_poster(programme_id=args.programme_id, target=args.output,
                                 size=args.size)
    print(tr("programmes.cli.saved", path=path))
    return 0
