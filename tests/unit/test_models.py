"""The models against the migrated schema, and the constraints the database enforces."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from peewee import IntegrityError

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import ALL_MODELS, Item, Loan, Patron, Title


def make_patron(card: str = "R000001", token: int = 1, **extra) -> Patron:
    values = dict(card_number=card, first_name="Anna", last_name="Bērziņa",
                  registered_on=date(2026, 1, 5), token=token, created_at=datetime.now())
    values.update(extra)
    return Patron.create(**values)


def make_item(barcode: str = "10000001") -> Item:
    title = Title.create(title="Biškopība iesācējiem", created_at=datetime.now())
    return Item.create(barcode=barcode, title=title, created_at=datetime.now())


def test_every_model_column_exists_in_the_migrated_schema(db_path):
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {c.name for c in database.get_columns(table)}
        assert set(model._meta.columns) <= columns, table


def test_card_numbers_and_barcodes_are_unique(db_path):
    make_patron("R1", token=1)
    with pytest.raises(IntegrityError), database.atomic():
        make_patron("R1", token=2)
    make_item("111")
    with pytest.raises(IntegrityError), database.atomic():
        make_item("111")


def test_status_must_be_one_of_the_known(db_path):
    item = make_item()
    with pytest.raises(IntegrityError), database.atomic():
        Item.update(status="borrowed").where(Item.id == item.id).execute()


def test_a_copy_cannot_have_two_open_loans(db_path):
    item = make_item()
    patron = make_patron()
    fields = dict(item=item, patron=patron, patron_token=patron.token, age_group="adult",
                  issued_at=datetime(2026, 3, 1, 10), due_on=date(2026, 3, 29))
    Loan.create(**fields)
    with pytest.raises(IntegrityError), database.atomic():
        Loan.create(**fields)
    Loan.update(returned_at=datetime(2026, 3, 2, 11)).execute()
    Loan.create(**fields)  # returned, so the copy may go out again


def test_a_loan_cannot_be_returned_before_it_was_issued(db_path):
    item, patron = make_item(), make_patron()
    with pytest.raises(IntegrityError), database.atomic():
        Loan.create(item=item, patron=patron, patron_token=1, age_group="adult",
                    issued_at=datetime(2026, 3, 1, 10), due_on=date(2026, 3, 29),
                    returned_at=datetime(2026, 2, 1, 10))


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(db_path):
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL


@pytest.mark.sqlite_only
def test_a_transaction_that_reads_then_writes_is_not_broken_by_another_process(db_path):
    # Another process (a CLI backup beside the window) commits between the desk's read and
    # its write: a deferred transaction would fail at its write with "database is locked".
    other = sqlite3.connect(db_path, timeout=0.2, isolation_level=None)
    with database.atomic():
        assert Patron.select().count() == 0
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO setting (key, value) VALUES ('other', '1')")
        make_patron()
    other.execute("INSERT INTO setting (key, value) VALUES ('other', '1')")  # its turn now
    assert Patron.select().count() == 1
    other.close()


def test_a_guardian_link_is_kept_and_cleared_when_the_guardian_goes(db_path):
    mother = make_patron("R1", token=1)
    child = make_patron("R2", token=2, first_name="Līva", guardian=mother,
                        birth_date=date(2017, 4, 2))
    assert [c.card_number for c in mother.children] == ["R2"]
    mother.delete_instance()
    assert Patron.get_by_id(child.id).guardian is None
