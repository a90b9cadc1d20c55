"""What another desk changes shows at this desk within seconds, with no scan: the loans and
the card of the reader on screen, and the copies of the title open in the catalogue. The
other desk is another process on the same file or server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QTableView, QTableWidget

from rozupe_desk.ui.catalog.common import status_text
from tests.desk_data import small_library
from tests.ui.test_desk_scanning import scan
from tests.ui.windows import shown_window

ROOT = Path(__file__).resolve().parents[2]
SEEN_WITHIN_MS = 30000  # a poll every 3 s; generous for a loaded machine


def other_desk(db_path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "tests.ui.other_desk", str(db_path), *args],
                   cwd=ROOT, check=True, timeout=120)


@pytest.fixture
def window(qtbot, db_path):
    data = small_library()
    window = shown_window(qtbot, db_path)
    window.desk.open_files = False
    window.data = data
    yield window
    window.close()


def loan_barcodes(desk) -> list[str]:
    model = desk.findChild(QTableView, "loansTable").model()
    return sorted(model.loan_at(row).barcode for row in range(model.rowCount()))


def test_the_readers_loans_and_card_follow_another_desk(qtbot, window, db_path):
    desk = window.desk
    scan(qtbot, desk, "A1")
    scan(qtbot, desk, "1001")
    assert loan_barcodes(desk) == ["1001"]
    other_desk(db_path, "lend", "1002", "A1")
    qtbot.waitUntil(lambda: loan_barcodes(desk) == ["1001", "1002"], timeout=SEEN_WITHIN_MS)
    other_desk(db_path, "return", "1001")
    qtbot.waitUntil(lambda: loan_barcodes(desk) == ["1002"], timeout=SEEN_WITHIN_MS)
    name = desk.findChild(QLabel, "patronName")
    assert "Anna" in name.text()
    other_desk(db_path, "rename", "A1", "Annija")
    qtbot.waitUntil(lambda: "Annija" in name.text(), timeout=SEEN_WITHIN_MS)
    assert loan_barcodes(desk) == ["1002"]  # still the same reader, nothing else changed


def test_the_catalogue_shows_a_copy_lent_at_another_desk(qtbot, window, db_path):
    catalog = window.catalog
    window.tabs.setCurrentWidget(catalog)
    catalog.show_title(window.data["book"].id)
    copies = catalog.findChild(QTableWidget, "copiesTable")

    def status_of(barcode: str) -> str:
        row = next(r for r in range(copies.rowCount()) if copies.item(r, 0).text() == barcode)
        return copies.item(row, 1).text()

    assert status_of("1002") == status_text("available")
    other_desk(db_path, "lend", "1002", "K1")
    qtbot.waitUntil(lambda: status_of("1002") == status_text("on_loan"), timeout=SEEN_WITHIN_MS)
    assert status_of("1001") == status_text("available")
