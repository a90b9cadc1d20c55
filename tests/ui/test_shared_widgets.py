"""The lazy table model and background tasks that every tab uses."""

from __future__ import annotations

import threading

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from rozupe_desk.errors import DomainError
from rozupe_desk.ui.table_model import Column, LazyTableModel
from rozupe_desk.ui.tasks import run_with_progress

ROWS = [{"name": f"Lasītājs {i:03d}", "number": i} for i in range(1, 451)]
CALLS: list[tuple] = []


def fetch(offset, limit, sort_key, descending):
    CALLS.append((offset, limit, sort_key, descending))
    rows = sorted(ROWS, key=lambda r: r[sort_key], reverse=descending) if sort_key else ROWS
    return rows[offset:offset + limit]


def make_model() -> LazyTableModel:
    columns = [Column("name", "tab.patrons"), Column("number", "tab.desk", align_right=True)]
    return LazyTableModel(columns, fetch, page_size=200)


def test_model_fetches_pages_lazily_and_sorts_in_the_query(qtmodeltester):
    CALLS.clear()
    model = make_model()
    model.reload()
    assert model.rowCount() == 200 and CALLS == [(0, 200, None, False)]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 1)) == "450"
    assert CALLS[-1] == (0, 200, "number", True)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Lasītāji"
    qtmodeltester.check(model)


def test_background_task_reports_success(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    results, failures = [], []

    def work(progress, cancel):
        progress(0.5)
        return threading.current_thread() is not threading.main_thread()

    run_with_progress(parent, "…", work, results.append, failures.append)
    qtbot.waitUntil(lambda: bool(results or failures))
    assert results == [True] and failures == []


def test_background_task_turns_a_domain_error_into_its_message(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    results, failures = [], []

    def work(progress, cancel):
        raise DomainError("demo.not_empty")

    run_with_progress(parent, "…", work, results.append, failures.append)
    qtbot.waitUntil(lambda: bool(results or failures))
    assert failures == ["Datubāzē jau ir dati; parauga datus var ielikt tikai tukšā datubāzē."]
