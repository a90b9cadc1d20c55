"""The most active readers (checkouts plus renewals, per DESIGN 5) and their certificates."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest

from rozupe_desk.db.models import Item, Loan, Patron, Renewal, Title
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services import settings
from rozupe_desk.services.events import event_documents
from rozupe_desk.services.readers import active_readers

NOW = datetime(2026, 1, 1)


def _patron(n: int, first: str, last: str, *, anonymized: bool = False) -> Patron:
    return Patron.create(card_number=f"R{n:04d}", first_name=first, last_name=last,
                         registered_on=date(2020, 1, 1), token=1000 + n, created_at=NOW,
                         anonymized=anonymized)


def _loans(patron: Patron | None, count: int, *, at: datetime, age_group: str = "adult",
           renewals: int = 0) -> None:
    title = Title.create(title="Grāmata", created_at=NOW)
    for _ in range(count):
        item = Item.create(barcode=f"B{Item.select().count() + 1:06d}", title=title,
                           created_at=NOW)
        loan = Loan.create(item=item, patron=patron, patron_token=patron.token if patron else 7,
                           age_group=age_group, issued_at=at, due_on=at.date(),
                           returned_at=at)
        for _ in range(renewals):
            Renewal.create(loan=loan, renewed_at=at, due_before=at.date(), due_after=at.date())


@pytest.fixture
def readers(db_path):
    anna = _patron(1, "Anna", "Bērziņa")
    _loans(anna, 3, at=datetime(2025, 3, 1, 10))
    _loans(anna, 1, at=datetime(2025, 5, 1, 10), renewals=2)  # 1 checkout + 2 renewals
    janis = _patron(2, "Jānis", "Kalniņš")
    _loans(janis, 4, at=datetime(2025, 6, 1, 10), age_group="child")
    _loans(janis, 9, at=datetime(2024, 6, 1, 10), age_group="child")  # outside the period
    gone = _patron(3, "Slepens", "Lasītājs", anonymized=True)
    _loans(gone, 20, at=datetime(2025, 7, 1, 10))
    _loans(None, 30, at=datetime(2025, 7, 1, 10))  # anonymised history, no one to thank
    edge = _patron(4, "Līga", "Ozola")
    _loans(edge, 2, at=datetime(2025, 12, 31, 23, 59))
    _loans(edge, 5, at=datetime(2026, 1, 1, 0, 0))  # the next year
    return {"anna": anna, "janis": janis, "edge": edge}


def test_most_active_counts_checkouts_and_renewals_in_the_period(readers):
    result = active_readers.most_active(first_day=date(2025, 1, 1),
                                        last_day=date(2025, 12, 31))
    assert [(r.name, r.loans) for r in result] == [
        ("Anna Bērziņa", 6), ("Jānis Kalniņš", 4), ("Līga Ozola", 2)]
    assert result[0].card_number == "R0001"


@pytest.mark.sqlite_only
def test_a_short_period_counts_the_same_through_the_index(readers):
    march = active_readers.most_active(first_day=date(2025, 3, 1), last_day=date(2025, 3, 31))
    assert [(r.name, r.loans) for r in march] == [("Anna Bērziņa", 3)]
    assert active_readers._loan_source(date(2025, 3, 1), date(2025, 3, 31)) == "loan"
    assert "NOT INDEXED" in active_readers._loan_source(date(2025, 1, 1), date(2025, 12, 31))


def test_children_are_counted_by_their_age_on_the_loan(readers):
    result = active_readers.most_active(first_day=date(2025, 1, 1),
                                        last_day=date(2025, 12, 31), children=True)
    assert [(r.name, r.loans) for r in result] == [("Jānis Kalniņš", 4)]


def test_limit_and_bad_periods(readers):
    assert len(active_readers.most_active(first_day=date(2025, 1, 1),
                                          last_day=date(2025, 12, 31), limit=1)) == 1
    with pytest.raises(InvalidInput):
        active_readers.most_active(first_day=date(2025, 12, 31), last_day=date(2025, 1, 1))
    with pytest.raises(InvalidInput):
        active_readers.most_active(first_day=date(2025, 1, 1), last_day=date(2025, 2, 1),
                                   limit=0)


def test_certificate_pdf_has_a_page_per_reader_with_latvian_text(readers, tmp_path):
    settings.update(library_name="Rožupes bibliotēka")
    chosen = active_readers.most_active(first_day=date(2025, 1, 1),
                                        last_day=date(2025, 12, 31))
    target = event_documents.make_certificates(
        readers=chosen, first_day=date(2025, 1, 1), last_day=date(2025, 12, 31),
        children=False, target=tmp_path / "paldies.pdf")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "Pages:           3" in info
    assert "841.89 x 595.276 pts" in info  # A4 landscape
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes " in row and "DejaVu" in row for row in font_rows)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    assert "Annai Bērziņai" in pages[0] and "Jānim Kalniņam" in pages[1]  # Pateicība kam?
    assert all("PATEICĪBA" in page and "par čaklu lasīšanu!" in page and "2025. gadā" in page
               for page in pages[:3])
    assert "ROŽUPES BIBLIOTĒKA" in pages[0]


def test_no_readers_chosen_is_refused(db_path, tmp_path):
    with pytest.raises(InvalidInput):
        event_documents.make_certificates(readers=[], first_day=date(2025, 1, 1),
                                          last_day=date(2025, 6, 30), children=True,
                                          target=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.sqlite_only
def test_a_cancelled_search_stops_with_a_message(readers):
    import threading

    from rozupe_desk.errors import DomainError

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DomainError) as error:
        active_readers.most_active(first_day=date(2025, 1, 1), last_day=date(2025, 12, 31),
                                   cancel=cancel)
    assert str(error.value) == "Meklēšana atcelta."
    cancel.clear()
    assert len(active_readers.most_active(first_day=date(2025, 1, 1),
                                          last_day=date(2025, 12, 31), cancel=cancel)) == 3
