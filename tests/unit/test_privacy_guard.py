"""Privacy that holds up (issue 14): anonymised history leads back to nobody and changes no
statistic; an erased reader's data cannot be found in the database files byte by byte;
restoring an older backup erases the erased readers again."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.db.models import Item, Patron
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services import demo
from rozupe_desk.services.circulation import circulation, koc
from rozupe_desk.services.readers import patrons, privacy
from rozupe_desk.services.readers.patron_fields import PatronFields
from rozupe_desk.services.safety import backup
from rozupe_desk.services.statistics import stats
from rozupe_desk.text import fold
from tests.desk_data import make_item, make_title

TODAY = date(2026, 3, 10)
PERIODS = [stats.year_period(year) for year in (2024, 2025, 2026)] + [
    stats.month_period(year, month) for year in (2024, 2025, 2026) for month in range(1, 13)
    if date(year, month, 1) <= TODAY]


@pytest.fixture
def library(db_path):
    demo.fill_demo(scale="small", seed=3, today=TODAY)
    return db_path


def every_statistic() -> dict[str, dict]:
    return {period.label: stats.compute(period) for period in PERIODS}


def _links_back() -> dict[str, int]:
    """Rows of anonymised history that a JOIN leads back to a reader."""
    queries = {
        "loans": "SELECT count(*) FROM loan l JOIN patron p ON p.token = l.patron_token "
                 "WHERE l.patron_id IS NULL",
        "visits": "SELECT count(*) FROM visit v JOIN patron p ON p.token = v.patron_token "
                  "WHERE v.patron_id IS NULL",
    }
    return {name: database.execute_sql(sql).fetchone()[0] for name, sql in queries.items()}


def test_anonymised_history_joins_back_to_nobody_and_every_statistic_stays(library):
    before = every_statistic()
    assert _links_back() == {"loans": 0, "visits": 0}
    summary = privacy.anonymize_history(today=TODAY, days=200)  # 2025-08-22: closes 2024
    assert summary.loans > 1000 and summary.visits > 10
    assert _links_back() == {"loans": 0, "visits": 0}
    closed = database.execute_sql(
        "SELECT (SELECT count(*) FROM stats_reader_day d JOIN patron p ON p.token = d.token"
        " WHERE d.day < '2025-01-01') + (SELECT count(*) FROM stats_reader_year y JOIN patron p"
        " ON p.token = y.token WHERE y.year < 2025)").fetchone()[0]
    assert closed == 0
    assert _days_left_before("2025-01-01", "2025-08-22") == ["2025-07-31", "2025-08-21"]
    assert every_statistic() == before
    privacy.anonymize_history(today=TODAY, days=150)  # 2025-10-11: the same year, later
    assert _days_left_before("2025-01-01", "2025-10-11") == ["2025-09-30", "2025-10-10"]
    assert every_statistic() == before
    privacy.anonymize_history(today=TODAY, days=60)  # 2026-01-09: closes 2025 too
    assert _links_back() == {"loans": 0, "visits": 0}
    assert _days_left_before("2025-01-01", "2026-01-09") == ["2026-01-08"]
    assert every_statistic() == before
    # What no report asks and the kept numbers cannot answer is refused in words.
    with pytest.raises(InvalidInput) as refused:
        stats.compute(stats.Period(date(2025, 3, 5), date(2025, 4, 20)))
    assert "2025. gada vēsture ir anonimizēta" in str(refused.value)


def _days_left_before(start: str, cutoff: str) -> list[str]:
    """The days of the per-reader summaries left before the cutoff (each reader's days
    folded into the last day before the cutoff's month and the last before the cutoff)."""
    return [row[0] for row in database.execute_sql(
        "SELECT DISTINCT day FROM stats_reader_day WHERE day >= ? AND day < ? ORDER BY day",
        (start, cutoff))]


def _bytes_of(path: Path) -> bytes:
    """The file as another program reads it (never opened by this process, which holds
    SQLite's locks on it)."""
    if not path.exists():
        return b""
    return subprocess.run(["cat", str(path)], capture_output=True, check=True).stdout


def _found(db_path: Path, needles: list[str]) -> list[str]:
    data = b"".join(_bytes_of(Path(f"{db_path}{suffix}")) for suffix in ("", "-wal"))
    return [needle for needle in needles if needle.encode("utf-8") in data]


def _unique_reader() -> tuple[int, list[str]]:
    # Debian builds SQLite with SECURE_DELETE on, Python for Windows does not: start as there.
    if not is_postgresql():
        database.execute_sql("PRAGMA secure_delete = 0")
    fields = PatronFields(first_name="Zīgrīda", last_name="Kļaviņķēze", card_number="Q71093",
                          birth="1961-05-04", phone="+371 29 417 036",
                          email="zigrida.klavinkeze@example.lv", address="Vējkalnu iela 17")
    reader = patrons.register(fields=fields, today=TODAY)
    needles = ["Zīgrīda", "Kļaviņķēze", fold("Kļaviņķēze"), "Q71093", "29417036",
               "zigrida.klavinkeze", "Vējkalnu"]
    return reader, needles


def _history_for(reader: int) -> None:
    barcodes = [item.barcode for item in Item.select().where(Item.status == "available")
                .limit(3)]
    circulation.checkout(barcode=barcodes[0], patron_id=reader, at=datetime(2026, 3, 1, 10))
    circulation.checkin(barcode=barcodes[0], at=datetime(2026, 3, 5, 11))
    line = f"2026-03-06 12:00:00 000\tissue\tQ71093\t{barcodes[1]}\n" \
           f"2026-03-07 12:00:00 000\treturn\t{barcodes[1]}\n"
    koc.replay(data=("Version=1.0\tGenerator=test\tGeneratorVersion=1\n" + line).encode(),
               file_name="izbraukums.koc")


@pytest.mark.sqlite_only
def test_an_erased_reader_is_found_nowhere_in_the_files(library):
    reader, needles = _unique_reader()
    _history_for(reader)
    # A reader edited a few times leaves old copies of the row and its index entries.
    for phone in ("+371 29 417 036", "29417036"):
        patrons.update(patron_id=reader, fields=PatronFields(
            first_name="Zīgrīda", last_name="Kļaviņķēze", card_number="Q71093",
            birth="1961-05-04", phone=phone, email="zigrida.klavinkeze@example.lv",
            address="Vējkalnu iela 17"))
    database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    assert _found(library, needles) == needles
    keys = [row[0] for row in database.execute_sql(
        "SELECT line_key FROM koc_transaction WHERE raw LIKE '%Q71093%'")]
    assert len(keys) == 1
    privacy.erase_patron(patron_id=reader)
    assert _found(library, needles) == []
    assert Patron.get_by_id(reader).anonymized
    # The key of a stored KOC line hashes the whole line: with a short card, reversible.
    assert not set(keys) & {row[0] for row in database.execute_sql(
        "SELECT line_key FROM koc_transaction")}


@pytest.mark.sqlite_only
def test_erasing_while_a_second_connection_stays_open(library):
    """The window opens the library twice and keeps both open for hours."""
    import sqlite3

    other = sqlite3.connect(library)
    other.execute("SELECT count(*) FROM patron").fetchone()
    try:
        reader, needles = _unique_reader()
        _history_for(reader)
        assert _found(library, needles)
        privacy.erase_patron(patron_id=reader)
        assert _found(library, needles) == []
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_restoring_an_older_backup_erases_the_reader_again(library, tmp_path):
    reader, needles = _unique_reader()
    _history_for(reader)
    old = backup.create_backup(tmp_path / "vecais.sqlite").path
    privacy.erase_patron(patron_id=reader)
    result = backup.restore_backup(old)
    assert result.erased_again == 1
    restored = Patron.get_by_id(reader)
    assert restored.anonymized and restored.first_name == privacy.ERASED_NAME
    assert _found(library, needles) == []
    assert database.execute_sql(
        "SELECT count(*) FROM erasure WHERE patron_id = ?", (reader,)).fetchone()[0] == 1
    # The ledger names nobody: ids and dates only.
    columns = [row[1] for row in database.execute_sql("PRAGMA table_info(erasure)")]
    assert set(columns) <= {"id", "patron_id", "patron_created_at", "erased_on"}


def test_the_audit_log_of_anonymised_history_names_no_reader(library):
    reader, _needles = _unique_reader()
    _history_for(reader)
    database.execute_sql("UPDATE audit_log SET at = '2025-01-05 10:00:00' WHERE details LIKE ?",
                         (f'%"patron_id": {reader},%',))
    old = database.execute_sql("SELECT count(*) FROM audit_log WHERE at < '2025-08-22'"
                               " AND details LIKE '%patron_id%'").fetchone()[0]
    assert old >= 2
    privacy.anonymize_history(today=TODAY, days=200)
    assert database.execute_sql("SELECT count(*) FROM audit_log WHERE at < '2025-08-22'"
                                " AND details LIKE '%patron_id%'").fetchone()[0] == 0
    checkout = database.execute_sql("SELECT details FROM audit_log WHERE action = "
                                    "'desk.checkout' AND at < '2025-08-22'").fetchone()[0]
    assert '"barcode"' in checkout  # what was done stays
    privacy.erase_patron(patron_id=reader)
    assert database.execute_sql("SELECT count(*) FROM audit_log WHERE details LIKE ?",
                                (f'%"patron_id": {reader}%',)).fetchone()[0] == 0


@pytest.mark.sqlite_only
def test_a_restore_over_a_database_whose_ledger_cannot_be_read_still_works(library, tmp_path):
    reader, _needles = _unique_reader()
    old = backup.create_backup(tmp_path / "vecais.sqlite").path
    privacy.erase_patron(patron_id=reader)
    database.execute_sql("DROP TABLE erasure")  # as good as a damaged page
    result = backup.restore_backup(old)
    assert result.erased_again == 0 and not Patron.get_by_id(reader).anonymized


def test_erasing_a_reader_who_came_of_age_between_loan_and_return_keeps_the_figures(db_path):
    fields = PatronFields(first_name="Roberts", last_name="Jaunzems", birth="2008-03-05",
                          registered_on="2025-01-10")
    reader = patrons.register(fields=fields, today=date(2025, 1, 10))
    make_item("K1", make_title("Vārnu ielas republika"))
    circulation.checkout(barcode="K1", patron_id=reader, at=datetime(2026, 3, 1, 10))
    circulation.checkin(barcode="K1", at=datetime(2026, 3, 6, 10))  # 18 since 5 March
    before = stats.month(year=2026, month=3)
    privacy.erase_patron(patron_id=reader)
    after = stats.month(year=2026, month=3)
    keys = ("visits", "visits_children", "loans", "loans_children", "returns")
    assert {key: after[key] for key in keys} == {key: before[key] for key in keys}
    assert before["visits_children"] == 1 and before["visits"] == 2


@pytest.mark.sqlite_only
def test_a_reader_with_a_book_out_in_the_older_backup_is_erased_again_and_keeps_the_loan(
        library, tmp_path):
    from rozupe_desk.services.safety import integrity

    reader, needles = _unique_reader()
    barcode = Item.select().where(Item.status == "available").first().barcode
    circulation.checkout(barcode=barcode, patron_id=reader, at=datetime(2026, 3, 1, 10))
    old = backup.create_backup(tmp_path / "vecais.sqlite").path
    circulation.checkin(barcode=barcode, at=datetime(2026, 3, 5, 10))
    privacy.erase_patron(patron_id=reader)
    assert backup.restore_backup(old).erased_again == 1
    assert Patron.get_by_id(reader).anonymized
    assert circulation.item_by_barcode(barcode).status == "on_loan"  # the data of that day
    assert _found(library, needles) == []
    assert integrity.run_check().sound
