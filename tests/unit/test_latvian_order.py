"""Readers and titles are listed in Latvian alphabetical order, along an index."""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.services.circulation import desk, overdue
from rozupe_desk.services.collection import catalog
from rozupe_desk.services.readers import patrons
from tests.desk_data import make_item, make_patron, make_title
from tests.latvian import latvian_sorted

SURNAMES = ["Zariņa", "Šmite", "Ēvalde", "Ozola", "Ābele", "Abola", "Čakste", "Cukura",
            "Ķēniņa", "Kalniņa", "Ļaudiņa", "Lūse", "Ņikitina", "Nora", "Žagare", "Dīķe"]
IN_ORDER = ["Ābele", "Abola", "Cukura", "Čakste", "Dīķe", "Ēvalde", "Kalniņa", "Ķēniņa",
            "Lūse", "Ļaudiņa", "Nora", "Ņikitina", "Ozola", "Šmite", "Zariņa", "Žagare"]


def test_the_oracle_agrees_with_a_latvian_reader():
    assert latvian_sorted(SURNAMES) == IN_ORDER


def test_readers_are_listed_in_latvian_order_both_ways(db_path):
    for number, surname in enumerate(SURNAMES):
        make_patron(f"R{number:06d}", first="Anna", last=surname)
    listed = [row["last_name"] for row in patrons.search(sort="last_name", limit=100)]
    assert listed == IN_ORDER
    backwards = patrons.search(sort="last_name", descending=True, limit=100)
    assert [row["last_name"] for row in backwards] == IN_ORDER[::-1]


def test_the_keys_follow_a_changed_name_whoever_writes_it(db_path):
    first = make_patron("R000001", last="Ābele")
    make_patron("R000002", first="Oskars", last="Bite")
    # Plain SQL, as a migration or another tool would write: the database keeps the keys.
    database.execute_sql("UPDATE patron SET last_name = 'Žagare' WHERE id = ?", (first.id,))
    assert [row["card_number"] for row in patrons.search(sort="last_name")] == [
        "R000002", "R000001"]
    database.execute_sql("UPDATE patron SET first_name = 'Ēriks', last_name = 'Bite' "
                         "WHERE id = ?", (first.id,))
    assert [row["card_number"] for row in patrons.search(sort="last_name")] == [
        "R000001", "R000002"]  # Bite Ēriks, Bite Oskars


def test_first_names_sort_the_same_way_with_the_surname_second(db_path):
    for number, (first, last) in enumerate([("Ēriks", "Ozols"), ("Oskars", "Balodis"),
                                            ("Ērika", "Zariņa"), ("Edgars", "Šmits"),
                                            ("Čaba", "Liepa")]):
        make_patron(f"R{number:06d}", first=first, last=last)
    listed = [(row["first_name"], row["last_name"])
              for row in patrons.search(sort="first_name", limit=100)]
    assert listed == [("Čaba", "Liepa"), ("Edgars", "Šmits"), ("Ērika", "Zariņa"),
                      ("Ēriks", "Ozols"), ("Oskars", "Balodis")]


def test_titles_and_authors_are_listed_in_latvian_order(db_path):
    for name, author in [("Zaķis", "Ērglis, Jānis"), ("Šūpuļdziesmas", "Aspazija"),
                         ("Ābeles zieds", "Zālīte, Māra"), ("Čiekurs", "Čaks, Aleksandrs"),
                         ("Ceļš", "Skalbe, Kārlis")]:
        make_title(name, authors=author)
    titles = [row["title"] for row in catalog.search_titles(sort_key="title", limit=50)]
    assert titles == ["Ābeles zieds", "Ceļš", "Čiekurs", "Šūpuļdziesmas", "Zaķis"]
    authors = [row["authors"] for row in catalog.search_titles(sort_key="authors", limit=50)]
    assert authors == ["Aspazija", "Čaks, Aleksandrs", "Ērglis, Jānis", "Skalbe, Kārlis",
                       "Zālīte, Māra"]


def test_reminder_letters_come_in_latvian_order(db_path):
    title = make_title("Pasakas")
    for number, surname in enumerate(["Šmite", "Zariņa", "Ābele"]):
        reader = make_patron(f"R{number:06d}", last=surname)
        item = make_item(f"1000{number}", title)
        database.execute_sql(
            "INSERT INTO loan (item_id, patron_id, patron_token, age_group, issued_at, due_on)"
            " VALUES (?, ?, ?, 'adult', '2026-01-05 10:00:00', '2026-02-02')",
            (item.id, reader.id, reader.token))
        database.execute_sql("UPDATE item SET status = 'on_loan' WHERE id = ?", (item.id,))
    letters = overdue.reminder_letters(on=date(2026, 3, 1)).letters
    assert [letter.reader_name for letter in letters] == ["Anna Ābele", "Anna Šmite",
                                                          "Anna Zariņa"]


@pytest.mark.sqlite_only
def test_the_name_and_title_sorts_page_along_their_indexes(db_path):
    # At 100 000 readers and a million copies only an index keeps a sorted page fast; an
    # ORDER BY that drifts from the indexed expression would sort everything each time.
    plans = {}
    for sort in ("last_name", "first_name"):
        order = ", ".join(patrons.SORTS[sort])
        plans[sort] = database.execute_sql(
            f"EXPLAIN QUERY PLAN SELECT id FROM patron p ORDER BY {order}, p.id LIMIT 50"
        ).fetchall()
    for key in ("title", "authors"):
        plans[key] = database.execute_sql(
            f"EXPLAIN QUERY PLAN SELECT id FROM title t ORDER BY {catalog.SORT_COLUMNS[key]},"
            " t.id LIMIT 50").fetchall()
    used = {key: " ".join(row[-1] for row in plan) for key, plan in plans.items()}
    assert "patron_name_order" in used["last_name"]
    assert "patron_first_name_order" in used["first_name"]
    assert "title_title_order" in used["title"] and "title_authors_order" in used["authors"]
    assert not any("TEMP B-TREE" in text for text in used.values()), used


def test_the_desk_overdue_list_sorts_readers_and_titles_the_latvian_way(db_path):
    for number, (surname, name) in enumerate([("Šmite", "Zaķis"), ("Zariņa", "Ābece"),
                                              ("Ābele", "Čiekurs")]):
        reader = make_patron(f"R{number:06d}", last=surname)
        item = make_item(f"2000{number}", make_title(name))
        database.execute_sql(
            "INSERT INTO loan (item_id, patron_id, patron_token, age_group, issued_at, due_on)"
            " VALUES (?, ?, ?, 'adult', '2026-01-05 10:00:00', '2026-02-02')",
            (item.id, reader.id, reader.token))
    today = date(2026, 3, 1)
    by_reader = desk.overdue_page(0, 50, "reader", today=today)
    assert [row["reader"] for row in by_reader] == ["Ābele Anna", "Šmite Anna", "Zariņa Anna"]
    by_title = desk.overdue_page(0, 50, "title", descending=True, today=today)
    assert [row["title"] for row in by_title] == ["Zaķis", "Čiekurs", "Ābece"]
