"""Demo data in correct Latvian: adjectives agree with their nouns, seasonal events in season."""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.db.models import Event, Title
from rozupe_desk.services import demo, demo_words


@pytest.mark.parametrize(("adjective", "noun", "expected"), [
    ("Slepenā", "mājas", "Slepenās mājas"), ("Tālā", "atmiņas", "Tālās atmiņas"),
    ("Baltā", "ceļš", "Baltais ceļš"), ("Pēdējā", "sapnis", "Pēdējais sapnis"),
    ("Mazā", "putni", "Mazie putni"), ("Klusā", "upe", "Klusā upe"),
    ("Zelta", "mājas", "Zelta mājas"), ("Rudens", "ezers", "Rudens ezers"),
])
def test_the_adjective_agrees_with_the_noun(adjective, noun, expected):
    assert f"{demo_words.agree(adjective, noun)} {noun}" == expected


def test_demo_titles_agree_and_christmas_is_in_winter(db_path):
    demo.fill_demo(scale="small", seed=7, today=date(2026, 3, 15))
    feminine = tuple(f"{adjective} " for adjective in demo_words.TITLE_ADJECTIVES
                     if adjective.endswith("ā"))
    wrong = [t.title for t in Title.select() if t.title.startswith(feminine)
             and not t.title.endswith(("a", "e"))]
    assert wrong == []
    months = {(e.title, e.starts_at.month) for e in Event.select()}
    assert all(month in (11, 12) for title, month in months if "Ziemassvētku" in title)
    assert all(month == 9 for title, month in months if title == "Dzejas dienas Rožupē")
