"""File → Ielasīt: readers CSV, collection MARC/CSV and a KOC file, each chosen in a file
dialog, read in the background, and summed up in Latvian; the first run offers the same."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QLabel, QMenu, QPlainTextEdit

from rozupe_desk.app import create_window
from rozupe_desk.db.models import Item, Loan, Patron, Title
from rozupe_desk.services import library, settings
from rozupe_desk.ui import import_menu
from tests.catalog_samples import sample_records, write_mrc
from tests.desk_data import koc_text, small_library
from tests.ui.windows import shown_window
from tests.unit.test_marc_real_files import DATA


@pytest.fixture
def window(qtbot, tmp_path):
    library.open_library(tmp_path / "lib.sqlite")
    settings.update(library_name="Rožupe")
    return shown_window(qtbot, tmp_path / "lib.sqlite")


def pick(qtbot, window, path) -> None:
    """Answer the real file dialog the import opened."""
    def opened() -> bool:
        dialog = window.findChild(QFileDialog, "importFileDialog")
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(opened)
    dialog = window.findChild(QFileDialog, "importFileDialog")
    dialog.fileSelected.emit(str(path))
    dialog.close()


def summary(qtbot, window) -> tuple[str, str, str]:
    def shown() -> bool:
        dialog = window.findChild(QDialog, "importSummaryDialog")
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(shown, timeout=20_000)
    dialog = window.findChild(QDialog, "importSummaryDialog")
    problems = dialog.findChild(QPlainTextEdit, "importProblems")
    texts = (dialog.findChild(QLabel, "importHeading").text(),
             dialog.findChild(QLabel, "importSummary").text(),
             problems.toPlainText() if problems.isVisibleTo(dialog) else "")
    dialog.accept()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "importSummaryDialog") is None)
    return texts


def test_the_file_menu_has_the_three_imports(window):
    menu = window.findChild(QMenu, "importMenu")
    assert menu.title() == "Ie&lasīt"
    assert menu.menuAction() in window.menuBar().actions()[0].menu().actions()
    names = [action.objectName() for action in menu.actions()]
    assert names == ["import_patrons", "import_items", "import_koc"]
    assert all(action.text().endswith("…") and action.toolTip() for action in menu.actions())


def test_readers_csv_through_the_menu(qtbot, window, tmp_path):
    csv = tmp_path / "lasītāji.csv"
    csv.write_bytes("card_number;first_name;last_name;birth_date\n"
                    "L1;Ēriks;Dzenis;1980\nL2;Līga;Ķuze;2015-04-01\n".encode("cp1257"))
    window.findChild(QAction, "import_patrons").trigger()
    pick(qtbot, window, csv)
    heading, text, problems = summary(qtbot, window)
    assert heading == "Fails „lasītāji.csv” ielasīts."
    assert text == "Ielasīti 2 lasītāji no lasītāji.csv." and problems == ""
    assert window.tabs.currentWidget() is window.patrons  # the tab shows them too
    assert sorted(p.card_number for p in Patron.select()) == ["L1", "L2"]

    bad = tmp_path / "slikts.csv"
    bad.write_text("card_number;first_name;last_name;birth_date\nL3;Anna;Ozola;1990\n"
                   "L4;Pēteris;Zariņš;31.02.1990\n", encoding="utf-8")
    window.findChild(QAction, "import_patrons").trigger()
    pick(qtbot, window, bad)
    heading, text, problems = summary(qtbot, window)
    assert heading == "Fails „slikts.csv” netika ielasīts."
    assert text.startswith("Nekas nav mainīts.")
    assert "3" in problems  # the refused line's number
    assert Patron.select().count() == 2


def test_collection_from_marc_and_a_csv_with_a_bad_row(qtbot, window, tmp_path):
    mrc = write_mrc(tmp_path / "krajums.mrc", sample_records())
    window.findChild(QAction, "import_items").trigger()
    pick(qtbot, window, mrc)
    heading, text, _problems = summary(qtbot, window)
    assert heading == "Fails „krajums.mrc” ielasīts."
    assert text.startswith("Ierakstu failā: 5; ielasīti: 5,") and Title.select().count() == 5
    assert window.tabs.currentWidget() is window.catalog
    items = Item.select().count()

    bad = tmp_path / "krajums.csv"
    bad.write_text("barcode,title,year\n5001,Labs,2020\n5002,,nav-gads\n", encoding="utf-8")
    window.findChild(QAction, "import_items").trigger()
    pick(qtbot, window, bad)
    heading, text, problems = summary(qtbot, window)
    assert heading == "Fails „krajums.csv” ielasīts daļēji: daži ieraksti noraidīti."
    assert "noraidīti: 1." in text and "krajums.rejected.txt" in text
    assert problems.startswith("rinda 3: ")
    assert (Title.select().count(), Item.select().count()) == (6, items + 1)


def test_a_real_file_with_damaged_records_names_them(qtbot, window, tmp_path):
    path = tmp_path / "bojati.mrc"
    path.write_bytes((DATA / "bad_records.mrc").read_bytes())
    window.findChild(QAction, "import_items").trigger()
    pick(qtbot, window, path)
    heading, text, problems = summary(qtbot, window)
    assert heading == "Fails „bojati.mrc” ielasīts daļēji: daži ieraksti noraidīti."
    assert text.startswith("Ierakstu failā: 9; ielasīti: 2,") and "noraidīti: 7." in text
    assert "bojati.rejected.mrc" in text
    lines = problems.splitlines()
    assert lines[0] == "ieraksts 2: ieraksta lauku saraksts (direktorijs) ir bojāts"
    assert lines[6].startswith("ieraksts 9: ieraksts ir nepilnīgs")
    window.grab().save(str(tmp_path / "shot.png"))


def test_koc_file_says_what_was_applied_and_which_lines_were_refused(qtbot, window, tmp_path):
    small_library()
    path = tmp_path / "bezsaiste.koc"
    path.write_bytes(koc_text([
        (datetime(2026, 3, 10, 10), "issue", ("A1", "1001")),
        (datetime(2026, 3, 10, 11), "issue", ("NAV-TADAS", "1002")),
    ]))
    window.findChild(QAction, "import_koc").trigger()
    pick(qtbot, window, path)
    heading, text, problems = summary(qtbot, window)
    assert heading == "Fails „bezsaiste.koc” ielasīts daļēji: dažas rindas noraidītas."
    assert "piemērotas: 1" in text and "noraidītas: 1" in text
    assert problems.startswith("Rinda 3: ") and "NAV-TADAS" in problems
    assert Loan.select().count() == 1


def test_an_unreadable_file_is_said_in_words(qtbot, window, tmp_path):
    window.import_menu.start("koc", str(tmp_path / "nav.koc"))
    heading, _text, problems = summary(qtbot, window)
    assert heading == "Fails „nav.koc” netika ielasīts." and "nav.koc" in problems
    assert "Traceback" not in problems


def test_first_run_own_files_offers_the_imports(qtbot, tmp_path, monkeypatch):
    chosen = []
    monkeypatch.setattr(import_menu, "ask_file", lambda *_args, **kwargs: chosen.append(
        kwargs["title"]))
    win = create_window(tmp_path / "new.sqlite")
    qtbot.addWidget(win)
    win.import_menu.after_setup("empty")
    assert win.import_menu.note is None
    win.import_menu.after_setup("import")
    note = win.import_menu.note
    assert note.objectName() == "importNote" and "Fails → Ielasīt" in note.text()
    button = note.findChild(QAbstractButton, "importNote_items")
    assert button.text() == "Krājums (MARC, CSV)…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chosen == ["Izvēlieties krājuma failu (MARC vai CSV)"]
