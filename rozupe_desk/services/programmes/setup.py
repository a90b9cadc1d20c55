"""A reading programme, its age groups and each group's book collection.

Every change is one transaction with its audit record. Deleting a programme deletes its
groups, books and participants (the tables cascade); loans and titles stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import PROGRAMME_KINDS
from rozupe_desk.errors import Conflict, InvalidInput, NotFound
from rozupe_desk.i18n import has_message, tr
from rozupe_desk.services.collection import catalog
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import all_rows, as_date, changed, insert, one, scalar

KINDS = PROGRAMME_KINDS
MAX_NAME = 120
# The jury's own groups (5+, 9+, 11+, 15+ and the parents), as the National Library sets
# them; the librarian may rename or change them.
JURY_GROUPS: tuple[tuple[str, int | None, int | None, bool], ...] = (
    ("5+", 5, 8, False), ("9+", 9, 10, False), ("11+", 11, 14, False),
    ("15+", 15, 17, False), ("programmes.group.parents", None, None, True),
)
SUMMER_GROUPS: tuple[tuple[str, int | None, int | None, bool], ...] = (
    ("programmes.group.everyone", None, None, False),
)


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    min_age: int | None
    max_age: int | None
    adults: bool
    book_count: int = 0

    def admits(self, age: int | None) -> bool:
        """Whether a reader of `age` (None: unknown) belongs in this group by age."""
        if self.adults:
            return age is None or age >= 18
        if age is None:
            return self.min_age is None and self.max_age is None
        return ((self.min_age is None or age >= self.min_age)
                and (self.max_age is None or age <= self.max_age))


@dataclass(frozen=True)
class Programme:
    id: int
    name: str
    kind: str
    year: int
    starts_on: date
    deadline_on: date
    closing_event_id: int | None
    notes: str
    groups: list[Group] = field(default_factory=list)

    @property
    def needs_questionnaire(self) -> bool:
        return self.kind == "jury"

    def is_running(self, day: date) -> bool:
        return self.starts_on <= day <= self.deadline_on

    @property
    def loan_window(self) -> tuple[str, str]:
        return loan_window(self.starts_on, self.deadline_on)


def loan_window(starts_on: date, deadline_on: date) -> tuple[str, str]:
    """The loans that count for a programme, as `lo <= issued_at < hi` on stored text: from
    its first day to the end of its deadline's day."""
    return starts_on.isoformat(), (deadline_on + timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Book:
    id: int
    group_id: int
    title_id: int
    title: str
    authors: str
    isbn: str
    copies: int
    on_shelf: int


def _text(value: object, key: str, *, limit: int = MAX_NAME) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise InvalidInput(key)
    if len(text) > limit:
        raise InvalidInput("programmes.error.too_long", limit=limit)
    return text


def _age(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        age = int(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("programmes.error.age", value=value) from exc
    if not 0 <= age <= 120:
        raise InvalidInput("programmes.error.age", value=value)
    return age


# -- reading ----------------------------------------------------------------------------------
_PROGRAMME_SQL = ("SELECT id, name, kind, year, starts_on, deadline_on, closing_event_id, notes"
                  " FROM reading_programme")


def _programme(row: tuple, groups: list[Group]) -> Programme:
    return Programme(row[0], row[1], row[2], row[3], as_date(row[4]), as_date(row[5]), row[6],
                     row[7], groups)


def groups_of(programme_id: int) -> list[Group]:
    rows = all_rows(
        "SELECT g.id, g.name, g.min_age, g.max_age, g.adults,"
        " (SELECT count(*) FROM programme_book b WHERE b.group_id = g.id)"
        " FROM programme_group g WHERE g.programme_id = ? ORDER BY g.position, g.id",
        (programme_id,))
    return [Group(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]


def programmes() -> list[Programme]:
    """Every programme, the newest first."""
    rows = all_rows(_PROGRAMME_SQL + " ORDER BY year DESC, starts_on DESC, id DESC")
    return [_programme(row, groups_of(row[0])) for row in rows]


def get(*, programme_id: int) -> Programme:
    row = one(_PROGRAMME_SQL + " WHERE id = ?", (programme_id,))
    if row is None:
        raise NotFound("programmes.error.no_programme", id=programme_id)
    return _programme(row, groups_of(programme_id))


def running(*, day: date) -> list[Programme]:
    """The programmes whose reading time includes `day`."""
    rows = all_rows(_PROGRAMME_SQL + " WHERE starts_on <= ? AND deadline_on >= ?"
                    " ORDER BY starts_on, id", (day.isoformat(), day.isoformat()))
    return [_programme(row, groups_of(row[0])) for row in rows]


def open_for_registration(*, day: date) -> list[Programme]:
    """The programmes a reader can still join on `day`: running or starting later."""
    rows = all_rows(_PROGRAMME_SQL + " WHERE deadline_on >= ? ORDER BY starts_on, id",
                    (day.isoformat(),))
    return [_programme(row, groups_of(row[0])) for row in rows]


def group(*, group_id: int) -> tuple[int, Group]:
    """The programme id and the group `group_id`."""
    row = one("SELECT programme_id FROM programme_group WHERE id = ?", (group_id,))
    if row is None:
        raise NotFound("programmes.error.no_group", id=group_id)
    found = next(g for g in groups_of(row[0]) if g.id == group_id)
    return row[0], found


def books(*, group_id: int) -> list[Book]:
    """The group's collection, with how many copies each title has and how many are on the
    shelf now."""
    rows = all_rows(
        "SELECT b.id, b.group_id, t.id, t.title, t.authors, t.isbn,"
        " (SELECT count(*) FROM item i WHERE i.title_id = t.id"
        "   AND i.status NOT IN ('discarded', 'lost')),"
        " (SELECT count(*) FROM item i WHERE i.title_id = t.id AND i.status = 'available')"
        " FROM programme_book b JOIN title t ON t.id = b.title_id"
        " WHERE b.group_id = ? ORDER BY b.position, b.id", (group_id,))
    return [Book(*row) for row in rows]


# -- changing ---------------------------------------------------------------------------------
def _dates(starts_on: date, deadline_on: date) -> None:
    if deadline_on < starts_on:
        raise InvalidInput("programmes.error.deadline_before_start")


def create(*, name: str, year: int, starts_on: date, deadline_on: date, kind: str = "jury",
           closing_event_id: int | None = None, notes: str = "",
           with_groups: bool = True) -> int:
    """A new programme; with `with_groups` it gets the usual groups of its kind."""
    name = _text(name, "programmes.error.no_name")
    if kind not in PROGRAMME_KINDS:
        raise InvalidInput("programmes.error.kind", kind=kind)
    if not 2000 <= int(year) <= 2200:
        raise InvalidInput("programmes.error.year", year=year)
    _dates(starts_on, deadline_on)
    with database.atomic():
        _check_event(closing_event_id)
        programme_id = insert(
            "INSERT INTO reading_programme (name, kind, year, starts_on, deadline_on,"
            " closing_event_id, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (name, kind, int(year), starts_on.isoformat(), deadline_on.isoformat(),
             closing_event_id, notes.strip(), datetime.now().isoformat(sep=" ")))
        if with_groups:
            preset = JURY_GROUPS if kind == "jury" else SUMMER_GROUPS
            for position, (label, low, high, adults) in enumerate(preset):
                group_name = tr(label) if has_message(label) else label
                _insert_group(programme_id, group_name, low, high, adults, position)
        audit.record("programmes.create", entity="reading_programme", entity_id=programme_id,
                     name=name, year=int(year))
    return programme_id


def update(*, programme_id: int, name: str, year: int, starts_on: date, deadline_on: date,
           kind: str, closing_event_id: int | None = None, notes: str = "") -> None:
    name = _text(name, "programmes.error.no_name")
    if kind not in PROGRAMME_KINDS:
        raise InvalidInput("programmes.error.kind", kind=kind)
    _dates(starts_on, deadline_on)
    with database.atomic():
        get(programme_id=programme_id)
        _check_event(closing_event_id)
        changed("UPDATE reading_programme SET name = ?, kind = ?, year = ?, starts_on = ?,"
                " deadline_on = ?, closing_event_id = ?, notes = ? WHERE id = ?",
                (name, kind, int(year), starts_on.isoformat(), deadline_on.isoformat(),
                 closing_event_id, notes.strip(), programme_id))
        audit.record("programmes.update", entity="reading_programme", entity_id=programme_id,
                     name=name)


def _check_event(event_id: int | None) -> None:
    if event_id is not None and scalar("SELECT id FROM event WHERE id = ?", (event_id,)) is None:
        raise NotFound("programmes.error.no_event", id=event_id)


def delete(*, programme_id: int) -> None:
    """Remove the programme with its groups, books and participants; no loan is touched."""
    with database.atomic():
        programme = get(programme_id=programme_id)
        changed("DELETE FROM reading_programme WHERE id = ?", (programme_id,))
        audit.record("programmes.delete", entity="reading_programme", entity_id=programme_id,
                     name=programme.name)


def _insert_group(programme_id: int, name: str, min_age: int | None, max_age: int | None,
                  adults: bool, position: int) -> int:
    return insert("INSERT INTO programme_group (programme_id, name, min_age, max_age, adults,"
                  " position) VALUES (?, ?, ?, ?, ?, ?)",
                  (programme_id, name, min_age, max_age, int(adults), position))


def _check_group(programme_id: int, name: str, min_age: int | None, max_age: int | None,
                 group_id: int | None = None) -> None:
    if min_age is not None and max_age is not None and max_age < min_age:
        raise InvalidInput("programmes.error.ages_reversed")
    same = scalar("SELECT id FROM programme_group WHERE programme_id = ? AND name = ?"
                  " AND id <> ?", (programme_id, name, group_id or 0))
    if same is not None:
        raise Conflict("programmes.error.group_exists", name=name)


def add_group(*, programme_id: int, name: str, min_age: object = None, max_age: object = None,
              adults: bool = False) -> int:
    name = _text(name, "programmes.error.no_group_name", limit=40)
    low, high = _age(min_age), _age(max_age)
    with database.atomic():
        get(programme_id=programme_id)
        _check_group(programme_id, name, low, high)
        position = scalar("SELECT coalesce(max(position), -1) + 1 FROM programme_group"
                          " WHERE programme_id = ?", (programme_id,))
        group_id = _insert_group(programme_id, name, low, high, adults, position)
        audit.record("programmes.group_add", entity="programme_group", entity_id=group_id,
                     programme=programme_id, name=name)
    return group_id


def update_group(*, group_id: int, name: str, min_age: object = None, max_age: object = None,
                 adults: bool = False) -> None:
    name = _text(name, "programmes.error.no_group_name", limit=40)
    low, high = _age(min_age), _age(max_age)
    with database.atomic():
        programme_id, _ = group(group_id=group_id)
        _check_group(programme_id, name, low, high, group_id)
        changed("UPDATE programme_group SET name = ?, min_age = ?, max_age = ?, adults = ?"
                " WHERE id = ?", (name, low, high, int(adults), group_id))
        audit.record("programmes.group_update", entity="programme_group", entity_id=group_id,
                     name=name)


def delete_group(*, group_id: int) -> None:
    with database.atomic():
        _, found = group(group_id=group_id)
        experts = scalar("SELECT count(*) FROM programme_participant WHERE group_id = ?",
                         (group_id,))
        if experts:
            raise Conflict("programmes.error.group_has_experts", name=found.name, count=experts)
        changed("DELETE FROM programme_group WHERE id = ?", (group_id,))
        audit.record("programmes.group_delete", entity="programme_group", entity_id=group_id,
                     name=found.name)


def add_book(*, group_id: int, code: str = "", title_id: int | None = None) -> int:
    """Add a title to the group's collection: by id, or by a copy's barcode or an ISBN as
    the librarian scans it."""
    with database.atomic():
        group(group_id=group_id)
        if title_id is None:
            title_id = _title_for_code(code)
        elif scalar("SELECT id FROM title WHERE id = ?", (title_id,)) is None:
            raise NotFound("programmes.error.no_title", code=title_id)
        if scalar("SELECT id FROM programme_book WHERE group_id = ? AND title_id = ?",
                  (group_id, title_id)) is not None:
            raise Conflict("programmes.error.book_twice")
        position = scalar("SELECT coalesce(max(position), -1) + 1 FROM programme_book"
                          " WHERE group_id = ?", (group_id,))
        book_id = insert("INSERT INTO programme_book (group_id, title_id, position)"
                         " VALUES (?, ?, ?)", (group_id, title_id, position))
        audit.record("programmes.book_add", entity="programme_book", entity_id=book_id,
                     group=group_id, title=title_id)
    return book_id


def _title_for_code(code: str) -> int:
    code = code.strip()
    if not code:
        raise InvalidInput("programmes.error.no_code")
    found = scalar("SELECT title_id FROM item WHERE barcode = ?", (code,))
    if found is None:
        try:
            isbn = catalog.normalize_isbn(code)
        except InvalidInput:
            isbn = ""
        if isbn:
            found = scalar("SELECT id FROM title WHERE isbn = ? ORDER BY id LIMIT 1", (isbn,))
    if found is None:
        raise NotFound("programmes.error.no_title", code=code)
    return found


def remove_book(*, book_id: int) -> None:
    with database.atomic():
        row = one("SELECT group_id, title_id FROM programme_book WHERE id = ?", (book_id,))
        if row is None:
            raise NotFound("programmes.error.no_book", id=book_id)
        changed("DELETE FROM programme_book WHERE id = ?", (book_id,))
        audit.record("programmes.book_remove", entity="programme_book", entity_id=book_id,
                     group=row[0], title=row[1])
