"""Events budgets: the events table and calendar, saving an event, poster and plan PDFs,
and the most active readers of a year (thank-you certificates) over all loans.

It writes (events created, then deleted): run it on a copy of a big database.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from run import Result


def _timed(call, repeat: int = 1) -> tuple[float, float]:
    """(median, worst) seconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def _ms(name: str, seconds: float, budget_ms: float, note: str = "") -> Result:
    value = round(seconds * 1000, 1)
    return Result(name, value, "ms", f"≤ {budget_ms:g} ms", value <= budget_ms, note)


def run(db_path: Path) -> list[Result]:
    from rozupe_desk.services import library
    from rozupe_desk.services.events import event_documents, events
    from rozupe_desk.services.events.events import EventFields
    from rozupe_desk.services.readers import active_readers

    library.open_library(db_path)
    results: list[Result] = []
    today = date.today()

    median, _ = _timed(lambda: events.list_events(limit=200), repeat=20)
    results.append(_ms("events table, first page", median, 30))
    median, _ = _timed(lambda: events.list_events(limit=200, sort_key="title"), repeat=20)
    results.append(_ms("events table, sorted by title", median, 30))

    def calendar() -> None:  # what the tab does when the month or the day changes
        events.event_days(year=today.year, month=today.month)
        events.count_in_month(year=today.year, month=today.month)
        events.list_events(on_day=today)

    median, _ = _timed(calendar, repeat=20)
    results.append(_ms("calendar month + day filter", median, 100,
                       note="a municipality month holds ~800 events"))

    created: list[int] = []
    start = datetime.combine(today, datetime.min.time()).replace(hour=14)

    def save() -> None:
        event_id = events.create_event(fields=EventFields(
            title="Mērījumu pasākums", kind="reading", starts_at=start - timedelta(days=1),
            for_children=True))
        events.record_attendance(event_id=event_id, children=5, adults=3)
        created.append(event_id)

    median, worst = _timed(save, repeat=30)
    results.append(_ms("create event + attendance (2 commits)", median, 30,
                       note=f"worst {worst * 1000:.1f} ms"))
    for event_id in created:
        events.delete_event(event_id=event_id)

    first = events.list_events(limit=1)[0]["id"]
    with tempfile.TemporaryDirectory() as folder:
        median, _ = _timed(lambda: event_documents.make_poster(
            event_id=first, target=Path(folder) / "p.pdf"), repeat=5)
        results.append(_ms("poster PDF (A4)", median, 1000))
        median, _ = _timed(lambda: event_documents.make_event_plan(
            year=today.year, month=today.month, target=Path(folder) / "plan.pdf"), repeat=3)
        # The monthly report PDF budget (DESIGN 6); a municipality month fills ~40 pages.
        results.append(_ms("month plan PDF", median, 3000))

    year = today.year - 1
    for children in (False, True):
        median, _ = _timed(lambda c=children: active_readers.most_active(
            first_day=date(year, 1, 1), last_day=date(year, 12, 31), children=c, limit=20))
        label = "children" if children else "all readers"
        # No budget in DESIGN 6: a once-a-year report, run in the background.
        results.append(Result(f"most active readers of a year, {label}", round(median, 1), "s",
                              note="background task; demo loans are not in time order"))
    return results
