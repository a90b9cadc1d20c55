"""Opening days: Latvian public holidays (moving Easter, transfers) and due dates."""

from __future__ import annotations

from datetime import date, datetime

from rozupe_desk.db.models import ClosedDay
from rozupe_desk.services.circulation import calendar, circulation
from rozupe_desk.services.circulation.calendar import (
    OpeningCalendar,
    easter_sunday,
    public_holidays,
)
from tests.desk_data import make_item, make_patron, make_title


def test_easter_sunday_known_years():
    assert [easter_sunday(y) for y in (2019, 2024, 2025, 2026, 2027, 2038)] == [
        date(2019, 4, 21), date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5),
        date(2027, 3, 28), date(2038, 4, 25)]


def test_latvian_holidays_2026_with_moving_days():
    days = public_holidays(2026)
    for day in (date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),
                date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 10), date(2026, 5, 24),
                date(2026, 6, 23), date(2026, 6, 24), date(2026, 11, 18), date(2026, 12, 24),
                date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 31)):
        assert day in days, day
    assert date(2026, 4, 7) not in days and date(2026, 5, 5) not in days


def test_4_may_and_18_november_on_a_weekend_move_to_monday():
    assert date(2025, 5, 5) in public_holidays(2025)  # 4 May 2025 is a Sunday
    assert date(2024, 11, 18) in public_holidays(2024) and date(2024, 11, 19) not in \
        public_holidays(2024)
    assert date(2023, 11, 20) in public_holidays(2023)  # 18 Nov 2023 is a Saturday
    assert date(2030, 5, 6) in public_holidays(2030)  # 4 May 2030 is a Saturday
    assert "pārcelta" in public_holidays(2023)[date(2023, 11, 20)]


def test_due_date_skips_weekly_closed_days_and_christmas():
    tuesday_to_saturday = OpeningCalendar([0, 6])
    # 26 Nov 2026 + 28 days = Thu 24 Dec: 24-26 holidays, Sun and Mon closed -> Tue 29 Dec
    assert tuesday_to_saturday.due_date(date(2026, 11, 26), 28) == date(2026, 12, 29)
    every_day = OpeningCalendar([])
    assert every_day.due_date(date(2026, 3, 9), 28) == date(2026, 4, 7)  # Easter Monday
    assert every_day.due_date(date(2026, 3, 6), 28) == date(2026, 4, 4)  # Good Friday
    assert every_day.due_date(date(2026, 3, 5), 28) == date(2026, 4, 2)  # an ordinary day
    assert tuesday_to_saturday.due_date(date(2026, 3, 7), 28) == date(2026, 4, 4)
    assert tuesday_to_saturday.due_date(date(2026, 3, 8), 28) == date(2026, 4, 7)


def test_days_closed_by_hand_are_skipped(db_path):
    ClosedDay.create(day=date(2026, 4, 7), reason="remonts")
    ClosedDay.create(day=date(2026, 4, 8), reason="remonts")
    assert calendar.library_calendar(date(2026, 3, 10)).due_date(date(2026, 3, 10), 28) == \
        date(2026, 4, 9)
    reader = make_patron("A1")
    make_item("1001", make_title("Grāmata"))
    loan = circulation.checkout(barcode="1001", patron_id=reader.id,
                                at=datetime(2026, 3, 10, 12, 0))
    assert loan.due_on == date(2026, 4, 9)
