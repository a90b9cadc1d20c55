"""Age groups: a child is a reader under 18 on the day that counts (DESIGN 5)."""

from __future__ import annotations

from datetime import date

ADULT_AGE = 18


def eighteenth_birthday(birth_date: date | None, birth_year: int | None) -> date | None:
    """The day the reader becomes an adult; None when the birth is unknown.

    With only a year known, the reader counts as a child to the end of the year in which
    they turn 18 - 1, i.e. as if born on 31 December: nobody is counted an adult too early.
    """
    if birth_date is not None:
        try:
            return birth_date.replace(year=birth_date.year + ADULT_AGE)
        except ValueError:  # born on 29 February
            return date(birth_date.year + ADULT_AGE, 3, 1)
    if birth_year is not None:
        return date(birth_year + ADULT_AGE, 12, 31)
    return None


def age_group(birth_date: date | None, birth_year: int | None, on: date) -> str:
    """'child' or 'adult' on day `on`; an unknown birth counts as adult."""
    adult_from = eighteenth_birthday(birth_date, birth_year)
    return "child" if adult_from is not None and on < adult_from else "adult"


def age_in_years(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    if birth_date is not None:
        before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
        return on.year - birth_date.year - before_birthday
    if birth_year is not None:
        return on.year - birth_year - 1
    return None
