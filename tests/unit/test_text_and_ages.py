"""Diacritic folding and age groups."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rozupe_desk.services.readers.ages import age_group, age_in_years, eighteenth_birthday
from rozupe_desk.text import fold


@pytest.mark.parametrize("text, folded", [
    ("Bērziņš", "berzins"), ("Ķēniņš", "kenins"), ("ĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuz"),
    ("Biškopība", "biskopiba"), ("Ozoliņš", "ozolins"),
])
def test_fold_removes_latvian_diacritics(text, folded):
    assert fold(text) == folded


@given(st.text())
def test_fold_char_by_char_equals_folding_the_whole_text(text):
    # Search texts already stored were folded whole; typed words must fold to the same.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert fold(text) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_a_reader_is_a_child_until_the_eighteenth_birthday():
    born = date(2008, 11, 25)
    assert age_group(born, None, date(2026, 11, 24)) == "child"
    assert age_group(born, None, date(2026, 11, 25)) == "adult"
    assert age_in_years(born, None, date(2026, 11, 24)) == 17


def test_leap_day_birthdays_come_of_age_on_the_first_of_march():
    assert eighteenth_birthday(date(2008, 2, 29), None) == date(2026, 3, 1)


def test_with_only_a_year_the_reader_is_a_child_through_that_year():
    assert age_group(None, 2008, date(2026, 12, 30)) == "child"
    assert age_group(None, 2008, date(2026, 12, 31)) == "adult"


def test_an_unknown_birth_counts_as_adult():
    assert age_group(None, None, date(2026, 1, 1)) == "adult"
