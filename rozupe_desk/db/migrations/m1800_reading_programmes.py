"""Version 18: reading programmes (the children's, youth and parents' jury, a summer reading
challenge, a class's reading diary): their age groups, each group's books, the registered
readers ("experts"), what each has read and how they voted.

A participant keeps the age group the reader had on registration, so the statistics count
participants even after the reader's identity is erased (the link is then NULL). Deleting a
programme deletes its groups, books and participants, never a loan or a title.
"""

STATEMENTS = [
    """CREATE TABLE reading_programme (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL CHECK (length(name) > 0),
        kind TEXT NOT NULL DEFAULT 'jury' CHECK (kind IN
            ('jury', 'summer', 'class_diary', 'other')),
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
        starts_on DATE NOT NULL,
        deadline_on DATE NOT NULL,
        closing_event_id INTEGER REFERENCES event(id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        CHECK (deadline_on >= starts_on))""",
    "CREATE INDEX reading_programme_year ON reading_programme(year, starts_on)",
    """CREATE TABLE programme_group (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        programme_id INTEGER NOT NULL REFERENCES reading_programme(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(name) > 0),
        min_age INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 120),
        max_age INTEGER CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 120),
        adults INTEGER NOT NULL DEFAULT 0 CHECK (adults IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (programme_id, name))""",
    """CREATE TABLE programme_book (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id INTEGER NOT NULL REFERENCES programme_group(id) ON DELETE CASCADE,
        title_id INTEGER NOT NULL REFERENCES title(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, title_id))""",
    "CREATE INDEX programme_book_title ON programme_book(title_id)",
    """CREATE TABLE programme_participant (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        programme_id INTEGER NOT NULL REFERENCES reading_programme(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES programme_group(id) ON DELETE CASCADE,
        patron_id INTEGER REFERENCES patron(id) ON DELETE SET NULL,
        age_group TEXT NOT NULL CHECK (age_group IN ('child', 'adult')),
        registered_on DATE NOT NULL,
        questionnaire_on DATE,
        created_at DATETIME NOT NULL,
        UNIQUE (programme_id, patron_id))""",
    "CREATE INDEX programme_participant_patron ON programme_participant(patron_id)",
    "CREATE INDEX programme_participant_registered ON programme_participant(registered_on)",
    "CREATE INDEX programme_participant_group ON programme_participant(group_id)",
    """CREATE TABLE programme_reading (
        participant_id INTEGER NOT NULL
            REFERENCES programme_participant(id) ON DELETE CASCADE,
        book_id INTEGER NOT NULL REFERENCES programme_book(id) ON DELETE CASCADE,
        marked_on DATE NOT NULL,
        vote INTEGER CHECK (vote IS NULL OR vote BETWEEN 1 AND 10),
        PRIMARY KEY (participant_id, book_id))""",
    "CREATE INDEX programme_reading_book ON programme_reading(book_id)",
]
