"""Events (pasākumi): create, edit, delete, attendance, the calendar and poster data.

An event's picture is copied into a folder beside the database (`<db file>.files/events/`)
so the database and its pictures move together; the copy is checked to be a real image
before anything is saved. Every change is one transaction with its audit record; a refused
change leaves the database and the pictures folder as they were.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import uuid
from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from peewee import fn

from rozupe_desk import config
from rozupe_desk.db.connection import database, sqlite_path
from rozupe_desk.db.models import EVENT_KINDS, Event
from rozupe_desk.errors import InvalidInput, NotFound
from rozupe_desk.files import within
from rozupe_desk.services import settings
from rozupe_desk.services.branches.branches import branch_names, desk_branch_id
from rozupe_desk.services.safety import audit

IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "BMP": ".bmp", "WEBP": ".webp"}
MAX_IMAGE_BYTES = 40 * 1024 * 1024
MAX_ATTENDANCE = 100_000
MAX_TITLE = 200
# The longest an event may run. Bounding it lets the calendar find the events running
# into a month from an index range on the start instead of reading every older event.
MAX_DAYS = 366
SORT_KEYS = {
    "title": Event.title, "kind": Event.kind, "starts_at": Event.starts_at,
    "place": Event.place, "for_children": Event.for_children,
    "attendance": fn.COALESCE(Event.attendance_children, 0)
    + fn.COALESCE(Event.attendance_adults, 0),
}
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


@dataclass(frozen=True)
class EventFields:
    """What the librarian enters about an event (attendance is recorded separately)."""

    title: str
    starts_at: datetime
    kind: str = "other"
    ends_at: datetime | None = None
    place: str = ""
    audience: str = ""
    description: str = ""
    partners: str = ""
    link_url: str = ""
    for_children: bool = False
    branch_id: int | None = None  # the branch it belongs to; None: the desk's (a new event)


@dataclass(frozen=True)
class EventView:
    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    audience: str
    description: str
    partners: str
    link_url: str
    for_children: bool
    image_path: str
    attendance_children: int | None
    attendance_adults: int | None
    branch_id: int = 1

    @property
    def attendance_total(self) -> int | None:
        if self.attendance_children is None and self.attendance_adults is None:
            return None
        return (self.attendance_children or 0) + (self.attendance_adults or 0)

    @property
    def runs_for_days(self) -> bool:
        return self.ends_at is not None and self.ends_at.date() > self.starts_at.date()

    def fields(self) -> EventFields:
        return EventFields(
            title=self.title, kind=self.kind, starts_at=self.starts_at, ends_at=self.ends_at,
            place=self.place, audience=self.audience, description=self.description,
            partners=self.partners, link_url=self.link_url, for_children=self.for_children,
            branch_id=self.branch_id)


@dataclass(frozen=True)
class LibraryInfo:
    """The library as posters and certificates name it (from the settings)."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo_path: str = ""
    opening_hours: dict[str, str] = field(default_factory=dict)


# -- reading ---------------------------------------------------------------------------
def _to_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return datetime.fromisoformat(str(value))


def _view(row: Event) -> EventView:
    return EventView(
        id=row.id, title=row.title, kind=row.kind, starts_at=_to_datetime(row.starts_at),
        ends_at=_to_datetime(row.ends_at), place=row.place, audience=row.audience,
        description=row.description, partners=row.partners, link_url=row.link_url,
        for_children=bool(row.for_children), image_path=row.image_path,
        attendance_children=row.attendance_children, attendance_adults=row.attendance_adults,
        branch_id=row.branch_id)


def get_event(*, event_id: int) -> EventView:
    row = Event.get_or_none(Event.id == event_id)
    if row is None:
        raise NotFound("events.not_found", event_id=event_id)
    return _view(row)


def list_events(*, offset: int = 0, limit: int = 200, sort_key: str | None = None,
                descending: bool = False, on_day: date | None = None) -> list[dict[str, Any]]:
    """A page of events as plain rows for the events table; newest first unless sorted.

    `on_day` keeps the events taking place that day (an exhibition on every day it runs).
    """
    query = Event.select()
    if on_day is not None:
        query = query.where(*_overlapping(on_day, on_day))
    if sort_key in SORT_KEYS:
        column = SORT_KEYS[sort_key]
        order = [column.desc() if descending else column.asc(), Event.id]
    else:
        order = [Event.starts_at.desc(), Event.id.desc()]
    rows = query.order_by(*order).offset(offset).limit(limit)
    return [_row(_view(row)) for row in rows]


def _row(event: EventView) -> dict[str, Any]:
    return {
        "id": event.id, "title": event.title, "kind": event.kind,
        "starts_at": event.starts_at, "ends_at": event.ends_at, "place": event.place,
        "for_children": event.for_children, "attendance": event.attendance_total,
        "attendance_children": event.attendance_children,
        "attendance_adults": event.attendance_adults, "has_image": bool(event.image_path),
    }


def _overlapping(first: date, last: date) -> list:
    """Conditions for events that take place on any day from `first` to `last`."""
    after_last = datetime.combine(last + timedelta(days=1), time())
    start_of_first = datetime.combine(first, time())
    return [Event.starts_at < after_last,
            Event.starts_at >= start_of_first - timedelta(days=MAX_DAYS + 1),
            (Event.starts_at >= start_of_first)
            | (Event.ends_at.is_null(False) & (Event.ends_at >= start_of_first))]


def events_in_month(*, year: int, month: int) -> list[EventView]:
    """Events that take place in the month, those running into it from before included."""
    first, last = _month_bounds(year, month)
    rows = Event.select().where(*_overlapping(first, last)).order_by(Event.starts_at, Event.id)
    return [_view(row) for row in rows]


def event_days(*, year: int, month: int) -> dict[date, int]:
    """How many events take place on each day of the month (for the calendar). Reads only
    the two dates of each event: a municipality's month holds hundreds of events."""
    first, last = _month_bounds(year, month)
    spans = (Event.select(Event.starts_at, Event.ends_at)
             .where(*_overlapping(first, last)).tuples())
    days: dict[date, int] = {}
    for starts_at, ends_at in spans:
        starts = _to_datetime(starts_at)
        day = max(starts.date(), first)
        end = max(min((_to_datetime(ends_at) or starts).date(), last), day)
        while day <= end:
            days[day] = days.get(day, 0) + 1
            day += timedelta(days=1)
    return days


def count_in_month(*, year: int, month: int) -> int:
    first, last = _month_bounds(year, month)
    return Event.select().where(*_overlapping(first, last)).count()


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise InvalidInput("events.bad_month", year=year, month=month)
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


@dataclass(frozen=True)
class EventStatistics:
    """The events indicators of DESIGN 5 for a period."""

    events: int
    events_children: int
    event_attendance: int


def statistics(*, first_day: date, last_day: date) -> EventStatistics:
    """Events starting from `first_day` to `last_day`, those for children, and everyone who
    came to them (children and adults; an event not yet counted adds nothing)."""
    start = datetime.combine(first_day, time())
    end = datetime.combine(last_day + timedelta(days=1), time())
    row = (Event.select(
        fn.COUNT(Event.id),
        fn.COALESCE(fn.SUM(Event.for_children), 0),
        fn.COALESCE(fn.SUM(fn.COALESCE(Event.attendance_children, 0)
                           + fn.COALESCE(Event.attendance_adults, 0)), 0))
        .where(Event.starts_at >= start, Event.starts_at < end).tuples().get())
    return EventStatistics(events=row[0], events_children=int(row[1]),
                           event_attendance=int(row[2]))


def library_info() -> LibraryInfo:
    values = settings.get_all()
    return LibraryInfo(
        name=values.get("library_name", ""), address=values.get("library_address", ""),
        phone=values.get("library_phone", ""), email=values.get("library_email", ""),
        logo_path=_existing_file(values.get("logo_path", "")),
        opening_hours=dict(values.get("opening_hours") or {}))


def _existing_file(path: str) -> str:
    return path if path and Path(path).is_file() else ""


# -- writing ---------------------------------------------------------------------------
def create_event(*, fields: EventFields, image_source: str | Path | None = None) -> int:
    """Save a new event (and a copy of its picture); returns its id."""
    clean = _validated(fields)
    stored = _store_image(image_source) if image_source else None
    try:
        with database.atomic():
            row = Event.create(**{"branch_id": desk_branch_id(), **_columns(clean)},
                               image_path=str(stored or ""), created_at=datetime.now())
            audit.record("events.create", entity="event", entity_id=row.id, title=clean.title)
    except Exception:
        _remove(stored)
        raise
    return row.id


def update_event(*, event_id: int, fields: EventFields, image_source: str | Path | None = None,
                 remove_image: bool = False) -> None:
    """Change an event; a new picture replaces the old one, `remove_image` drops it."""
    clean = _validated(fields)
    row = Event.get_or_none(Event.id == event_id)
    if row is None:
        raise NotFound("events.not_found", event_id=event_id)
    old_image = row.image_path
    stored = _store_image(image_source) if image_source else None
    image_path = str(stored) if stored else ("" if remove_image else old_image)
    try:
        with database.atomic():
            Event.update(**_columns(clean), image_path=image_path).where(
                Event.id == event_id).execute()
            audit.record("events.update", entity="event", entity_id=event_id, title=clean.title)
    except Exception:
        _remove(stored)
        raise
    if old_image and old_image != image_path:
        _remove_if_ours(old_image)


def delete_event(*, event_id: int) -> None:
    row = Event.get_or_none(Event.id == event_id)
    if row is None:
        raise NotFound("events.not_found", event_id=event_id)
    with database.atomic():
        Event.delete().where(Event.id == event_id).execute()
        audit.record("events.delete", entity="event", entity_id=event_id, title=row.title)
    if row.image_path:
        _remove_if_ours(row.image_path)


def record_attendance(*, event_id: int, children: int, adults: int,
                      now: datetime | None = None) -> None:
    """Count who came, by age group; only once the event has begun."""
    row = Event.get_or_none(Event.id == event_id)
    if row is None:
        raise NotFound("events.not_found", event_id=event_id)
    for value in (children, adults):
        if not isinstance(value, int) or isinstance(value, bool) or not (
                0 <= value <= MAX_ATTENDANCE):
            raise InvalidInput("events.bad_attendance", value=value, limit=MAX_ATTENDANCE)
    if _to_datetime(row.starts_at) > (now or datetime.now()):
        raise InvalidInput("events.attendance_before_start")
    with database.atomic():
        Event.update(attendance_children=children, attendance_adults=adults).where(
            Event.id == event_id).execute()
        audit.record("events.attendance", entity="event", entity_id=event_id,
                     children=children, adults=adults)


def _columns(fields: EventFields) -> dict[str, Any]:
    """The event's columns; its branch only when the form chose one (a change keeps it)."""
    chosen = {} if fields.branch_id is None else {"branch_id": fields.branch_id}
    return {
        "title": fields.title, "kind": fields.kind, "starts_at": fields.starts_at,
        "ends_at": fields.ends_at, "place": fields.place, "audience": fields.audience,
        "description": fields.description, "partners": fields.partners,
        "link_url": fields.link_url, "for_children": fields.for_children, **chosen,
    }


def _validated(fields: EventFields) -> EventFields:
    """The fields trimmed and checked; raises InvalidInput with the first problem."""
    title = " ".join(fields.title.split())
    if not title:
        raise InvalidInput("events.title_missing")
    if len(title) > MAX_TITLE:
        raise InvalidInput("events.title_too_long", limit=MAX_TITLE)
    if fields.kind not in EVENT_KINDS:
        raise InvalidInput("events.bad_kind", kind=fields.kind)
    if not isinstance(fields.starts_at, datetime):
        raise InvalidInput("events.start_missing")
    starts = fields.starts_at.replace(second=0, microsecond=0, tzinfo=None)
    ends = fields.ends_at.replace(second=0, microsecond=0, tzinfo=None) if fields.ends_at else None
    if ends is not None and ends < starts:
        raise InvalidInput("events.ends_before_start")
    if ends is not None and ends - starts > timedelta(days=MAX_DAYS):
        raise InvalidInput("events.too_long", days=MAX_DAYS)
    if fields.branch_id is not None and fields.branch_id not in branch_names():
        raise InvalidInput("branches.unknown", code=str(fields.branch_id))
    return replace(
        fields, title=title, starts_at=starts, ends_at=ends,
        place=fields.place.strip(), audience=fields.audience.strip(),
        description=fields.description.strip(), partners=fields.partners.strip(),
        link_url=_clean_url(fields.link_url), for_children=bool(fields.for_children))


def _clean_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if url.lower().startswith("www."):
        url = "https://" + url
    if not _URL.match(url):
        raise InvalidInput("events.bad_link", link=url)
    return url


# -- pictures --------------------------------------------------------------------------
def files_folder() -> Path:
    """`<db file>.files/events/` beside an SQLite database; the user data folder otherwise."""
    db_file = sqlite_path(str(database.obj.database)) if database.obj is not None else None
    base = Path(f"{db_file}.files") if db_file is not None else config.data_dir() / "files"
    return base / "events"


def check_image(*, source: str | Path) -> str:
    """The picture's format (JPEG, PNG…) when `source` is an image we can print; else
    InvalidInput. Pillow decodes the whole file, so a truncated photo is refused too."""
    from PIL import Image, UnidentifiedImageError

    path = Path(source)
    if not path.is_file():
        raise InvalidInput("events.image_missing", path=str(path))
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise InvalidInput("events.image_too_big", path=path.name,
                           limit=MAX_IMAGE_BYTES // (1024 * 1024))
    try:
        with Image.open(path) as image:
            kind = image.format
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise InvalidInput("events.not_an_image", path=path.name) from exc
    if kind not in IMAGE_FORMATS:
        raise InvalidInput("events.image_format", path=path.name, kind=str(kind))
    return kind


def _store_image(source: str | Path) -> Path:
    kind = check_image(source=source)
    folder = files_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"event-{uuid.uuid4().hex[:12]}{IMAGE_FORMATS[kind]}"
        shutil.copyfile(source, target)
    except OSError as exc:
        raise InvalidInput("events.image_copy_failed", path=str(source), reason=str(exc)) from exc
    return target


def _remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_if_ours(path: str) -> None:
    """Delete a replaced picture, but only a copy we made, never the librarian's original."""
    candidate = Path(path)
    if candidate.parent == files_folder():
        with contextlib.suppress(InvalidInput):  # not ours after all: left alone
            within(files_folder(), candidate.name).unlink(missing_ok=True)
