"""Searching a surname finds its man's and woman's forms: `berzins` finds the Bērziņas,
`petersons` finds Pētersone, through the full-text index's prefix terms."""

from __future__ import annotations

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields

FAMILY = [("Anna", "Bērziņa"), ("Ilze", "Bērziņa"), ("Jānis", "Bērziņš"),
          ("Laura", "Pētersone"), ("Ieva", "Dzene"), ("Jurģis", "Dzenis"),
          ("Kārlis", "Eglītis"), ("Santa", "Eglīte"), ("Juris", "Bērzs")]


@pytest.fixture
def readers(db_path):
    for first, last in FAMILY:
        patrons.register(fields=PatronFields(first_name=first, last_name=last))


def names(text: str) -> set[str]:
    return {f"{row['first_name']} {row['last_name']}" for row in patrons.search(text=text)}


@pytest.mark.parametrize(("typed", "expected"), [
    ("berzins", {"Anna Bērziņa", "Ilze Bērziņa", "Jānis Bērziņš"}),
    ("Bērziņa", {"Anna Bērziņa", "Ilze Bērziņa", "Jānis Bērziņš"}),
    ("petersons", {"Laura Pētersone"}),
    ("dzenis", {"Ieva Dzene", "Jurģis Dzenis"}),
    ("eglite", {"Kārlis Eglītis", "Santa Eglīte"}),
    ("anna berzins", {"Anna Bērziņa"}),
    ("berz", {"Anna Bērziņa", "Ilze Bērziņa", "Jānis Bērziņš", "Juris Bērzs"}),
])
def test_a_surname_finds_both_genders_forms(readers, typed, expected):
    assert names(typed) == expected
    assert patrons.count(text=typed) == len(expected)


@pytest.mark.sqlite_only
def test_the_forms_are_searched_in_the_index_not_the_table(readers):
    where, params = patrons._match("berzins")
    plan = " ".join(str(row[-1]) for row in database.execute_sql(
        f"EXPLAIN QUERY PLAN SELECT p.id FROM patron p WHERE p.anonymized = 0{where}",
        params).fetchall())
    assert "VIRTUAL TABLE INDEX" in plan and "SCAN p " not in plan + " "
