"""Demo data: realistic, consistent, repeatable, and only into an empty database."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum import isbn, issn

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Event, Item, Loan, Patron, Title
from rozupe_desk.errors import Conflict
from rozupe_desk.services import demo, library
from rozupe_desk.services.readers.ages import age_group
from rozupe_desk.services.safety import integrity

TODAY = date(2026, 11, 25)


def _snapshot() -> list:
    return [database.execute_sql(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in ("patron", "title", "item", "loan", "renewal", "visit", "event")]


def test_small_demo_is_realistic_and_sound(db_path):
    summary = demo.fill_demo(scale="small", seed=7, today=TODAY)
    assert summary.patrons == 300 and summary.items == 5_000
    assert 8_000 <= summary.loans <= 10_000
    assert integrity.run_check().sound
    assert not library.is_first_run()

    names = " ".join(p.last_name for p in Patron.select())
    assert any(ch in names for ch in "āēīūņšžļķģč")
    groups = {age_group(p.birth_date, p.birth_year, TODAY) for p in Patron.select()}
    assert groups == {"child", "adult"}
    assert Patron.select().where(Patron.guardian.is_null(False)).count() > 10

    books = Title.select().where(Title.isbn != "")
    assert books.count() > 100 and all(isbn.is_valid(t.isbn) for t in books)
    assert all(issn.is_valid(t.issn) for t in Title.select().where(Title.issn != ""))
    assert {t.document_type for t in Title.select()} == {
        "book", "periodical", "audiovisual", "e_resource", "game", "other"}
    assert Item.select().where(Item.acquired_on.is_null(False)).count() > 4_000

    open_loans = Loan.select().where(Loan.returned_at.is_null())
    assert open_loans.count() > 0
    assert open_loans.where(Loan.due_on < TODAY).count() > 0  # some overdue
    assert Loan.select().where(Loan.renewals > 0).count() > 0
    assert Loan.select().where(Loan.issued_at < "2025-01-01").count() > 0
    assert Loan.select().where(Loan.age_group == "child").count() > 0
    first_event = Event.get_by_id(1)
    assert first_event.starts_at.date() > TODAY and first_event.for_children


def test_demo_readers_borrow_and_visit_only_once_registered(db_path):
    demo.fill_demo(scale="small", seed=7, today=TODAY)
    run = database.execute_sql
    assert run("SELECT count(*) FROM loan l JOIN patron p ON p.id = l.patron_id "
               "WHERE substr(l.issued_at, 1, 10) < p.registered_on").fetchone()[0] == 0
    assert run("SELECT count(*) FROM visit v JOIN patron p ON p.id = v.patron_id "
               "WHERE substr(v.at, 1, 10) < p.registered_on").fetchone()[0] == 0
    # A known reader's visit counts in that reader's age group on that day.
    visits = run("SELECT v.at, v.age_group, p.birth_date FROM visit v "
                 "JOIN patron p ON p.id = v.patron_id").fetchall()
    assert len(visits) > 100
    for at, group, born in visits:
        assert group == age_group(date.fromisoformat(born), None,
                                  date.fromisoformat(at[:10])), (at, born)


def test_the_same_seed_gives_the_same_data(tmp_path):
    snapshots = []
    for name in ("a", "b"):
        library.open_library(tmp_path / f"{name}.sqlite")
        demo.fill_demo(scale="small", seed=3, today=TODAY)
        snapshots.append(_snapshot())
    assert snapshots[0] == snapshots[1]
    library.open_library(tmp_path / "c.sqlite")
    demo.fill_demo(scale="small", seed=4, today=TODAY)
    assert _snapshot() != snapshots[0]


def test_demo_refuses_a_database_with_data(db_path):
    demo.fill_demo(scale="small", seed=1, today=TODAY)
    before = library.counts()
    with pytest.raises(Conflict):
        demo.fill_demo(scale="small", seed=2, today=TODAY)
    assert library.counts() == before


def test_a_cancelled_demo_leaves_the_database_empty(db_path):
    import threading

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(demo.DemoCancelled):
        demo.fill_demo(scale="small", seed=1, today=TODAY, cancel=cancel)
    assert library.is_empty() and library.counts().titles == 0


def test_the_demo_lends_through_the_year_as_a_branch_does(db_path):
    """About evenly every month up to today (no thinning towards the end), fewer loans in
    the summer holidays than in the dark months."""
    demo.fill_demo(scale="small", seed=7, today=TODAY)
    per_month = dict(database.execute_sql(
        "SELECT substr(issued_at, 1, 7), count(*) FROM loan GROUP BY 1").fetchall())
    full = {m: n for m, n in per_month.items() if "2024-12" <= m <= "2026-10"}
    assert len(full) == 23  # the whole months of the two years' history
    mean = sum(full.values()) / len(full)
    assert all(0.6 * mean <= n <= 1.5 * mean for n in full.values()), full
    assert full["2026-09"] + full["2026-10"] >= 0.9 * (full["2025-09"] + full["2025-10"])
    for year in ("2025", "2026"):
        summer = sum(full[f"{year}-{m:02d}"] for m in (6, 7, 8))
        dark = sum(full[f"{year}-{m:02d}"] for m in (1, 2, 10))
        assert summer < 0.85 * dark
