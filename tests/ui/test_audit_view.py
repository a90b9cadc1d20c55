"""The audit log view, opened from the File menu as the librarian does."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog

from rozupe_desk.app import create_window
from rozupe_desk.db.connection import database
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.safety import audit
from rozupe_desk.ui.audit_view import PAGE, AuditView
from tests.desk_data import NOW, small_library


def _rows(view: AuditView) -> list[list[str]]:
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _wait_loaded(qtbot, view: AuditView) -> None:
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)


def test_opened_from_the_file_menu_it_shows_desk_actions_in_words(qtbot, tmp_path):
    window = create_window(tmp_path / "lib.sqlite", lang="lv")
    qtbot.addWidget(window)
    small_library()
    circulation.checkout(barcode="1001", patron_id=1, at=NOW)
    circulation.checkin(barcode="1001", at=NOW)
    action = window.findChild(QAction, "auditAction")
    assert action is not None and action.text() == "Darbību žurnāls…"
    action.trigger()
    view = window.findChild(AuditView, "auditView")
    assert view is not None and view.isVisible()
    _wait_loaded(qtbot, view)
    rows = _rows(view)
    assert [row[2] for row in rows] == ["Saņemšana", "Izsniegšana"]
    assert rows[1][3] == "Izsniegts: 1001 lasītājam A1"
    assert view.status.text() == "Parādīti ieraksti: 2 (jaunākie vispirms)"
    if os.environ.get("ROZUPE_SCREENSHOTS"):
        view.grab().save(os.environ["ROZUPE_SCREENSHOTS"] + "/audit-view.png")
    action.trigger()  # a second time: the same view comes forward, no second one
    assert len(window.findChildren(AuditView)) == 1
    view.close()


def test_filters_scrolling_and_export(qtbot, db_path, tmp_path):
    with database.atomic():  # rows as SQLite's datetime('2026-03-01', '+x hours') wrote them
        start = datetime(2026, 3, 1)
        database.execute_sql(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES "
            + ", ".join(["(?, 'anna', ?, 'visit', ?, '{\"purpose\": \"internet\"}')"] * 450),
            [value for x in range(450) for value in (
                (start + timedelta(hours=x)).isoformat(sep=" "),
                "settings.update" if x % 3 == 0 else "desk.visit", str(x))])
    view = AuditView()
    qtbot.addWidget(view)
    view.show()
    _wait_loaded(qtbot, view)
    assert view.model.rowCount() == PAGE and "ritiniet" in view.status.text()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > PAGE, timeout=10_000)

    view.kind.setCurrentIndex(view.kind.findData("settings"))  # searches at once
    _wait_loaded(qtbot, view)
    assert view.model.rowCount() == 150
    view.start.setDate(QDate(2026, 3, 10))
    view.end.setDate(QDate(2026, 3, 10))
    view.search_button.click()
    _wait_loaded(qtbot, view)
    assert view.model.rowCount() == 8  # 24 hours, every third
    assert view.current_filter() == audit.Filter(start=date(2026, 3, 10),
                                                 end=date(2026, 3, 10), kind="settings")
    view.end.setDate(QDate(2026, 3, 9))
    view.search()
    assert "pēc beigu datuma" in view.message.text()

    view.end.setDate(QDate(2026, 3, 10))
    view.search()
    target = tmp_path / "zurnals"
    view.export_to(str(target))
    qtbot.waitUntil(lambda: "ierakstu: 8" in view.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: view.findChild(QProgressDialog) is None)
    lines = (tmp_path / "zurnals.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 9 and lines[1].split(";")[3] == "Iestatījumu maiņa"
