"""A reading programme's A4 documents: the participant list per group, the progress sheet
(who has read which book of their group) and the report for the central library."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from rozupe_desk.i18n import current_language, tr
from rozupe_desk.reports import catalog_pdf

if TYPE_CHECKING:
    from rozupe_desk.services.programmes.documents import ProgrammeReport
    from rozupe_desk.services.programmes.experts import Participant

TICK = "✓"


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _heading(data: ProgrammeReport, title_key: str) -> list:
    programme = data.programme
    return [
        catalog_pdf.paragraph(data.library.name or tr("report.no_name"), "library"),
        catalog_pdf.paragraph(tr(title_key), "title"),
        catalog_pdf.paragraph(tr("programmes.pdf.programme", name=programme.name,
                                 start=_day(programme.starts_on),
                                 deadline=_day(programme.deadline_on))),
        Spacer(1, 3 * mm),
    ]


def _closing(data: ProgrammeReport) -> list:
    return [Spacer(1, 8 * mm),
            catalog_pdf.paragraph(tr("report.date_line", date=_day(data.prepared_on))),
            Spacer(1, 6 * mm),
            catalog_pdf.paragraph(tr("report.signature"))]


def build_participant_list(data: ProgrammeReport, people: list[Participant],
                           target: str | Path) -> Path:
    story = _heading(data, "programmes.pdf.participants_title")
    header = [tr("programmes.col.number"), tr("programmes.col.name"), tr("programmes.col.card"),
              tr("programmes.col.age"), tr("programmes.col.guardian"),
              tr("programmes.col.registered"), tr("programmes.col.questionnaire")]
    for group in data.programme.groups:
        members = [p for p in people if p.group_id == group.id]
        story.append(catalog_pdf.paragraph(
            tr("programmes.pdf.group", name=group.name, count=len(members)), "section"))
        if not members:
            story.append(catalog_pdf.paragraph(tr("programmes.pdf.nobody"), "small"))
            continue
        rows = [[str(n), p.name or tr("programmes.erased_reader"), p.card_number,
                 "" if p.age is None else str(p.age),
                 " · ".join(part for part in (p.guardian, p.guardian_phone) if part),
                 _day(p.registered_on), _day(p.questionnaire_on)]
                for n, p in enumerate(members, start=1)]
        story.append(catalog_pdf.table(header, rows, (10, 41, 21, 18, 38, 23, 23),
                                       right=(0, 3)))
    story += _closing(data)
    return catalog_pdf.build(target, story, title=tr("programmes.pdf.participants_title"))


def build_progress_sheet(data: ProgrammeReport, target: str | Path) -> Path:
    story = _heading(data, "programmes.pdf.progress_title")
    for sheet in data.sheets:
        story.append(catalog_pdf.paragraph(
            tr("programmes.pdf.group", name=sheet.name, count=len(sheet.rows)), "section"))
        if not sheet.books:
            story.append(catalog_pdf.paragraph(tr("programmes.pdf.no_books"), "small"))
        if not sheet.rows:
            continue
        numbers = [str(n) for n in range(1, len(sheet.books) + 1)]
        book_width = min(14.0, 110.0 / max(1, len(sheet.books)))
        header = [tr("programmes.col.name"), *numbers, tr("programmes.col.read"),
                  tr("programmes.col.questionnaire")]
        rows = [[p.name or tr("programmes.erased_reader"),
                 *(TICK if read else "" for read in ticks),
                 tr("programmes.progress", read=p.read, total=p.total),
                 _day(p.questionnaire_on)] for p, ticks in sheet.rows]
        story.append(catalog_pdf.table(header, rows,
                                       (44, *([book_width] * len(sheet.books)), 24, 22)))
        story.append(Spacer(1, 2 * mm))
        for number, title in zip(numbers, sheet.books, strict=True):
            story.append(catalog_pdf.paragraph(f"{number}. {title}", "small"))
    story += _closing(data)
    return catalog_pdf.build(target, story, title=tr("programmes.pdf.progress_title"))


def build_report(data: ProgrammeReport, target: str | Path) -> Path:
    story = _heading(data, "programmes.pdf.report_title")
    story.append(catalog_pdf.paragraph(tr("programmes.pdf.experts_section"), "section"))
    header = [tr("programmes.col.group"), tr("programmes.col.experts"),
              tr("programmes.col.children"), tr("programmes.col.adults"),
              tr("programmes.col.questionnaires"), tr("programmes.col.finished")]
    totals = data.totals
    rows = [[g.name, g.experts, g.children, g.adults, g.questionnaires, g.finished]
            for g in data.groups]
    rows.append([tr("programmes.total"), totals.experts, totals.children, totals.adults,
                 totals.questionnaires, totals.finished])
    story.append(catalog_pdf.table(header, rows, (40, 26, 26, 26, 26, 26),
                                   right=(1, 2, 3, 4, 5)))
    story.append(catalog_pdf.paragraph(tr("programmes.pdf.books_section"), "section"))
    header = [tr("programmes.col.group"), tr("programmes.col.book"), tr("programmes.col.loans"),
              tr("programmes.col.expert_loans"), tr("programmes.col.readers"),
              tr("programmes.col.votes"), tr("programmes.col.average")]
    rows = [[b.group, f"{b.title} / {b.authors}" if b.authors else b.title, b.loans,
             b.expert_loans, b.readers, b.votes,
             "" if b.average is None else _decimal(b.average)] for b in data.books]
    story.append(catalog_pdf.table(header, rows, (17, 51, 20, 24, 21, 16, 18),
                                   right=(2, 3, 4, 5, 6)))
    story.append(Spacer(1, 2 * mm))
    story.append(catalog_pdf.paragraph(tr("programmes.pdf.definitions"), "small"))
    story += _closing(data)
    return catalog_pdf.build(target, story, title=tr("programmes.pdf.report_title"))


def _decimal(value: float) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if current_language() == "lv" else text
