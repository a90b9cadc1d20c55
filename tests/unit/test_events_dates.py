"""Dates the Latvian way, and their English counterparts."""

from __future__ import annotations

from datetime import date, datetime

from rozupe_desk.i18n import set_language
from rozupe_desk.reports import latvian_dates as ld
from rozupe_desk.reports.event_plan import opening_hours_text


def test_a_day_with_its_time():
    assert ld.when(datetime(2026, 12, 12, 14, 0)) == "sestdien, 12. decembrī plkst. 14.00"
    assert ld.when(datetime(2026, 12, 7, 9, 5), datetime(2026, 12, 7, 10, 30)) == (
        "pirmdien, 7. decembrī plkst. 9.05–10.30")


def test_every_weekday_and_month_in_the_locative():
    days = [ld.weekday(date(2026, 12, 7 + n)) for n in range(7)]
    assert days == ["pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien",
                    "svētdien"]
    months = [ld.day_in_month(date(2026, m, 1)).split(" ")[1] for m in range(1, 13)]
    assert months == ["janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā",
                      "augustā", "septembrī", "oktobrī", "novembrī", "decembrī"]


def test_ranges_use_genitive_after_no_and_dative_after_lidz():
    assert ld.date_range(date(2026, 12, 1), date(2026, 12, 20)) == (
        "no 1. decembra līdz 20. decembrim")
    assert ld.when(datetime(2026, 4, 1, 10), datetime(2026, 5, 20, 18)) == (
        "no 1. aprīļa līdz 20. maijam")
    assert ld.date_range(date(2026, 12, 1), date(2027, 1, 20)) == (
        "no 2026. gada 1. decembra līdz 2027. gada 20. janvārim")


def test_headings_and_sentences():
    assert ld.month_title(2026, 12) == "2026. gada decembris"
    assert ld.full_date(date(2026, 11, 25)) == "2026. gada 25. novembrī"
    assert ld.in_year(2025) == "2025. gadā"


def test_english():
    set_language("en")
    try:
        assert ld.when(datetime(2026, 12, 12, 14, 0)) == "Saturday, 12 December at 14:00"
        assert ld.date_range(date(2026, 12, 1), date(2026, 12, 20)) == (
            "from 1 December to 20 December")
    finally:
        set_language("lv")


def test_opening_hours_are_grouped():
    hours = {"1": "10-18", "2": "10-18", "3": "10-18", "4": "10-18", "5": "10-15"}
    assert opening_hours_text(hours) == "O–Pk 10–18, S 10–15"
    assert opening_hours_text({"1": "10-18", "3": "12-19"}) == "O 10–18, C 12–19"
