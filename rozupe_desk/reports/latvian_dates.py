"""Dates and times written the Latvian way: "sestdien, 12. decembrī plkst. 14.00".

Latvian puts the weekday and the month in the locative for "on that day" (sestdien,
decembrī), the month in the genitive after "no" and in the dative after "līdz" ("no
1. decembra līdz 20. janvārim"), and writes the time with a dot. The words live in the
catalogue (`events.date.*`), so the English window gets "Saturday, 12 December at 14.00".
"""

from __future__ import annotations

from datetime import date, datetime, time

from rozupe_desk.i18n import tr


def clock(moment: time | datetime) -> str:
    """`14.00` (Latvian) or `14:00` (English); hours without a leading zero."""
    return tr("events.date.clock", hour=moment.hour, minute=f"{moment.minute:02d}")


def weekday(day: date) -> str:
    """`sestdien`: the weekday in the locative ("on Saturday")."""
    return tr(f"events.date.weekday_loc.{day.weekday()}")


def weekday_short(index: int) -> str:
    """`O` for Tuesday (Monday = 0), as on opening-hour signs."""
    return tr(f"events.date.weekday_short.{index}")


def month_name(month: int) -> str:
    """`decembris`: the month in the nominative, for headings."""
    return tr(f"events.date.month_nom.{month}")


def day_number(day: date) -> str:
    """`12.`: the day of the month alone, with the Latvian ordinal dot (English: `12`)."""
    return tr("lvw.date.day_number", day=day.day)


def day_in_month(day: date) -> str:
    """`12. decembrī`."""
    return tr("events.date.day_loc", day=day.day, month=tr(f"events.date.month_loc.{day.month}"))


def day_phrase(day: date) -> str:
    """`sestdien, 12. decembrī`."""
    return tr("events.date.weekday_day", weekday=weekday(day), day=day.day,
              month=tr(f"events.date.month_loc.{day.month}"))


def full_date(day: date) -> str:
    """`2026. gada 12. decembrī`: a date in a sentence, with the year."""
    return tr("events.date.full_loc", year=day.year, day=day.day,
              month=tr(f"events.date.month_loc.{day.month}"))


def month_title(year: int, month: int) -> str:
    """`2026. gada decembris`."""
    return tr("events.date.month_title", year=year, month=month_name(month))


def time_phrase(starts: datetime, ends: datetime | None = None) -> str:
    """`plkst. 14.00`, or `plkst. 14.00–15.30` when the event ends the same day."""
    if ends is not None and ends.date() == starts.date() and ends > starts:
        return tr("events.date.time_span", start=clock(starts), end=clock(ends))
    return tr("events.date.at_time", time=clock(starts))


def date_range(first: date, last: date) -> str:
    """`no 1. decembra līdz 20. janvārim`; the years are named when they differ."""
    with_year = first.year != last.year
    start = tr("events.date.from_gen_year" if with_year else "events.date.from_gen",
               year=first.year, day=first.day, month=tr(f"events.date.month_gen.{first.month}"))
    end = tr("events.date.to_dat_year" if with_year else "events.date.to_dat",
             year=last.year, day=last.day, month=tr(f"events.date.month_dat.{last.month}"))
    return tr("events.date.range", start=start, end=end)


def when(starts: datetime, ends: datetime | None = None) -> str:
    """The whole "when" of an event: one day with its time, or a range of days."""
    if ends is not None and ends.date() > starts.date():
        return date_range(starts.date(), ends.date())
    return tr("events.date.day_with_time", day=day_phrase(starts.date()),
              time=time_phrase(starts, ends))


def in_year(year: int) -> str:
    """`2026. gadā`."""
    return tr("events.date.in_year", year=year)
