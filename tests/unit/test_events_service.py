"""Events: saving, editing, refusing bad input with nothing half saved, attendance, the
calendar queries and the pictures kept beside the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from rozupe_desk.db.models import AuditLog, Event
from rozupe_desk.errors import InvalidInput, NotFound
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import EventFields

SATURDAY = datetime(2026, 12, 12, 14, 0)


def fields(**changes) -> EventFields:
    values = dict(title="  Pasaku   rīts ", kind="reading", starts_at=SATURDAY,
                  ends_at=SATURDAY.replace(hour=15, minute=30), place="Lasītava",
                  audience="Bērni no 4 gadiem", for_children=True)
    values.update(changes)
    return EventFields(**values)


def picture(path: Path, size=(60, 40)) -> Path:
    Image.new("RGB", size, (200, 80, 40)).save(path)
    return path


def test_create_and_read_back_trims_the_input(db_path):
    event_id = events.create_event(fields=fields(link_url="www.livani.lv/pasakumi"))
    event = events.get_event(event_id=event_id)
    assert event.title == "Pasaku rīts"
    assert event.kind == "reading" and event.for_children
    assert event.starts_at == SATURDAY and event.ends_at == datetime(2026, 12, 12, 15, 30)
    assert event.link_url == "https://www.livani.lv/pasakumi"
    assert event.attendance_total is None
    assert AuditLog.select().where(AuditLog.action == "events.create").count() == 1


def test_an_event_that_ends_before_it_starts_is_refused_and_nothing_saved(db_path):
    with pytest.raises(InvalidInput) as error:
        events.create_event(fields=fields(ends_at=SATURDAY.replace(hour=9)))
    assert "nevar beigties agrāk" in str(error.value)
    assert Event.select().count() == 0


@pytest.mark.parametrize("change, words", [
    ({"title": "   "}, "nosaukumu"),
    ({"kind": "party"}, "Nezināms pasākuma veids"),
    ({"link_url": "not a link"}, "nav derīga"),
])
def test_other_bad_fields_are_refused(db_path, change, words):
    with pytest.raises(InvalidInput) as error:
        events.create_event(fields=fields(**change))
    assert words in str(error.value)
    assert Event.select().count() == 0


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_copied(db_path, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_text("this is a letter, not a photo", encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        events.create_event(fields=fields(), image_source=fake)
    assert "nav attēls" in str(error.value)
    assert Event.select().count() == 0
    folder = events.files_folder()
    assert not folder.exists() or not any(folder.iterdir())


def test_a_truncated_picture_is_refused(db_path, tmp_path):
    whole = picture(tmp_path / "whole.png", size=(400, 400))
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:200])
    with pytest.raises(InvalidInput):
        events.check_image(source=cut)


@pytest.mark.sqlite_only
def test_the_picture_is_copied_beside_the_database_and_replaced_on_edit(db_path, tmp_path):
    first = picture(tmp_path / "first.png")
    event_id = events.create_event(fields=fields(), image_source=first)
    stored = Path(events.get_event(event_id=event_id).image_path)
    assert stored.parent == Path(f"{db_path}.files") / "events"
    assert stored.read_bytes() == first.read_bytes()

    second = picture(tmp_path / "second.jpg", size=(30, 90))
    events.update_event(event_id=event_id, fields=fields(title="Jauns nosaukums"),
                        image_source=second)
    event = events.get_event(event_id=event_id)
    assert event.title == "Jauns nosaukums"
    assert Path(event.image_path).suffix == ".jpg" and Path(event.image_path).exists()
    assert not stored.exists(), "the replaced copy is removed"
    assert first.exists() and second.exists(), "the librarian's originals are never touched"

    events.update_event(event_id=event_id, fields=event.fields(), remove_image=True)
    assert events.get_event(event_id=event_id).image_path == ""


def test_a_refused_edit_keeps_the_old_event_and_picture(db_path, tmp_path):
    event_id = events.create_event(fields=fields(), image_source=picture(tmp_path / "a.png"))
    before = events.get_event(event_id=event_id)
    with pytest.raises(InvalidInput):
        events.update_event(event_id=event_id, fields=fields(ends_at=datetime(2026, 1, 1)),
                            image_source=picture(tmp_path / "b.png"))
    assert events.get_event(event_id=event_id) == before
    assert len(list(events.files_folder().iterdir())) == 1


def test_missing_events_are_not_found(db_path):
    for call in (lambda: events.get_event(event_id=42),
                 lambda: events.update_event(event_id=42, fields=fields()),
                 lambda: events.delete_event(event_id=42),
                 lambda: events.record_attendance(event_id=42, children=1, adults=1)):
        with pytest.raises(NotFound) as error:
            call()
        assert "42" in str(error.value) and "nav atrasts" in str(error.value)


def test_attendance_by_age_group(db_path):
    event_id = events.create_event(fields=fields())
    with pytest.raises(InvalidInput):
        events.record_attendance(event_id=event_id, children=5, adults=2,
                                 now=datetime(2026, 12, 1))
    with pytest.raises(InvalidInput):
        events.record_attendance(event_id=event_id, children=-1, adults=2,
                                 now=datetime(2026, 12, 13))
    assert events.get_event(event_id=event_id).attendance_total is None
    events.record_attendance(event_id=event_id, children=14, adults=6,
                             now=datetime(2026, 12, 13))
    event = events.get_event(event_id=event_id)
    assert (event.attendance_children, event.attendance_adults, event.attendance_total) == (
        14, 6, 20)


def test_delete_removes_the_event_and_its_picture(db_path, tmp_path):
    event_id = events.create_event(fields=fields(), image_source=picture(tmp_path / "a.png"))
    stored = Path(events.get_event(event_id=event_id).image_path)
    events.delete_event(event_id=event_id)
    assert Event.select().count() == 0 and not stored.exists()


def test_calendar_queries_see_exhibitions_on_every_day_they_run(db_path):
    reading = events.create_event(fields=fields())
    exhibition = events.create_event(fields=fields(
        title="Izstāde", kind="exhibition", for_children=False,
        starts_at=datetime(2026, 11, 20, 10), ends_at=datetime(2027, 1, 20, 18)))
    events.create_event(fields=fields(title="Vēlāk", starts_at=datetime(2027, 2, 1, 10),
                                      ends_at=None))
    days = events.event_days(year=2026, month=12)
    assert days[date(2026, 12, 12)] == 2 and days[date(2026, 12, 1)] == 1
    assert len(days) == 31
    assert [e.id for e in events.events_in_month(year=2026, month=12)] == [exhibition, reading]
    on_day = events.list_events(on_day=date(2026, 12, 12))
    assert {row["id"] for row in on_day} == {reading, exhibition}
    assert [row["id"] for row in events.list_events(on_day=date(2026, 12, 13))] == [exhibition]
    everything = events.list_events(sort_key="title", descending=False)
    assert [row["title"] for row in everything] == ["Izstāde", "Pasaku rīts", "Vēlāk"]
    with pytest.raises(InvalidInput):
        events.events_in_month(year=2026, month=13)


def test_an_event_longer_than_a_year_is_refused(db_path):
    with pytest.raises(InvalidInput) as error:
        events.create_event(fields=fields(ends_at=SATURDAY + timedelta(days=400)))
    assert "366" in str(error.value)
    assert events.count_in_month(year=2026, month=12) == 0


def test_statistics_count_events_starting_in_the_period(db_path):
    first = events.create_event(fields=fields())  # for children, 12 December
    events.create_event(fields=fields(title="Lasījumi", for_children=False,
                                      starts_at=datetime(2026, 12, 31, 18), ends_at=None))
    events.create_event(fields=fields(title="Izstāde no novembra", kind="exhibition",
                                      starts_at=datetime(2026, 11, 20, 10),
                                      ends_at=datetime(2026, 12, 20, 18)))
    events.record_attendance(event_id=first, children=12, adults=7,
                             now=datetime(2026, 12, 13))
    december = events.statistics(first_day=date(2026, 12, 1), last_day=date(2026, 12, 31))
    assert (december.events, december.events_children, december.event_attendance) == (2, 1, 19)
    empty = events.statistics(first_day=date(2027, 1, 1), last_day=date(2027, 1, 31))
    assert (empty.events, empty.events_children, empty.event_attendance) == (0, 0, 0)
