"""Privacy: old history anonymised and readers erased without changing any statistic;
a reader's own data on request; the readers who have not come for years."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
from peewee import fn

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import AuditLog, Hold, Loan, Patron, Visit
from rozupe_desk.errors import Conflict, DomainError
from rozupe_desk.reports import reader_data
from rozupe_desk.services import demo
from rozupe_desk.services.readers import patrons, privacy
from rozupe_desk.services.readers.patron_fields import PatronFields

TODAY = date(2026, 3, 10)


def statistics() -> dict[str, list]:
    """What the monthly report counts from loans and visits, by every dimension it uses.
    (Distinct readers are no longer in the anonymised rows: test_privacy_guard compares
    every indicator instead.)"""
    queries = {
        "loans": "SELECT substr(issued_at, 1, 7), age_group, patron_category, document_type, "
                 "count(*) FROM loan GROUP BY 1, 2, 3, 4",
        "returns": "SELECT substr(returned_at, 1, 7), age_group, count(*) FROM loan "
                   "WHERE returned_at IS NOT NULL GROUP BY 1, 2",
        "visits": "SELECT substr(at, 1, 7), age_group, purpose, count(*) FROM visit "
                  "GROUP BY 1, 2, 3",
        "readers": "SELECT substr(registered_on, 1, 4), category, count(*), "
                   "count(reregistered_year) FROM patron GROUP BY 1, 2",
    }
    return {name: sorted(database.execute_sql(sql).fetchall()) for name, sql in queries.items()}


@pytest.fixture
def library(db_path):
    demo.fill_demo(scale="small", seed=3, today=TODAY)
    return db_path


def test_old_history_is_unlinked_and_statistics_do_not_change(library):
    before = statistics()
    linked_before = Loan.select().where(Loan.patron.is_null(False)).count()
    summary = privacy.anonymize_history(today=TODAY, days=365)
    assert summary.cutoff == date(2025, 3, 10)
    assert summary.loans > 1000 and summary.visits > 10
    assert statistics() == before
    old = Loan.select().where(Loan.returned_at < "2025-03-10")
    assert old.count() > 0 and old.where(Loan.patron.is_null(False)).count() == 0
    assert Loan.select().where(Loan.returned_at.is_null(), Loan.patron.is_null()).count() == 0
    assert Visit.select().where(Visit.at < "2025-03-10", Visit.patron.is_null(False)).count() == 0
    assert Loan.select().where(Loan.patron.is_null(False)).count() == linked_before - summary.loans
    assert privacy.anonymize_history(today=TODAY, days=365).loans == 0  # nothing left to do
    assert AuditLog.select().where(AuditLog.action == "privacy.anonymize_history").count() == 2


def test_anonymising_reports_progress_and_a_cancel_changes_nothing(library, monkeypatch):
    import threading

    monkeypatch.setattr(privacy, "ANONYMIZE_SLICE", 1_000)
    seen: list[float] = []
    cancel = threading.Event()

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if len(seen) == 3:
            cancel.set()

    linked = Loan.select().where(Loan.patron.is_null(False)).count()
    with pytest.raises(DomainError):
        privacy.anonymize_history(today=TODAY, days=365, progress=progress, cancel=cancel)
    assert Loan.select().where(Loan.patron.is_null(False)).count() == linked
    seen.clear()
    summary = privacy.anonymize_history(today=TODAY, days=365, progress=seen.append)
    assert summary.loans > 0 and seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5


def test_anonymising_an_empty_library_does_nothing(db_path):
    summary = privacy.anonymize_history(today=TODAY)
    assert (summary.loans, summary.visits) == (0, 0)


def test_the_period_comes_from_the_settings(library):
    from rozupe_desk.services import settings

    settings.update(anonymize_after_days=100)
    assert privacy.anonymize_history(today=TODAY).cutoff == date(2025, 11, 30)
    with pytest.raises(DomainError):
        privacy.anonymize_history(today=TODAY, days=3)


def _reader_without_loans() -> Patron:
    open_ids = Loan.select(Loan.patron).where(Loan.returned_at.is_null())
    return (Patron.select().where(Patron.id.not_in(open_ids), Patron.guardian.is_null())
            .join(Loan, on=(Loan.patron == Patron.id)).group_by(Patron.id)
            .having(fn.count(Loan.id) > 3).first())


def test_erasing_a_reader_removes_personal_data_and_keeps_statistics(library):
    reader = _reader_without_loans()
    child = patrons.register(fields=PatronFields(first_name="Līva", last_name="Bērziņa",
                                                 birth="2018", guardian_card=reader.card_number))
    Hold.create(title=1, patron=reader.id, placed_at="2026-03-01 10:00:00")
    token, loans = reader.token, Loan.select().where(Loan.patron == reader.id).count()
    before = statistics()

    privacy.erase_patron(patron_id=reader.id)

    after = Patron.get_by_id(reader.id)
    assert after.anonymized and after.card_number == f"ERASED-{reader.id}"
    assert (after.phone, after.email, after.address, after.notes, after.search_text) == (
        "", "", "", "", "")
    assert after.birth_date is None and after.first_name == privacy.ERASED_NAME
    assert after.token == token
    assert Loan.select().where(Loan.patron == reader.id).count() == 0
    assert Loan.select().where(Loan.patron_token == token).count() == loans
    assert Patron.get_by_id(child).guardian_id is None
    assert Hold.get(Hold.patron == reader.id).status == "cancelled"
    assert reader.last_name not in [r["last_name"] for r in patrons.search(
        text=reader.card_number)]
    assert patrons.card_owner(reader.card_number) is None  # the card number is free again
    assert statistics()["loans"] == before["loans"]
    assert statistics()["visits"] == before["visits"]
    entry = AuditLog.select().where(AuditLog.action == "privacy.erase").get()
    assert entry.entity_id == str(reader.id) and reader.last_name not in entry.details
    with pytest.raises(Conflict):
        privacy.erase_patron(patron_id=reader.id)


def test_a_reader_with_copies_on_loan_cannot_be_erased(library):
    # A reader with exactly one copy out: the refusal counts it in the singular.
    borrower = (Loan.select(Loan.patron).where(Loan.returned_at.is_null())
                .group_by(Loan.patron).having(fn.COUNT(Loan.id) == 1)
                .order_by(Loan.patron).first().patron)
    with pytest.raises(Conflict) as error:
        privacy.erase_patron(patron_id=borrower.id)
    assert "izsniegts 1 eksemplārs" in str(error.value)
    assert not Patron.get_by_id(borrower.id).anonymized


def test_erasing_several_is_all_or_nothing(library):
    free = _reader_without_loans()
    borrower = Loan.select().where(Loan.returned_at.is_null()).first().patron
    with pytest.raises(Conflict):
        privacy.erase_patrons(patron_ids=[free.id, borrower.id])
    assert not Patron.get_by_id(free.id).anonymized


def test_a_readers_own_data_as_json_and_pdf(library, tmp_path):
    reader = _reader_without_loans()
    data = privacy.patron_data(patron_id=reader.id, today=TODAY)
    assert data["reader"]["card_number"] == reader.card_number
    assert len(data["loans"]) == Loan.select().where(Loan.patron == reader.id).count()
    path = privacy.write_json(data=data, path=tmp_path / "dati.json")
    assert json.loads(path.read_text(encoding="utf-8"))["reader"]["last_name"] == reader.last_name
    pdf = reader_data.build(data, tmp_path / "dati.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True).stdout
        assert "Lasītāja dati" in text and reader.last_name in text
        assert data["loans"][0]["barcode"] in text
    assert AuditLog.select().where(AuditLog.action == "privacy.export_data").count() == 1


def test_long_absent_readers(library):
    stale = patrons.register(fields=PatronFields(first_name="Vecs", last_name="Lasītājs",
                                                 registered_on="2015-02-01"), today=TODAY)
    absent = privacy.long_absent(years=3, today=TODAY)
    assert stale in [row["id"] for row in absent]
    assert all(row["last_seen"] < "2023-03-10" for row in absent)
    recent_borrowers = {loan.patron_id for loan in Loan.select().where(
        Loan.issued_at >= "2025-01-01")}
    assert not recent_borrowers & {row["id"] for row in absent}
    with pytest.raises(DomainError):
        privacy.long_absent(years=0)
