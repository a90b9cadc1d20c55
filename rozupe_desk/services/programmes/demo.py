"""This year's children's, youth and parents' jury for the demo library, so the programmes
tab and the desk panel show something at first start.

Built after the loans from a random stream of its own (the rest of the demo data stays the
same): experts are children of each group's age who borrowed children's books in the
programme's time, and each group's collection is mostly the books they borrowed, so their
progress comes from their loans as it would in a real library. A few books are ticked as
read elsewhere, and some questionnaires are in, with votes.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from rozupe_desk.db.connection import database
from rozupe_desk.i18n import tr
from rozupe_desk.services.programmes.setup import JURY_GROUPS
from rozupe_desk.services.readers.ages import age_group, age_in_years
from rozupe_desk.services.sql import all_rows, insert

BOOKS_PER_GROUP = 5


def add_jury(*, today: date, seed: int, experts_per_group: int) -> int:
    """Insert the jury (inside the demo's transaction); returns the number of experts."""
    rng = random.Random(seed * 7919 + 18)
    starts, deadline = today - timedelta(days=200), today + timedelta(days=25)
    programme_id = insert(
        "INSERT INTO reading_programme (name, kind, year, starts_on, deadline_on, notes,"
        " created_at) VALUES (?, 'jury', ?, ?, ?, '', ?)",
        (tr("programmes.ui.default_name", year=today.year), today.year, starts.isoformat(),
         deadline.isoformat(), f"{starts.isoformat()} 09:00:00"))
    readers = all_rows("SELECT id, birth_date FROM patron WHERE birth_date IS NOT NULL")
    births = {pid: date.fromisoformat(str(birth)[:10]) for pid, birth in readers}
    borrowed = all_rows(
        "SELECT l.patron_id, i.title_id FROM loan l JOIN item i ON i.id = l.item_id"
        " JOIN title t ON t.id = i.title_id WHERE t.audience = 'children'"
        " AND l.issued_at >= ? AND l.issued_at < ?",
        (starts.isoformat(), (deadline + timedelta(days=1)).isoformat()))
    titles_of: dict[int, Counter] = {}
    for patron_id, title_id in borrowed:
        titles_of.setdefault(patron_id, Counter())[title_id] += 1
    children_titles = [row[0] for row in all_rows(
        "SELECT id FROM title WHERE audience = 'children' ORDER BY id")]
    adult_titles = [row[0] for row in all_rows(
        "SELECT id FROM title WHERE audience = 'adult' AND document_type = 'book' ORDER BY id")]
    count = 0
    for position, (label, low, high, adults) in enumerate(JURY_GROUPS):
        name = tr(label) if adults else label
        group_id = insert("INSERT INTO programme_group (programme_id, name, min_age, max_age,"
                          " adults, position) VALUES (?, ?, ?, ?, ?, ?)",
                          (programme_id, name, low, high, int(adults), position))
        members = [pid for pid, birth in births.items() if _fits(birth, starts, low, high, adults)]
        with_loans = sorted(p for p in members if p in titles_of)
        chosen = rng.sample(with_loans, min(len(with_loans), experts_per_group))
        popular = Counter()
        for patron_id in chosen:
            popular.update(titles_of[patron_id])
        pool = adult_titles if adults else children_titles
        books = [t for t, _ in popular.most_common(BOOKS_PER_GROUP - 1)]
        for title_id in rng.sample(pool, min(len(pool), BOOKS_PER_GROUP * 2)):
            if len(books) >= BOOKS_PER_GROUP:
                break
            if title_id not in books:
                books.append(title_id)
        book_ids = [insert("INSERT INTO programme_book (group_id, title_id, position)"
                           " VALUES (?, ?, ?)", (group_id, title_id, n))
                    for n, title_id in enumerate(books)]
        for patron_id in chosen:
            birth = births[patron_id]
            registered = starts + timedelta(days=rng.randint(0, 40))
            participant_id = insert(
                "INSERT INTO programme_participant (programme_id, group_id, patron_id,"
                " age_group, registered_on, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (programme_id, group_id, patron_id, age_group(birth, None, registered),
                 registered.isoformat(), f"{registered.isoformat()} 10:00:00"))
            read = [b for b, t in zip(book_ids, books, strict=True) if t in titles_of[patron_id]]
            unread = [b for b in book_ids if b not in read]
            if unread and rng.random() < 0.4:  # read one elsewhere: the librarian ticked it
                read.append(unread[0])
                _reading(participant_id, unread[0], registered + timedelta(days=30), None)
            if len(read) >= 3 and rng.random() < 0.5:
                handed_in = min(today, registered + timedelta(days=rng.randint(60, 150)))
                for book_id in read:
                    _reading(participant_id, book_id, handed_in, rng.randint(4, 10))
                database.execute_sql(
                    f"UPDATE programme_participant SET questionnaire_on = {database.param}"
                    f" WHERE id = {database.param}", (handed_in.isoformat(), participant_id))
            count += 1
    return count


def _fits(birth: date, day: date, low: int | None, high: int | None, adults: bool) -> bool:
    age = age_in_years(birth, None, day)
    if adults:
        return 25 <= age <= 55
    return (low is None or age >= low) and (high is None or age <= high)


def _reading(participant_id: int, book_id: int, day: date, vote: int | None) -> None:
    database.execute_sql(
        "INSERT INTO programme_reading (participant_id, book_id, marked_on, vote)"
        f" VALUES ({database.param}, {database.param}, {database.param}, {database.param})"
        " ON CONFLICT (participant_id, book_id) DO UPDATE SET vote = excluded.vote",
        (participant_id, book_id, day.isoformat(), vote))
