"""The readers of a programme ("experts"): registration into an age group, what each has
read and how they voted, and the questionnaire.

A book counts as read when the reader borrowed a copy of it from the programme's start to
its deadline (found in the loans, nothing to tick), or when the librarian ticked it (read
elsewhere, or a vote typed in from the questionnaire). A participant keeps the age group the
reader had on registration, so the statistics still count them after an erasure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rozupe_desk.db.connection import database
from rozupe_desk.errors import Conflict, InvalidInput, NotFound
from rozupe_desk.services.programmes import setup
from rozupe_desk.services.programmes.setup import Group, Programme
from rozupe_desk.services.readers.ages import age_group, age_in_years
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import all_rows, as_date, changed, insert, one, scalar

MIN_VOTE, MAX_VOTE = 1, 10


@dataclass(frozen=True)
class BookProgress:
    book_id: int
    title_id: int
    title: str
    authors: str
    read: str | None  # 'loan', 'manual' or None
    vote: int | None
    on_shelf: int


@dataclass(frozen=True)
class Participant:
    id: int
    programme_id: int
    group_id: int
    group_name: str
    patron_id: int | None
    name: str
    card_number: str
    age: int | None
    guardian: str
    guardian_phone: str
    registered_on: date
    questionnaire_on: date | None
    needs_questionnaire: bool
    age_group: str = "adult"  # on the day of registration, as the statistics count it
    books: tuple[BookProgress, ...] = ()  # the group's books, each read or not

    @property
    def read(self) -> int:
        return sum(1 for book in self.books if book.read)

    @property
    def total(self) -> int:
        return len(self.books)

    @property
    def finished(self) -> bool:
        """Read every book of the group (and, in the jury, handed in the questionnaire)."""
        done_reading = self.total > 0 and self.read >= self.total
        return done_reading and (self.questionnaire_on is not None
                                 or not self.needs_questionnaire)


@dataclass(frozen=True)
class DeskProgress:
    """What the desk shows about a reader in a running programme."""

    programme: str
    group: str
    read: int
    total: int
    on_shelf: list[str]  # titles of the collection not read yet with a copy on the shelf
    questionnaire_on: date | None


# -- reading ----------------------------------------------------------------------------------
_PATRON_SQL = ("SELECT p.id, p.first_name, p.last_name, p.card_number, p.birth_date,"
               " p.birth_year, p.anonymized, g.first_name, g.last_name, g.phone, p.phone"
               " FROM patron p LEFT JOIN patron g ON g.id = p.guardian_id WHERE p.id = ?")

_PARTICIPANT_SQL = (
    "SELECT pp.id, pp.programme_id, pp.group_id, gr.name, pp.patron_id, pp.registered_on,"
    " pp.questionnaire_on, p.first_name, p.last_name, p.card_number, p.birth_date,"
    " p.birth_year, g.first_name, g.last_name, g.phone, pp.age_group, p.anonymized"
    " FROM programme_participant pp JOIN programme_group gr ON gr.id = pp.group_id"
    " LEFT JOIN patron p ON p.id = pp.patron_id"
    " LEFT JOIN patron g ON g.id = p.guardian_id")

# The group's books the reader has read: borrowed in the programme's time, or ticked.
_READ_SQL = """
SELECT b.id, b.title_id, t.title, t.authors,
       CASE WHEN r.book_id IS NOT NULL THEN 'manual'
            WHEN EXISTS (SELECT 1 FROM loan l JOIN item i ON i.id = l.item_id
                          WHERE l.patron_id = ? AND i.title_id = b.title_id
                            AND l.issued_at >= ? AND l.issued_at < ?) THEN 'loan' END,
       r.vote,
       (SELECT count(*) FROM item i WHERE i.title_id = b.title_id AND i.status = 'available')
  FROM programme_book b JOIN title t ON t.id = b.title_id
  LEFT JOIN programme_reading r ON r.book_id = b.id AND r.participant_id = ?
 WHERE b.group_id = ?
 ORDER BY b.position, b.id
"""


def _progress(participant_id: int, patron_id: int | None, group_id: int,
              window: tuple[str, str]) -> list[BookProgress]:
    rows = all_rows(_READ_SQL, (patron_id or 0, *window, participant_id, group_id))
    return [BookProgress(*r) for r in rows]


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def book_progress(*, participant_id: int) -> list[BookProgress]:
    """Each book of the participant's group: read (how) or not, the vote, copies on shelf."""
    row = one("SELECT programme_id, group_id, patron_id FROM programme_participant"
              " WHERE id = ?", (participant_id,))
    if row is None:
        raise NotFound("programmes.error.no_participant", id=participant_id)
    programme = setup.get(programme_id=row[0])
    return _progress(participant_id, row[2], row[1],
                     programme.loan_window)


def _participant(row: tuple, programme: Programme, today: date) -> Participant:
    progress = _progress(row[0], row[4], row[2],
                         programme.loan_window)
    card = row[9] or ""
    return Participant(
        id=row[0], programme_id=row[1], group_id=row[2], group_name=row[3], patron_id=row[4],
        name="" if row[16] else _name(row[7], row[8]), card_number="" if row[16] else card,
        age=age_in_years(as_date(row[10]), row[11], today) if row[4] else None,
        guardian=_name(row[12], row[13]), guardian_phone=row[14] or "",
        registered_on=as_date(row[5]), questionnaire_on=as_date(row[6]),
        needs_questionnaire=programme.needs_questionnaire, age_group=row[15],
        books=tuple(progress))


def participants(*, programme_id: int, group_id: int | None = None,
                 today: date | None = None) -> list[Participant]:
    """The programme's participants (of one group), by group then name."""
    programme = setup.get(programme_id=programme_id)
    today = today or date.today()
    where, params = " WHERE pp.programme_id = ?", [programme_id]
    if group_id is not None:
        where += " AND pp.group_id = ?"
        params.append(group_id)
    rows = all_rows(_PARTICIPANT_SQL + where
                    + " ORDER BY gr.position, gr.id, p.last_key, p.first_key, pp.id", params)
    return [_participant(row, programme, today) for row in rows]


def participant(*, participant_id: int, today: date | None = None) -> Participant:
    row = one(_PARTICIPANT_SQL + " WHERE pp.id = ?", (participant_id,))
    if row is None:
        raise NotFound("programmes.error.no_participant", id=participant_id)
    return _participant(row, setup.get(programme_id=row[1]), today or date.today())


def desk_progress(*, patron_id: int, today: date | None = None) -> list[DeskProgress]:
    """The reader's running programmes, for the desk's reader panel."""
    today = today or date.today()
    rows = all_rows(
        "SELECT pp.id, gr.name, rp.name, pp.questionnaire_on, pp.group_id, rp.starts_on,"
        " rp.deadline_on FROM programme_participant pp JOIN reading_programme rp ON rp.id = pp.programme_id"
        " JOIN programme_group gr ON gr.id = pp.group_id"
        " WHERE pp.patron_id = ? AND rp.starts_on <= ? AND rp.deadline_on >= ?"
        " ORDER BY rp.starts_on, rp.id", (patron_id, today.isoformat(), today.isoformat()))
    found = []
    for participant_id, group_name, programme_name, questionnaire_on, group_id, starts, \
            deadline in rows:
        progress = _progress(participant_id, patron_id, group_id,
                             setup.loan_window(as_date(starts), as_date(deadline)))
        found.append(DeskProgress(
            programme=programme_name, group=group_name,
            read=sum(1 for p in progress if p.read), total=len(progress),
            on_shelf=[p.title for p in progress if not p.read and p.on_shelf],
            questionnaire_on=as_date(questionnaire_on)))
    return found


def suggest_group(*, programme_id: int, patron_id: int, today: date | None = None
                  ) -> Group | None:
    """The group a reader belongs in by age (the first that admits them), if any."""
    programme = setup.get(programme_id=programme_id)
    reader = _reader(patron_id)
    age = age_in_years(reader[0], reader[1], today or date.today())
    return next((g for g in programme.groups if g.admits(age)), None)


@dataclass(frozen=True)
class Reader:
    """Who is being registered, as the registration dialog shows them."""

    name: str
    age: int | None
    guardian: str
    guardian_phone: str


def reader(*, patron_id: int, today: date | None = None) -> Reader:
    row = one(_PATRON_SQL, (patron_id,))
    if row is None or row[6]:
        raise NotFound("programmes.error.no_reader", id=patron_id)
    return Reader(_name(row[1], row[2]),
                  age_in_years(as_date(row[4]), row[5], today or date.today()),
                  _name(row[7], row[8]), row[9] or "")


def _reader(patron_id: int) -> tuple[date | None, int | None, str]:
    row = one(_PATRON_SQL, (patron_id,))
    if row is None or row[6]:
        raise NotFound("programmes.error.no_reader", id=patron_id)
    return as_date(row[4]), row[5], _name(row[1], row[2])


# -- changing ---------------------------------------------------------------------------------
def register(*, programme_id: int, patron_id: int, group_id: int | None = None,
             on: date | None = None, ignore_age: bool = False) -> int:
    """Register the reader into a group of the programme (by age when no group is given).

    A reader is in a programme once; an age outside the group's is refused unless the
    librarian confirmed it (`ignore_age`)."""
    on = on or date.today()
    with database.atomic():
        programme = setup.get(programme_id=programme_id)
        birth_date, birth_year, name = _reader(patron_id)
        age = age_in_years(birth_date, birth_year, on)
        already = one("SELECT gr.name FROM programme_participant pp JOIN programme_group gr"
                      " ON gr.id = pp.group_id WHERE pp.programme_id = ? AND pp.patron_id = ?",
                      (programme_id, patron_id))
        if already is not None:
            raise Conflict("programmes.error.registered_twice", name=name, group=already[0])
        if group_id is None:
            chosen = next((g for g in programme.groups if g.admits(age)), None)
            if chosen is None:
                raise InvalidInput("programmes.error.no_group_for_age", name=name,
                                   age="?" if age is None else age)
        else:
            chosen = next((g for g in programme.groups if g.id == group_id), None)
            if chosen is None:
                raise NotFound("programmes.error.no_group", id=group_id)
            if not ignore_age and not chosen.admits(age):
                raise InvalidInput("programmes.error.wrong_age", name=name, group=chosen.name,
                                   age="?" if age is None else age)
        participant_id = insert(
            "INSERT INTO programme_participant (programme_id, group_id, patron_id, age_group,"
            " registered_on, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (programme_id, chosen.id, patron_id, age_group(birth_date, birth_year, on),
             on.isoformat(), datetime.now().isoformat(sep=" ")))
        audit.record("programmes.register", entity="programme_participant",
                     entity_id=participant_id, programme=programme_id, group=chosen.name,
                     patron_id=patron_id)
    return participant_id


def unregister(*, participant_id: int) -> None:
    with database.atomic():
        found = participant(participant_id=participant_id)
        changed("DELETE FROM programme_participant WHERE id = ?", (participant_id,))
        audit.record("programmes.unregister", entity="programme_participant",
                     entity_id=participant_id, programme=found.programme_id,
                     patron_id=found.patron_id)


def _book_of_group(participant_id: int, book_id: int) -> None:
    in_group = scalar("SELECT b.id FROM programme_book b JOIN programme_participant pp"
                      " ON pp.group_id = b.group_id WHERE pp.id = ? AND b.id = ?",
                      (participant_id, book_id))
    if in_group is None:
        raise InvalidInput("programmes.error.book_not_in_group")


def _vote(vote: object) -> int | None:
    if vote is None or vote == "":
        return None
    try:
        value = int(vote)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("programmes.error.vote", vote=vote, low=MIN_VOTE,
                           high=MAX_VOTE) from exc
    if not MIN_VOTE <= value <= MAX_VOTE:
        raise InvalidInput("programmes.error.vote", vote=vote, low=MIN_VOTE, high=MAX_VOTE)
    return value


def _upsert_reading(participant_id: int, book_id: int, on: date, vote: int | None) -> None:
    changed("INSERT INTO programme_reading (participant_id, book_id, marked_on, vote)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, book_id)"
            " DO UPDATE SET vote = coalesce(excluded.vote, programme_reading.vote)",
            (participant_id, book_id, on.isoformat(), vote))


def mark_read(*, participant_id: int, book_id: int, vote: object = None,
              on: date | None = None) -> None:
    """Tick a book of the group as read (read elsewhere, or to record a vote)."""
    value = _vote(vote)
    with database.atomic():
        participant(participant_id=participant_id)
        _book_of_group(participant_id, book_id)
        _upsert_reading(participant_id, book_id, on or date.today(), value)
        audit.record("programmes.mark_read", entity="programme_participant",
                     entity_id=participant_id, book=book_id, vote=value)


def unmark_read(*, participant_id: int, book_id: int) -> None:
    """Take back a tick (a book read from a loan stays read: the loan is the record)."""
    with database.atomic():
        _book_of_group(participant_id, book_id)
        changed("DELETE FROM programme_reading WHERE participant_id = ? AND book_id = ?",
                (participant_id, book_id))
        audit.record("programmes.unmark_read", entity="programme_participant",
                     entity_id=participant_id, book=book_id)


def receive_questionnaire(*, participant_id: int, on: date | None = None,
                          votes: dict[int, object] | None = None,
                          today: date | None = None) -> None:
    """The questionnaire handed in on `on`, with the votes per book if typed in. A
    questionnaire after the deadline is refused: the jury counts only those in time."""
    today = today or date.today()
    on = on or today
    if on > today:
        raise InvalidInput("programmes.error.questionnaire_future", day=on.strftime("%d.%m.%Y"))
    cleaned = {int(book): _vote(vote) for book, vote in (votes or {}).items()}
    with database.atomic():
        found = participant(participant_id=participant_id)
        programme = setup.get(programme_id=found.programme_id)
        if on > programme.deadline_on:
            raise InvalidInput("programmes.error.questionnaire_late",
                               day=on.strftime("%d.%m.%Y"),
                               deadline=programme.deadline_on.strftime("%d.%m.%Y"))
        for book_id, vote in cleaned.items():
            _book_of_group(participant_id, book_id)
            _upsert_reading(participant_id, book_id, on, vote)
        changed("UPDATE programme_participant SET questionnaire_on = ? WHERE id = ?",
                (on.isoformat(), participant_id))
        audit.record("programmes.questionnaire", entity="programme_participant",
                     entity_id=participant_id, on=on.isoformat(), votes=len(cleaned))


def clear_questionnaire(*, participant_id: int) -> None:
    with database.atomic():
        participant(participant_id=participant_id)
        changed("UPDATE programme_participant SET questionnaire_on = NULL WHERE id = ?",
                (participant_id,))
        audit.record("programmes.questionnaire_clear", entity="programme_participant",
                     entity_id=participant_id)
