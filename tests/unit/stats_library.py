"""A tiny library whose statistics are known by construction (March 2026 and the year 2026).

Each row is there for an edge the figures must get right; the comments say which. The
expected figures below were counted by hand from these rows.
"""

from __future__ import annotations

from rozupe_desk.db.connection import database

NOW = "2026-01-01 00:00:00"

# id, card, first, last, birth_date, birth_year, registered_on, token, anonymized, guardian
PATRONS = [
    # turns 18 on 2026-03-15: a child on the day of her March checkouts, an adult by the
    # month's end and on the day of her return
    (1, "R1", "Anna", "Kalniņa", "2008-03-15", None, "2020-01-10", 1001, 0, None),
    # an adult first registered in March
    (2, "R2", "Pēteris", "Bērziņš", "1980-05-05", None, "2026-03-10", 1002, 0, None),
    # only a birth year: a child; his guardian is reader 2
    (3, "R3", "Jānis", "Ozols", None, 2015, "2025-06-01", 1003, 0, 2),
    # registered in January, never borrowed: counts as a user of the year
    (5, "R5", "Līga", "Eglīte", "1990-07-01", None, "2026-01-20", 1005, 0, None),
    # registered long ago, only returned a book in January: counts through that return
    (6, "R6", "Ojārs", "Vītols", "1970-02-02", None, "2019-04-04", 1006, 0, None),
    # born 2008, year only: a child as if born 31 December, i.e. through 30 December 2026
    (7, "R7", "Elza", "Liepa", None, 2008, "2024-09-09", 1007, 0, None),
    # registered after March: not in March's figures, in the year's
    (8, "R8", "Ilze", "Krūmiņa", "1995-01-01", None, "2026-04-02", 1008, 0, None),
    # no activity since 2019: never counted in 2026
    (9, "R9", "Kārlis", "Zariņš", "1960-01-01", None, "2019-01-01", 1009, 0, None),
    # anonymised: birth removed, loans keep the token and the age group of their day
    (10, "X10", "—", "—", None, None, "2021-01-01", 1010, 1, None),
]
# Token 4004 belonged to a reader whose record is gone: only anonymised loans remain.

# id, barcode, acquired_on, discarded_on
ITEMS = [
    (1, "I1", "2020-01-01", None), (2, "I2", "2020-01-01", None),
    (3, "I3", "2020-01-01", None), (4, "I4", "2020-01-01", None),
    (5, "I5", "2020-01-01", None), (6, "I6", "2020-01-01", None),
    (7, "I7", "2020-01-01", None),
    (8, "I8", None, None),                      # acquisition date unknown: held
    (9, "I9", "2026-04-05", None),              # acquired after March
    (10, "I10", "2019-05-05", "2026-03-20"),    # discarded in March
    (11, "I11", "2026-03-03", None),            # acquired in March
    (12, "I12", "2019-05-05", "2026-04-10"),    # discarded after March: held in March
]

# id, item, patron_id, token, age_group, document_type, issued_at, due_on, returned_at
LOANS = [
    (1, 1, 1, 1001, "child", "book", "2026-03-05 10:00:00", "2026-04-02", "2026-03-20 11:00:00"),
    # issued at 23:59:59 on the month's last day
    (2, 7, 2, 1002, "adult", "periodical", "2026-03-31 23:59:59", "2026-04-14", None),
    # issued in February, renewed in March, returned in April
    (3, 2, 3, 1003, "child", "book", "2026-02-10 10:00:00", "2026-04-06", "2026-04-03 12:00:00"),
    # anonymised (reader gone), returned in March
    (4, 3, None, 4004, "child", "book", "2026-01-15 10:00:00", "2026-02-12",
     "2026-03-12 09:00:00"),
    # open, due 1 March: overdue at the month's end
    (5, 4, 2, 1002, "adult", "book", "2026-02-01 10:00:00", "2026-03-01", None),
    # same day as loan 1 (one visit); due in March, returned only in April: overdue at the end
    (6, 5, 1, 1001, "child", "audiovisual", "2026-03-05 10:05:00", "2026-03-19",
     "2026-04-02 10:00:00"),
    # due on the month's last day itself: not overdue in March
    (7, 6, 2, 1002, "adult", "book", "2026-02-20 10:00:00", "2026-03-31", None),
    # issued at midnight on 1 April: not March
    (8, 8, None, 4004, "child", "audiovisual", "2026-04-01 00:00:00", "2026-04-29", None),
    # December's loan returned in January
    (9, 1, 6, 1006, "adult", "book", "2025-12-20 10:00:00", "2026-01-17", "2026-01-05 10:00:00"),
    # the anonymised reader's February loan
    (11, 12, None, 1010, "child", "book", "2026-02-05 10:00:00", "2026-03-05",
     "2026-02-20 10:00:00"),
]
RENEWALS = [(1, 3, "2026-03-09 12:00:00", "2026-03-10", "2026-04-06")]

# at, patron_id, token, age_group (hand-counted)
VISITS = [
    ("2026-03-05 10:30:00", 1, 1001, "child"),
    ("2026-03-18 15:00:00", None, None, "adult"),
    ("2026-02-14 12:00:00", 7, 1007, "child"),
    ("2026-03-31 23:30:00", None, None, "child"),
]
QUERIES = [("2026-03-02 10:00:00", 1), ("2026-03-03 10:00:00", 0), ("2026-04-01 10:00:00", 1)]
# title, starts_at, for_children, attendance children, adults
EVENTS = [
    ("Pasaku rīts", "2026-03-07 11:00:00", 1, 12, 3),
    ("Dzejas vakars", "2026-03-31 18:00:00", 0, None, 20),
    ("Izstāde", "2026-04-01 10:00:00", 0, None, None),
]

MARCH_2026 = {
    "users_registered": 8, "users_new": 1, "users_children": 4, "users_active": 3,
    "visits": 8, "visits_children": 5,
    "loans": 4, "loans_children": 3, "loans_books": 2, "loans_periodicals": 1, "loans_other": 1,
    "returns": 2, "renewals": 1, "overdue_items": 2,
    "items_total": 10, "items_added": 1, "items_discarded": 1,
    "events": 2, "events_children": 1, "event_attendance": 35,
    "reference_queries": 1,
    "programme_participants": 0, "programme_participants_children": 0,
    "loans_per_user": 0.5, "visits_per_user": 1.0, "turnover": 0.4,
}

YEAR_2026 = {
    "users_registered": 9, "users_new": 3, "users_children": 3, "users_active": 5,
    "visits": 19, "visits_children": 12,
    "loans": 10, "loans_children": 7, "loans_books": 7, "loans_periodicals": 1, "loans_other": 2,
    "returns": 6, "renewals": 1, "overdue_items": 4,
    "items_total": 10, "items_added": 2, "items_discarded": 2,
    "events": 3, "events_children": 1, "event_attendance": 35,
    "reference_queries": 2,
    "programme_participants": 0, "programme_participants_children": 0,
    "loans_per_user": 1.11, "visits_per_user": 2.11, "turnover": 1.0,
}


def build() -> None:
    """Write the rows into the open (fresh) database."""
    run = database.execute_sql
    with database.atomic():
        run("INSERT INTO setting(key, value) VALUES ('library_name', '\"Rožupes bibliotēka\"')")
        for pid, card, first, last, born, year, registered, token, anon, _guardian in PATRONS:
            run("INSERT INTO patron(id, card_number, first_name, last_name, birth_date,"
                " birth_year, registered_on, token, anonymized, guardian_id, address, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Skolas iela 1, Rožupe', ?)",
                (pid, card, first, last, born, year, registered, token, anon, None, NOW))
        for pid, *_rest, guardian in PATRONS:
            if guardian:
                run("UPDATE patron SET guardian_id = ? WHERE id = ?", (guardian, pid))
        run("INSERT INTO title(id, title, authors, created_at)"
            " VALUES (1, 'Mērnieku laiki', 'Kaudzīte, Reinis', ?)", (NOW,))
        for iid, barcode, acquired, discarded in ITEMS:
            run("INSERT INTO item(id, barcode, title_id, acquired_on, discarded_on, status,"
                " created_at) VALUES (?, ?, 1, ?, ?, ?, ?)",
                (iid, barcode, acquired, discarded, "discarded" if discarded else "available",
                 NOW))
        for row in LOANS:
            run("INSERT INTO loan(id, item_id, patron_id, patron_token, age_group, document_type,"
                " issued_at, due_on, returned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        for row in RENEWALS:
            run("INSERT INTO renewal(id, loan_id, renewed_at, due_before, due_after)"
                " VALUES (?, ?, ?, ?, ?)", row)
        for row in VISITS:
            run("INSERT INTO visit(at, patron_id, patron_token, age_group) VALUES (?, ?, ?, ?)",
                row)
        for at, answered in QUERIES:
            run("INSERT INTO reference_query(at, answered) VALUES (?, ?)", (at, answered))
        for title, starts, for_children, kids, adults in EVENTS:
            run("INSERT INTO event(title, starts_at, for_children, attendance_children,"
                " attendance_adults, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (title, starts, for_children, kids, adults, NOW))
