"""Search as you type on both engines alike: words split where FTS5's unicode61 tokenizer
splits them (e-mails, hyphens, apostrophes, decimals, phones, quotes, Cyrillic), and on a
server from the word index of m1950, a huge result set unsorted, in id order, as FTS5
gives it (issue 16)."""

from __future__ import annotations

import pytest

from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.services.collection import catalog
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields

TITLES = ("Dārzs-Ziedi: 12.5 padomi", "„Pasakas“ bērniem", "O'Neil un draugi",
          "Пётр Иванов. Рассказы", "www.gramata.lv un e-grāmatas", "ISO-9001 rokasgrāmata")


def _titles(query: str) -> list[str]:
    return sorted(row["title"] for row in catalog.search_titles(query=query))


def test_title_words_split_as_fts5_splits_them(db_path):
    for title in TITLES:
        catalog.save_title(values={"title": title})
    assert _titles("ziedi") == ["Dārzs-Ziedi: 12.5 padomi"]
    assert _titles("darzs zied") == ["Dārzs-Ziedi: 12.5 padomi"]
    assert _titles("12") == ["Dārzs-Ziedi: 12.5 padomi"]
    assert _titles("pasak") == ["„Pasakas“ bērniem"]
    assert _titles("neil") == ["O'Neil un draugi"]
    assert _titles("иван") == ["Пётр Иванов. Рассказы"]
    assert _titles("петр") == ["Пётр Иванов. Рассказы"]
    assert _titles("gramat") == ["www.gramata.lv un e-grāmatas"]
    assert _titles("lv") == ["www.gramata.lv un e-grāmatas"]
    assert _titles("9001") == ["ISO-9001 rokasgrāmata"]
    assert _titles("anov") == [] and _titles("eil") == [] and _titles("001") == []
    assert _titles("un") == ["O'Neil un draugi", "www.gramata.lv un e-grāmatas"]


def test_reader_words_split_as_fts5_splits_them(db_path):
    patrons.register(fields=PatronFields(first_name="Anna", last_name="Ozola-Liepa",
                                         email="anna.ozola@inbox.lv", phone="+371 2612 3456",
                                         card_number="R-0042"))
    patrons.register(fields=PatronFields(first_name="Sean", last_name="O'Brien"))

    def found(text: str) -> list[str]:
        return [row["first_name"] for row in patrons.search(text=text)]

    for text in ("liep", "inbox", "ozola inbox", "2612", "3712612", "2612 3456", "0042",
                 "brien", "r 0042"):
        assert found(text) == (["Sean"] if text == "brien" else ["Anna"]), text
    assert found("nbox") == [] and found("3456") == [] and found("rien") == []


@pytest.mark.skipif("not config.getoption('--engine') == 'postgresql'")
def test_the_server_searches_from_the_word_index(db_path):
    catalog.save_title(values={"title": "Dārza padomi"})
    clause, params = catalog._match(catalog.Query.parse("da pa"))  # two letters: no trigram
    database.execute_sql("SET enable_seqscan = off")  # a few rows: the planner would scan
    plan = "\n".join(row[0] for row in database.execute_sql(
        f"EXPLAIN SELECT t.id FROM title t WHERE {clause}", params))
    database.execute_sql("RESET enable_seqscan")
    assert "title_search_words" in plan, plan


@pytest.mark.skipif("not config.getoption('--engine') == 'postgresql'")
def test_a_huge_result_set_comes_unsorted_in_id_order_on_the_server(db_path, monkeypatch):
    ids = [catalog.save_title(values={"title": f"{name} dārzā"})
           for name in ("Zemenes", "Ābeles", "Mellenes", "Bietes")]
    assert is_postgresql()
    by_title = [row["id"] for row in catalog.search_titles(query="darz")]
    assert by_title == [ids[1], ids[3], ids[2], ids[0]]  # few: sorted by title
    monkeypatch.setattr(catalog, "SORT_LIMIT", 3)
    assert [row["id"] for row in catalog.search_titles(query="darz")] == ids
    assert [row["id"] for row in catalog.search_titles(query="darz", sort_key="year")] == ids
    assert [row["id"] for row in catalog.search_titles(query="darz", limit=2, offset=2)] == (
        ids[2:])
    heritage = catalog.save_title(values={"title": "Vecais dārzs", "heritage": True})
    assert [row["id"] for row in catalog.search_titles(query="darz", limit=1,
                                                       heritage_only=True)] == [heritage]
    ids.append(heritage)
    monkeypatch.setattr(catalog, "PROBE_ROWS", 2)  # a word in most titles: no word index
    assert [row["id"] for row in catalog.search_titles(query="darz")] == ids
    assert [row["id"] for row in catalog.search_titles(query="darz", limit=2, offset=2)] == (
        ids[2:4])
