"""Every earlier schema version, holding a library's data, migrates to the latest without
losing anything: counts, search, statistics, the check and the audit log all work as on a
database that had the latest schema from the start.

An old-version database is built by applying only the first k migrations (the mechanism's
`upto`) and writing the data with plain SQL in the columns that version 1 already had
(every later version keeps them)."""

from __future__ import annotations

import pytest

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import close_database, open_database
from rozupe_desk.services import library
from rozupe_desk.services.collection import catalog
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patrons import search_text
from rozupe_desk.services.safety import audit, integrity
from rozupe_desk.services.statistics import stats

EARLIER = [m.number for m in migrations.known_migrations()[:-1]]
TABLES = ("patron", "title", "item", "loan", "renewal", "hold", "visit", "reference_query",
          "event", "closed_day", "audit_log", "setting")

PATRONS = [  # id, card, first, last, birth_date, birth_year, guardian, anonymized, token
    (1, "R000001", "Anna", "Bērziņa", "1980-05-01", None, None, 0, 101),
    (2, "R000002", "Līga", "Bērziņa", "2016-06-01", None, 1, 0, 102),
    (3, "R000003", "Ēriks", "Ķēniņš", None, 1950, None, 0, 103),
    (4, "R000004", "", "", None, None, None, 1, 104),  # erased under GDPR
]
TITLES = [  # id, title, authors, isbn, document_type, audience
    (1, "Biškopība iesācējiem", "Ozoliņš, Pēteris", "9789934012341", "book", "adult"),
    (2, "Pasakas", "Brīvzemnieks, Fricis", "", "book", "children"),
    (3, "Ilustrētā Zinātne", "", "", "periodical", "adult"),
]
ITEMS = [  # id, barcode, title, status, acquired_on, discarded_on
    (1, "1001", 1, "on_loan", "2020-01-10", None),
    (2, "1002", 1, "available", "2020-01-10", None),
    (3, "2001", 2, "on_loan", "2021-02-01", None),
    (4, "3001", 3, "available", "2026-03-02", None),
    (5, "9001", 2, "discarded", "2010-01-01", "2026-03-20"),
]
LOANS = [  # id, item, patron, token, age_group, type, issued_at, due_on, returned_at, renewals
    (1, 1, 1, 101, "adult", "book", "2026-03-03 10:00:00", "2026-04-14", None, 1),
    (2, 3, 2, 102, "child", "book", "2026-03-10 11:00:00", "2026-04-07", None, 0),
    (3, 4, 3, 103, "adult", "periodical", "2026-03-04 12:00:00", "2026-03-18",
     "2026-03-11 09:30:00", 0),
    (4, 2, None, 104, "adult", "book", "2025-02-04 12:00:00", "2025-03-04",
     "2025-02-20 10:00:00", 0),  # an erased reader's anonymized history
]


def _fill(db) -> None:
    """A small library's data, in version 1's columns."""
    run = db.execute_sql
    run("INSERT INTO setting (key, value) VALUES ('library_name', '\"Rožupes bibliotēka\"')")
    for pid, card, first, last, birth, year, guardian, erased, token in PATRONS:
        run("INSERT INTO patron (id, card_number, first_name, last_name, birth_date, "
            "birth_year, guardian_id, anonymized, token, registered_on, search_text, "
            "created_at, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2024-01-05', ?, "
            "'2024-01-05 10:00:00', ?)",
            (pid, card, first, last, birth, year, guardian, erased, token,
             "" if erased else search_text(first, last, card, "", ""),
             "pupil" if guardian else "employed"))
    for tid, name, authors, isbn, kind, audience in TITLES:
        run("INSERT INTO title (id, title, authors, isbn, document_type, audience, year, "
            "search_text, created_at) VALUES (?, ?, ?, ?, ?, ?, 2019, ?, '2020-01-10')",
            (tid, name, authors, isbn, kind, audience,
             catalog.search_text_for(title=name, authors=authors, isbn=isbn)))
    for iid, barcode, tid, status, acquired, discarded in ITEMS:
        run("INSERT INTO item (id, barcode, title_id, status, acquired_on, discarded_on, "
            "price_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, 1250, '2020-01-10')",
            (iid, barcode, tid, status, acquired, discarded))
    for row in LOANS:
        run("INSERT INTO loan (id, item_id, patron_id, patron_token, age_group, document_type,"
            " issued_at, due_on, returned_at, renewals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row)
    run("INSERT INTO renewal (loan_id, renewed_at, due_before, due_after) "
        "VALUES (1, '2026-03-24 15:00:00', '2026-03-31', '2026-04-14')")
    run("INSERT INTO hold (title_id, patron_id, placed_at, status) "
        "VALUES (1, 3, '2026-03-12 10:00:00', 'waiting')")
    run("INSERT INTO visit (at, patron_id, patron_token, purpose, age_group) "
        "VALUES ('2026-03-05 14:00:00', 3, 103, 'internet', 'adult'), "
        "('2026-03-06 15:00:00', NULL, NULL, 'reading_room', 'child')")
    run("INSERT INTO reference_query (at, topic, answered, age_group) "
        "VALUES ('2026-03-07 11:00:00', 'Biškopība', 1, 'adult')")
    run("INSERT INTO event (title, kind, starts_at, for_children, attendance_children, "
        "attendance_adults, created_at) VALUES ('Dzejas pēcpusdiena', 'reading', "
        "'2026-03-14 16:00:00', 1, 12, 3, '2026-03-01 09:00:00')")
    run("INSERT INTO closed_day (day, reason) VALUES ('2026-03-27', 'Remonts')")
    for at, action, entity, entity_id, details in (
        ("2026-03-03 10:00:00.5", "desk.checkout", "loan", "1",
         '{"item_id": 1, "barcode": "1001", "patron_id": 1}'),
        ("2026-03-11 09:30:00", "desk.checkin", "loan", "3",
         '{"item_id": 4, "barcode": "3001", "patron_id": 3}'),
        ("2026-03-12 08:00:00", "settings.update", "setting", "", '{"keys": ["loan_days"]}'),
        ("2026-03-13 08:00:00", "privacy.erase", "patron", "4", ""),
    ):
        run("INSERT INTO audit_log (at, actor, action, entity, entity_id, details) "
            "VALUES (?, 'biblioteka', ?, ?, ?, ?)", (at, action, entity, entity_id, details))


def _counts(db) -> dict[str, int]:
    return {table: db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES}


def _library_at(path, version: int | None):
    db = open_database(path)
    migrations.migrate(db, upto=version)
    with db.atomic():
        _fill(db)
    return db


def _what_the_librarian_sees() -> dict:
    return {
        "march": stats.month(year=2026, month=3),
        "february_2025": stats.month(year=2025, month=2),
        "readers": [r["card_number"] for r in patrons.search(text="berzina")],
        "child_by_card": [r["card_number"] for r in patrons.search(text="R000002")],
        "kenins": [r["card_number"] for r in patrons.search(text="kenin")],
        "by_first_name": [r["card_number"] for r in patrons.search(sort="first_name")],
        "titles": [r["title"] for r in catalog.search_titles(query="biskopiba")],
        "by_isbn": [r["title"] for r in catalog.search_titles(query="9789934012341")],
        "audit": [(e.action, e.summary) for e in audit.page()],
        "audit_circulation": [e.id for e in audit.page(audit.Filter(kind="circulation"))],
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict:
    """The same data entered on a database with the latest schema from the start."""
    db = _library_at(tmp_path_factory.mktemp("fresh") / "lib.sqlite", None)
    seen = (_counts(db), _what_the_librarian_sees())
    close_database()
    return seen


@pytest.mark.parametrize("version", EARLIER)
def test_a_library_at_an_earlier_version_migrates_with_everything_in_it(tmp_path, version,
                                                                       fresh):
    path = tmp_path / f"v{version}.sqlite"
    db = _library_at(path, version)
    assert migrations.schema_version(db) == version
    before = _counts(db)
    close_database()

    library.open_library(path)  # what the window and every command do: migrate, then use
    from rozupe_desk.db.connection import database

    assert migrations.schema_version(database.obj) == migrations.latest_version()
    assert _counts(database.obj) == before == fresh[0]
    check = integrity.run_check()
    assert check.sound, (check.integrity, check.problems)
    seen = _what_the_librarian_sees()
    assert seen == fresh[1]
    assert seen["readers"] == ["R000001", "R000002"] and seen["kenins"] == ["R000003"]
    assert seen["by_first_name"] == ["R000001", "R000003", "R000002"]  # Anna, Ēriks, Līga
    assert seen["titles"] == ["Biškopība iesācējiem"]
    assert seen["march"]["loans"] == 4 and seen["march"]["returns"] == 1
    assert seen["march"]["events"] == 1 and seen["march"]["reference_queries"] == 1
    assert seen["february_2025"]["loans"] == 1
    assert ("desk.checkout", "Izsniegts: 1001 lasītājam R000001") in seen["audit"]
    following = next(m.number for m in migrations.known_migrations() if m.number > version)
    kept = path.with_name(f"{path.name}.before-v{following:04d}.bak")
    assert kept.exists()  # the copy kept before the schema changed, at the old version
    close_database()
    copy = open_database(kept)
    assert migrations.schema_version(copy) == version and _counts(copy) == before
    close_database()


def test_a_database_migrated_twice_stays_put(tmp_path):
    path = tmp_path / "lib.sqlite"
    _library_at(path, EARLIER[0])
    close_database()
    library.open_library(path)
    close_database()
    assert library.initialize(path) == []
    close_database()
