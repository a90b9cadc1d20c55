"""Overdue reminder letters (A4 PDF): one page per reader, addressed to a child's guardian
when the reader is a child, in the polite wording of the library's settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from rozupe_desk.i18n import tr
from rozupe_desk.i18n.people import person
from rozupe_desk.reports import fonts
from rozupe_desk.reports.layout import GRID, HEADER_FILL, MARGIN, styles
from rozupe_desk.reports.safe_text import CELL, NAME, escape

if TYPE_CHECKING:
    from rozupe_desk.services.circulation.overdue import Letter, ReminderBatch

LETTER_MARGIN = MARGIN + 6 * mm  # a letter breathes more than a table of figures
SALUTATIONS = {"female": "reminder.dear_female", "male": "reminder.dear_male"}


def _letter(batch: ReminderBatch, letter: Letter, style: dict) -> list:
    library = batch.library
    width = A4[0] - 2 * LETTER_MARGIN
    sender = [Paragraph(escape(library.name or tr("report.no_name"), NAME), style["library"])]
    sender += [Paragraph(escape(line, NAME), style["small"])
               for line in (library.address,
                            tr("reminder.contact", phone=library.phone) if library.phone else "",
                            library.email) if line]
    place = library.address.split(",")[1].strip() if library.address.count(",") else ""
    dated = batch.on.strftime("%d.%m.%Y")
    story = [
        *sender,
        Spacer(1, 12 * mm),
        Paragraph(escape(letter.addressee_name, NAME), style["body"]),
        Paragraph(escape(letter.address, NAME), style["body"]),
        Spacer(1, 8 * mm),
        Paragraph(escape(tr("reminder.date", place=place[:NAME], date=dated) if place else dated),
                  style["body"]),
        Spacer(1, 4 * mm),
        Paragraph(tr("reminder.title"), style["title"]),
        Spacer(1, 2 * mm),
        Paragraph(escape(tr(SALUTATIONS.get(letter.addressee_form, "reminder.dear"),
                            name=person(letter.addressee_name, "vocative")), NAME * 2),
                  style["body"]),
        Spacer(1, 2 * mm),
        Paragraph(escape(tr("reminder.child_intro",
                            child=person(letter.reader_name[:NAME], "dative"))
                         if letter.for_child else tr("reminder.own_intro")), style["body"]),
        Spacer(1, 2 * mm),
        Paragraph(escape(batch.child_text if letter.for_child else batch.text), style["body"]),
        Spacer(1, 5 * mm),
    ]
    head = style["head"]
    rows = [[Paragraph(tr(key), head) for key in
             ("reminder.col.title", "reminder.col.barcode", "reminder.col.due",
              "reminder.col.days")]]
    for copy in letter.copies:
        text = escape(copy.title, CELL) + (
            f" <i>({escape(copy.authors, NAME)})</i>" if copy.authors else "")
        rows.append([Paragraph(text, style["cell"]), Paragraph(escape(copy.barcode, 40),
                                                               style["cell"]),
                     copy.due_on.strftime("%d.%m.%Y"), str(copy.days_overdue)])
    table = Table(rows, colWidths=[width - 80 * mm, 32 * mm, 26 * mm, 22 * mm], repeatRows=1)
    table.setStyle([
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6f8")]),
    ])
    story += [
        table,
        Spacer(1, 4 * mm),
        Paragraph(escape(tr("reminder.card", card=letter.card_number), NAME), style["small"]),
        Spacer(1, 10 * mm),
        Paragraph(tr("reminder.regards"), style["body"]),
        Spacer(1, 2 * mm),
        Paragraph(escape(library.name or tr("report.no_name"), NAME), style["body"]),
    ]
    return story


def write_reminders(batch: ReminderBatch, path: Path) -> Path:
    """One page per letter; an empty batch gives one page saying nobody is overdue."""
    style = styles()
    story: list = []
    for index, letter in enumerate(batch.letters):
        if index:
            story.append(PageBreak())
        story += _letter(batch, letter, style)
    if not batch.letters:
        story.append(Paragraph(tr("reminder.none"), style["body"]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=LETTER_MARGIN,
                            rightMargin=LETTER_MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=tr("reminder.title"),
                            author=batch.library.name, creator="Rožupe Desk",
                            initialFontName=fonts.SANS)
    doc.build(story)
    return Path(path)
