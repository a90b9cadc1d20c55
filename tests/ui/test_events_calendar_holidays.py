"""The events calendar shows public holidays and the days closed by hand like Sundays."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt

from rozupe_desk.app import create_window
from rozupe_desk.db.models import ClosedDay
from rozupe_desk.services.events import events
from rozupe_desk.services.events.events import EventFields


@pytest.fixture
def tab(db_path, qtbot):
    ClosedDay.create(day=date(2026, 12, 29))
    ClosedDay.create(day=date(2026, 12, 30), reason="Inventarizācija")
    events.create_event(fields=EventFields(
        title="Ziemassvētku rīts", kind="reading", starts_at=datetime(2026, 12, 26, 11),
        ends_at=datetime(2026, 12, 26, 12), for_children=True))
    window = create_window(db_path)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.events)
    window.events.calendar.setCurrentPage(2026, 12)
    yield window.events


def test_december_holidays_look_like_sundays_and_say_their_names(tab):
    calendar = tab.calendar
    sunday = calendar.weekdayTextFormat(Qt.DayOfWeek.Sunday).foreground().color()

    def colour(day):
        return calendar.dateTextFormat(QDate(2026, 12, day)).foreground().color()

    assert [colour(day) == sunday for day in (24, 25, 26, 31, 29, 30)] == [True] * 6
    assert colour(23) != sunday and colour(22) != sunday  # an ordinary Wednesday, Tuesday
    assert calendar.dateTextFormat(QDate(2026, 12, 24)).toolTip() == "Ziemassvētku vakars"
    assert calendar.dateTextFormat(QDate(2026, 12, 29)).toolTip() == "Bibliotēka slēgta"
    assert calendar.dateTextFormat(QDate(2026, 12, 30)).toolTip() == "Inventarizācija"
    assert calendar.dateTextFormat(QDate(2026, 12, 26)).font().bold()  # the event stays marked


def test_the_moving_holidays_of_another_month(tab):
    tab.calendar.setCurrentPage(2027, 3)  # Easter 2027: 28 March
    sunday = tab.calendar.weekdayTextFormat(Qt.DayOfWeek.Sunday).foreground().color()
    good_friday = tab.calendar.dateTextFormat(QDate(2027, 3, 26))
    assert good_friday.foreground().color() == sunday
    assert good_friday.toolTip() == "Lielā Piektdiena"
