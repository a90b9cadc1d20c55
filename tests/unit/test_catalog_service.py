"""Titles and copies: validation, search with folded diacritics and prefixes, copy counts,
statuses and who has a copy."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rozupe_desk.db.models import AuditLog, Item, Loan, Patron, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.services import demo
from rozupe_desk.services.collection import catalog
from tests.latvian import latvian_sorted


@pytest.fixture
def shelf(db_path):
    bees = catalog.save_title(values={"title": "Biškopība", "authors": "Ķēniņš, Jānis",
                                      "isbn": "9789934012341", "subjects": "bites; medus"})
    garden = catalog.save_title(values={"title": "Dārzs un sēta", "authors": "Ozola, Ilze"})
    for barcode in ("A1", "A2", "A3"):
        catalog.add_copy(title_id=bees, values={"barcode": barcode, "price": "10"})
    catalog.add_copy(title_id=garden, values={"barcode": "B1"})
    return bees, garden


def _titles(query: str, **kwargs) -> list[str]:
    return [row["title"] for row in catalog.search_titles(query=query, **kwargs)]


def test_search_folds_diacritics_and_matches_prefixes(shelf):
    assert _titles("biskopiba") == ["Biškopība"]
    assert _titles("BIŠK") == ["Biškopība"]
    assert _titles("kenins") == ["Biškopība"]
    assert _titles("bi ken") == ["Biškopība"]
    assert _titles("medus") == ["Biškopība"]
    assert _titles("darz set") == ["Dārzs un sēta"]
    assert _titles("nekas tāds") == []
    assert sorted(_titles("")) == ["Biškopība", "Dārzs un sēta"]


def test_search_by_barcode_and_isbn(shelf):
    assert _titles("B1") == ["Dārzs un sēta"]
    assert _titles("978-9934-01-234-1") == ["Biškopība"]
    assert _titles("9789934012341") == ["Biškopība"]


def test_counts_availability_and_borrower(shelf):
    bees, _ = shelf
    patron = Patron.create(card_number="R1", first_name="Anna", last_name="Liepa",
                           registered_on=date(2024, 1, 1), token=7, created_at=datetime.now())
    item = Item.get(Item.barcode == "A2")
    Item.update(status="on_loan").where(Item.id == item.id).execute()
    Loan.create(item=item, patron=patron, patron_token=7, age_group="adult",
                issued_at=datetime(2024, 5, 1, 10), due_on=date(2024, 5, 29))
    catalog.set_copy_status(item_id=Item.get(Item.barcode == "A3").id, status="damaged")
    row = catalog.search_titles(query="biskopiba")[0]
    assert (row["copies"], row["available"], row["on_loan"]) == (3, 1, 1)
    info = catalog.get_title(title_id=bees)
    borrowed = next(c for c in info.copies if c.barcode == "A2")
    assert borrowed.borrower == "Anna Liepa (R1)" and borrowed.due_on == date(2024, 5, 29)
    with pytest.raises(DomainError, match="izsniegts"):
        catalog.set_copy_status(item_id=item.id, status="lost")


def test_validation_messages_and_nothing_changed(shelf):
    bees, _ = shelf
    count = AuditLog.select().count()
    with pytest.raises(DomainError, match="ISBN"):
        catalog.save_title(values={"title": "X", "isbn": "9789934012340"})
    with pytest.raises(DomainError, match="ISSN"):
        catalog.save_title(values={"title": "X", "issn": "0132-6121"})
    with pytest.raises(DomainError, match="jau ir katalogā"):
        catalog.save_title(values={"title": "Cita", "isbn": "978-9934-01-234-1"})
    with pytest.raises(DomainError, match="jau pieder"):
        catalog.add_copy(title_id=bees, values={"barcode": "A1"})
    with pytest.raises(DomainError, match="cena"):
        catalog.add_copy(title_id=bees, values={"barcode": "A9", "price": "-3"})
    with pytest.raises(DomainError, match="Nosaukums"):
        catalog.save_title(values={"title": "  "})
    assert AuditLog.select().count() == count
    assert Title.select().count() == 2 and Item.select().count() == 4


def test_editing_a_title_updates_the_search_index(shelf):
    _, garden = shelf
    catalog.save_title(title_id=garden, values={"title": "Ābeļdārzs", "authors": "Ozola"})
    assert _titles("abel") == ["Ābeļdārzs"]
    assert _titles("seta") == []


def test_price_parsing():
    assert catalog.parse_price("12,50 EUR") == 1250
    assert catalog.parse_price("€ 3") == 300
    assert catalog.parse_price("") is None
    assert catalog.format_price(1205) == "12,05"
    with pytest.raises(DomainError):
        catalog.parse_price("abc")


def test_demo_data_is_searchable(db_path):
    demo.fill_demo(scale="small", seed=3, today=date(2025, 3, 1))
    heritage = Title.select().where(Title.heritage == True).first()  # noqa: E712
    word = heritage.search_text.split()[0]
    found = catalog.search_titles(query=word[:4], limit=1000)
    assert heritage.id in {row["id"] for row in found}
    page = catalog.search_titles(sort_key="title", limit=50)
    assert len(page) == 50 and [r["title"] for r in page] == latvian_sorted(r["title"] for r in page)
    assert all("copies" in row for row in page)


def test_single_letters_do_not_filter(shelf):
    assert sorted(_titles("b")) == ["Biškopība", "Dārzs un sēta"]
    assert _titles("bi k") == ["Biškopība"]
