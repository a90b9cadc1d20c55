"""Copy cataloguing budget (issue 17): from Enter on an ISBN in Krājums → Jauns eksemplārs
to the candidates on screen, against a local yaz-ztest, at most 1 s beyond the server's
own time (the same SRU request made bare with urllib).

Needs Debian's `yaz` (`scripts/dev.py test` installs it). The look-up does not depend on
the size of the collection, so it runs on a fresh database of its own, not the scale's.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from run import Result

BUDGET_MS = 1000.0
ROUNDS = 30
ISBN = "978-0-8391-0882-5"


def _server_ms(url: str) -> list[float]:
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as answer:
            answer.read()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _window_ms(dialog, app) -> list[float]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    times = []
    for _round in range(ROUNDS):
        dialog.code.setText(ISBN)
        loop = QEventLoop()
        dialog.shown.connect(loop.quit)
        QTimer.singleShot(20_000, loop.quit)  # a hung look-up ends the round, not the run
        started = time.perf_counter()
        QTest.keyClick(dialog.code, Qt.Key.Key_Return)
        loop.exec()
        dialog.table.viewport().repaint()  # painted, not only filled
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        dialog.shown.disconnect(loop.quit)
        if dialog.table.rowCount() == 0:
            raise RuntimeError("the look-up showed no candidates")
    return times


def run(_db_path: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from rozupe_desk.db.connection import close_database
    from rozupe_desk.services import library
    from rozupe_desk.services.collection.lookup import servers, sru
    from rozupe_desk.services.collection.lookup.query import parse
    from rozupe_desk.ui.catalog.lookup import LookupDialog
    from tests.lookup_server import start_ztest, stop

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="rozupe-bench-lookup-") as folder:
        ztest = start_ztest(Path(folder) / "ztest.log")
        try:
            library.open_library(Path(folder) / "lookup.sqlite")
            server = servers.save(servers=[{"name": "yaz-ztest", "url": ztest.sru_url}])[0]
            server_times = _server_ms(sru.search_url(server, parse(ISBN)))
            dialog = LookupDialog()
            dialog.show()
            window_times = _window_ms(dialog, app)
            dialog.close()
        finally:
            stop(ztest.process)
            close_database()
    server_ms = statistics.median(server_times)
    p95 = statistics.quantiles(window_times, n=20)[-1]
    overhead = p95 - server_ms
    return [
        Result("lookup: server's own time (median)", round(server_ms, 1), "ms"),
        Result("lookup: Enter to candidates on screen p95", round(p95, 1), "ms"),
        Result("lookup: beyond the server's time", round(overhead, 1), "ms",
               budget=f"<= {BUDGET_MS:.0f} ms", ok=overhead <= BUDGET_MS,
               note=f"{ROUNDS} rounds, local yaz-ztest over SRU"),
    ]
