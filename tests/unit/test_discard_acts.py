"""Discard acts: numbering, copies leave the active collection but stay in history, a copy
on loan is refused, the act PDF lists the copies with totals."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest

from rozupe_desk.db.models import DiscardAct, Item, Loan, Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.reports.discard_act import write_discard_act
from rozupe_desk.services import settings
from rozupe_desk.services.collection import catalog, discards


@pytest.fixture
def copies(db_path):
    settings.update(library_name="Rožupes bibliotēka", library_address="Skolas iela 2, Rožupe")
    worn = catalog.save_title(values={"title": "Vecā ābele", "authors": "Šķēle, Žanis",
                                      "year": "1987"})
    for barcode, price in (("D1", "3,50"), ("D2", "4,25"), ("D3", ""), ("D4", "1")):
        catalog.add_copy(title_id=worn, values={"barcode": barcode, "price": price})
    return worn


def test_act_discards_copies_keeps_history_and_numbers_per_year(copies, tmp_path):
    assert discards.next_number(year=2026) == "2026/1"
    act_id = discards.create_act(barcodes=["D1", "D2", "D3"], reason="Nolietojums",
                                 act_date=date(2026, 3, 4))
    act = DiscardAct.get_by_id(act_id)
    assert act.number == "2026/1"
    item = Item.get(Item.barcode == "D1")
    assert (item.status, item.discarded_on, item.discard_act_id) == (
        "discarded", date(2026, 3, 4), act_id)
    assert discards.next_number(year=2026) == "2026/2"
    assert discards.next_number(year=2027) == "2027/1"
    row = catalog.search_titles(query="vecā ābele")[0]
    assert row["copies"] == 1  # discarded copies leave the active collection
    assert len(catalog.get_title(title_id=copies).copies) == 4  # but stay in history
    document = discards.act_document(act_id=act_id)
    assert (document.count, document.total_cents) == (3, 775)
    summary = discards.list_acts()[0]
    assert (summary.number, summary.count, summary.total_cents) == ("2026/1", 3, 775)
    with pytest.raises(DomainError, match="jau ir norakstīts"):
        discards.create_act(barcodes=["D4", "D1"], reason="x")
    assert Item.get(Item.barcode == "D4").status == "available"

    pdf = write_discard_act(document, tmp_path / "act.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "NORAKSTĪŠANAS AKTS Nr. 2026/1" in text
    assert "2026. gada 4. marts" in text and "Nolietojums" in text
    assert "Kopā: 3 eks. par kopējo summu 7,75 EUR" in text
    assert "Šķēle, Žanis" in text and "Komisijas priekšsēdētājs" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts


def test_copy_on_loan_cannot_be_discarded(copies):
    patron = Patron.create(card_number="R9", first_name="A", last_name="B", token=3,
                           registered_on=date(2024, 1, 1), created_at=datetime.now())
    item = Item.get(Item.barcode == "D2")
    Item.update(status="on_loan").where(Item.id == item.id).execute()
    Loan.create(item=item, patron=patron, patron_token=3, age_group="adult",
                issued_at=datetime.now(), due_on=date.today())
    with pytest.raises(DomainError, match="izsniegts"):
        discards.create_act(barcodes=["D1", "D2"], reason="Nolietojums")
    assert Item.get(Item.barcode == "D1").status == "available"
    assert DiscardAct.select().count() == 0
    with pytest.raises(DomainError, match="iemeslu"):
        discards.create_act(barcodes=["D1"], reason=" ")
    with pytest.raises(DomainError, match="nav atrasts"):
        discards.create_act(barcodes=["NOPE"], reason="x")
