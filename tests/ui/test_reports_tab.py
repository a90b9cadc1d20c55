"""The reports tab: a month's report is made off the GUI thread and previewed inside."""

from __future__ import annotations

import os
import subprocess
from datetime import date

from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QProgressDialog

from rozupe_desk.ui.reports.tab import ReportsTab, previous_month
from tests.unit import branch_library, stats_library


def _make(qtbot, tab, button) -> str:
    """Click a report button and wait for the preview and for the progress dialog to be
    gone (Qt must not delete the tab while the dialog's deferred delete is pending)."""
    with qtbot.waitSignal(tab.reportReady, timeout=30_000) as ready:
        button.click()
    qtbot.waitUntil(lambda: tab.findChild(QProgressDialog) is None)
    return ready.args[0]


def test_previous_month_is_the_default():
    assert previous_month(date(2026, 4, 2)) == (2026, 3)
    assert previous_month(date(2026, 1, 15)) == (2025, 12)


def test_monthly_report_is_previewed_and_saved(qtbot, db_path, tmp_path):
    stats_library.build()
    tab = ReportsTab(today=date(2026, 4, 2))
    qtbot.addWidget(tab)
    tab.resize(1100, 800)
    tab.show()
    assert tab.selected_month() == (2026, 3)
    assert not tab.save_button.isEnabled()
    assert "2026-03" in _make(qtbot, tab, tab.monthly_button)
    qtbot.waitUntil(lambda: tab.document.status() == QPdfDocument.Status.Ready)
    assert tab.document.pageCount() >= 1
    assert tab.save_button.isEnabled() and tab.print_button.isEnabled()
    if os.environ.get("ROZUPE_SCREENSHOTS"):
        qtbot.wait(300)
        tab.grab().save(os.environ["ROZUPE_SCREENSHOTS"] + "/issue7-tab.png")

    target = tmp_path / "marts.pdf"
    tab.save_pdf_to(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    table = tmp_path / "marts.xlsx"
    tab.save_table_to(str(table))
    qtbot.waitUntil(lambda: "marts.xlsx" in tab.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: tab.findChild(QProgressDialog) is None)
    assert table.read_bytes().startswith(b"PK")


def test_reminder_letters_and_annual_report(qtbot, db_path):
    stats_library.build()
    tab = ReportsTab(today=date(2026, 4, 2))
    qtbot.addWidget(tab)
    assert "atgadinajumi" in _make(qtbot, tab, tab.reminders_button)
    assert "gada-parskats-2026" in _make(qtbot, tab, tab.annual_button)
    assert not tab.table_button.isEnabled()


def test_the_branch_choice_makes_one_branch_or_the_municipality_report(qtbot, db_path):
    stats_library.build()
    tab = ReportsTab(today=date(2026, 4, 2))
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.branch_box.isVisible()  # one branch: the report as it always was
    branch_library.move_to_jersika()
    tab.hide()
    tab.show()  # the tab lists the branches again when shown
    assert tab.branch_box.isVisible()
    names = [tab.branch_box.itemText(i) for i in range(tab.branch_box.count())]
    assert names == ["Visas filiāles", "Rožupes bibliotēka", "Jersika"]
    tab.branch_box.setCurrentIndex(2)
    one = _make(qtbot, tab, tab.monthly_button)
    text = subprocess.run(["pdftotext", one, "-"], capture_output=True, text=True).stdout
    assert "Filiāle: Jersika" in text
    tab.branch_box.setCurrentIndex(0)
    whole = _make(qtbot, tab, tab.monthly_button)
    qtbot.waitUntil(lambda: tab.document.status() == QPdfDocument.Status.Ready)
    text = subprocess.run(["pdftotext", whole, "-"], capture_output=True, text=True).stdout
    assert "Kopā *" in text and "Jersika" in text


def test_the_reminder_letters_are_those_of_the_chosen_branch(qtbot, db_path):
    stats_library.build()
    branch_library.move_to_jersika()  # of Pēteris's overdue copies, I7 is Jersika's
    tab = ReportsTab(today=date(2026, 4, 2))
    qtbot.addWidget(tab)
    tab.show()

    def overdue_copies() -> set[str]:
        made = _make(qtbot, tab, tab.reminders_button)
        text = subprocess.run(["pdftotext", made, "-"], capture_output=True, text=True).stdout
        return {code for code in ("I4", "I6", "I7") if code in text.split()}

    tab.branch_box.setCurrentIndex(tab.branch_box.findData("J"))
    assert overdue_copies() == {"I7"}
    tab.branch_box.setCurrentIndex(tab.branch_box.findData("1"))
    assert overdue_copies() == {"I4", "I6"}
    tab.branch_box.setCurrentIndex(0)  # all branches
    assert overdue_copies() == {"I4", "I6", "I7"}
