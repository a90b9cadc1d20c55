"""Stocktaking: scans classified, missing copies found, finishing marks them lost; report."""

from __future__ import annotations

import subprocess

import pytest

from rozupe_desk.db.models import Item
from rozupe_desk.errors import DomainError
from rozupe_desk.reports.stocktake_report import write_stocktake_report
from rozupe_desk.services.collection import catalog, stocktake


@pytest.fixture
def shelves(db_path):
    book = catalog.save_title(values={"title": "Zaļā pasaka", "authors": "Ērglis, Ģirts"})
    for barcode, shelf in (("S1", "B"), ("S2", "B"), ("S3", "B"), ("S4", "D"), ("S5", "B"),
                           ("S6", "B"), ("S7", "B")):
        catalog.add_copy(title_id=book, values={"barcode": barcode, "shelf": shelf})
    Item.update(status="on_loan").where(Item.barcode == "S5").execute()
    Item.update(status="discarded").where(Item.barcode == "S6").execute()
    Item.update(status="lost").where(Item.barcode == "S7").execute()
    return book


def test_a_whole_stocktaking(shelves, tmp_path):
    session = stocktake.start(shelf="B")
    with pytest.raises(DomainError, match="jau notiek"):
        stocktake.start()
    kinds = [stocktake.scan(session_id=session, barcode=b).kind
             for b in ("S1", "S1", "S4", "S5", "S6", "S7", "X99")]
    assert kinds == ["ok", "again", "misplaced", "on_loan", "discarded", "lost", "unknown"]
    now = stocktake.outcome(session_id=session)
    assert now.expected == 3  # S1 S2 S3 on shelf B
    assert [line.barcode for line in now.missing] == ["S2", "S3"]
    assert [line.barcode for line in now.misplaced] == ["S4"]
    assert now.unknown == ["X99"] and now.scanned == 6
    done = stocktake.finish(session_id=session, mark_missing_lost=True)
    assert done.marked_lost == 2
    assert Item.get(Item.barcode == "S2").status == "lost"
    assert Item.get(Item.barcode == "S7").status == "available"  # found again
    assert Item.get(Item.barcode == "S5").status == "on_loan"
    with pytest.raises(DomainError, match="pabeigta"):
        stocktake.scan(session_id=session, barcode="S3")

    pdf = write_stocktake_report(done, tmp_path / "st.pdf", library_name="Rožupes bibliotēka")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Inventarizācijas pārskats" in text and "Trūkst" in text
    assert "S2" in text and "X99" in text and "Ērglis, Ģirts" in text


def test_finish_without_marking_changes_no_copy(shelves):
    session = stocktake.start()
    stocktake.scan(session_id=session, barcode="S1")
    result = stocktake.finish(session_id=session, mark_missing_lost=False)
    assert [line.barcode for line in result.missing] == ["S2", "S3", "S4"]
    assert result.marked_lost == 0
    assert Item.get(Item.barcode == "S2").status == "available"
    assert stocktake.open_session() is None
