"""A programme's documents as plain data and as files: the participant list, the progress
sheet, certificates for the experts who finished, a poster inviting readers to join, and the
report for the central library (PDF and XLSX).

The report's figures are counted in SQL here; `reports/programmes.py` only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from rozupe_desk.errors import InvalidInput
from rozupe_desk.files import written_whole
from rozupe_desk.formats import programme_xlsx
from rozupe_desk.i18n import tr
from rozupe_desk.reports import certificates, posters
from rozupe_desk.reports import programmes as programme_pdf
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import EventView, LibraryInfo
from rozupe_desk.services.programmes import experts, setup
from rozupe_desk.services.programmes.experts import Participant
from rozupe_desk.services.programmes.setup import Programme
from rozupe_desk.services.readers import active_readers
from rozupe_desk.services.sql import all_rows


@dataclass(frozen=True)
class GroupSheet:
    """One group: its books and its participants with what each has read."""

    name: str
    books: list[str]
    rows: list[tuple[Participant, list[bool]]]


@dataclass(frozen=True)
class BookLine:
    group: str
    title: str
    authors: str
    loans: int  # checkouts of the title's copies in the programme's time, by anyone
    expert_loans: int  # of them to the programme's participants
    readers: int  # participants who read it (from loans or ticked)
    votes: int
    vote_total: int

    @property
    def average(self) -> float | None:
        return round(self.vote_total / self.votes, 2) if self.votes else None


@dataclass(frozen=True)
class GroupLine:
    name: str
    experts: int
    children: int
    adults: int
    questionnaires: int
    finished: int


@dataclass(frozen=True)
class ProgrammeReport:
    library: LibraryInfo
    programme: Programme
    groups: list[GroupLine]
    books: list[BookLine]
    prepared_on: date
    sheets: list[GroupSheet] = field(default_factory=list)

    @property
    def totals(self) -> GroupLine:
        return GroupLine("", *(sum(getattr(g, name) for g in self.groups) for name in
                               ("experts", "children", "adults", "questionnaires",
                                "finished")))


_BOOKS_SQL = """
SELECT b.id, gr.name, t.title, t.authors,
       (SELECT count(*) FROM loan l JOIN item i ON i.id = l.item_id
         WHERE i.title_id = b.title_id AND l.issued_at >= ? AND l.issued_at < ?),
       (SELECT count(*) FROM loan l JOIN item i ON i.id = l.item_id
         WHERE i.title_id = b.title_id AND l.issued_at >= ? AND l.issued_at < ?
           AND l.patron_id IN (SELECT patron_id FROM programme_participant
                                WHERE programme_id = ? AND patron_id IS NOT NULL)),
       (SELECT count(vote) FROM programme_reading r WHERE r.book_id = b.id),
       (SELECT coalesce(sum(vote), 0) FROM programme_reading r WHERE r.book_id = b.id)
  FROM programme_book b JOIN programme_group gr ON gr.id = b.group_id
  JOIN title t ON t.id = b.title_id
 WHERE gr.programme_id = ?
 ORDER BY gr.position, gr.id, b.position, b.id
"""


def report(*, programme_id: int, today: date | None = None) -> ProgrammeReport:
    """Everything the documents of a programme show."""
    today = today or date.today()
    programme = setup.get(programme_id=programme_id)
    people = experts.participants(programme_id=programme_id, today=today)
    groups, sheets = [], []
    read_by_book: dict[int, int] = {}
    for group in programme.groups:
        members = [p for p in people if p.group_id == group.id]
        groups.append(GroupLine(
            name=group.name, experts=len(members),
            children=sum(1 for p in members if p.age_group == "child"),
            adults=sum(1 for p in members if p.age_group == "adult"),
            questionnaires=sum(1 for p in members if p.questionnaire_on is not None),
            finished=sum(1 for p in members if p.finished)))
        titles = [b.title for b in setup.books(group_id=group.id)]
        rows = []
        for member in members:
            for book in member.books:
                if book.read:
                    read_by_book[book.book_id] = read_by_book.get(book.book_id, 0) + 1
            rows.append((member, [book.read is not None for book in member.books]))
        sheets.append(GroupSheet(group.name, titles, rows))
    lo, hi = programme.loan_window
    books = [BookLine(group=row[1], title=row[2], authors=row[3], loans=row[4],
                      expert_loans=row[5], readers=read_by_book.get(row[0], 0), votes=row[6],
                      vote_total=row[7])
             for row in all_rows(_BOOKS_SQL, (lo, hi, lo, hi, programme_id, programme_id))]
    return ProgrammeReport(events.library_info(), programme, groups, books, today, sheets)



# -- files ------------------------------------------------------------------------------------
def _pdf_target(target: str | Path) -> Path:
    target = Path(target)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    if not target.parent.is_dir():
        raise InvalidInput("events.no_folder", folder=str(target.parent))
    return target


def _write(target: Path, build) -> Path:
    try:
        with written_whole(target) as temporary:
            build(temporary)
    except OSError as exc:
        raise InvalidInput("events.cannot_write", target=str(target), reason=str(exc)) from exc
    return target


def make_participant_list(*, programme_id: int, target: str | Path) -> Path:
    data = report(programme_id=programme_id)
    people = experts.participants(programme_id=programme_id)
    return _write(_pdf_target(target),
                  lambda tmp: programme_pdf.build_participant_list(data, people, tmp))


def make_progress_sheet(*, programme_id: int, target: str | Path) -> Path:
    data = report(programme_id=programme_id)
    return _write(_pdf_target(target), lambda tmp: programme_pdf.build_progress_sheet(data, tmp))


def make_report(*, programme_id: int, target: str | Path) -> Path:
    data = report(programme_id=programme_id)
    return _write(_pdf_target(target), lambda tmp: programme_pdf.build_report(data, tmp))


def make_report_xlsx(*, programme_id: int, target: str | Path) -> Path:
    target = Path(target)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    data = report(programme_id=programme_id)
    return _write(target, lambda tmp: programme_xlsx.write_report(data, tmp))


def finished_readers(*, programme_id: int) -> list[active_readers.ActiveReader]:
    """The experts who finished, as the certificate builder takes readers."""
    return [active_readers.ActiveReader(patron_id=p.patron_id, first_name=p.name,
                                        last_name="", card_number=p.card_number,
                                        loans=p.read)
            for p in experts.participants(programme_id=programme_id)
            if p.finished and p.patron_id is not None]


def make_certificates(*, programme_id: int, target: str | Path) -> Path:
    """A thank-you certificate for every expert who finished."""
    programme = setup.get(programme_id=programme_id)
    readers = finished_readers(programme_id=programme_id)
    if not readers:
        raise InvalidInput("programmes.error.nobody_finished")
    batch = active_readers.certificate_batch(
        readers=readers, first_day=programme.starts_on, last_day=programme.deadline_on,
        children=any(g.adults is False for g in programme.groups))
    return _write(_pdf_target(target), lambda tmp: certificates.build_certificates(batch, tmp))


def invitation(*, programme_id: int) -> EventView:
    """The programme as an event of the poster templates: an invitation to join."""
    programme = setup.get(programme_id=programme_id)
    groups = ", ".join(g.name for g in programme.groups)
    return EventView(
        id=0, title=programme.name, kind="club",
        starts_at=datetime.combine(programme.starts_on, time()),
        ends_at=datetime.combine(programme.deadline_on, time()),
        place="", audience=tr("programmes.poster.audience", groups=groups),
        description=tr("programmes.poster.description",
                       deadline=programme.deadline_on.strftime("%d.%m.%Y")),
        partners="", link_url="", for_children=True, image_path="",
        attendance_children=None, attendance_adults=None)


def make_poster(*, programme_id: int, target: str | Path, size: str = "A4") -> Path:
    event = invitation(programme_id=programme_id)
    library = events.library_info()
    return _write(_pdf_target(target),
                  lambda tmp: posters.build_poster(event, library, tmp, size=size,
                                                   template="bright"))
