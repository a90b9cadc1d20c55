"""Demo data: a realistic Latvian library, generated in bulk from a seed.

The same seed and the same `today` give the same data. Rows are written with
`executemany` in batches inside one transaction, so a cancelled or failed fill leaves the
database empty, and a municipality (100 000 readers, 1M copies, 10M loans) takes minutes.
"""

from __future__ import annotations

import random
import threading
from bisect import bisect, bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate, islice

from rozupe_desk.db.connection import database
from rozupe_desk.errors import Conflict, DomainError
from rozupe_desk.services import demo_words as words
from rozupe_desk.services import library, settings
from rozupe_desk.services.branches.demo_branches import BranchSpread
from rozupe_desk.services.programmes import demo as programme_demo
from rozupe_desk.services.readers.ages import eighteenth_birthday
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import follow_explicit_ids
from rozupe_desk.services.statistics import stats_summary
from rozupe_desk.text import fold


@dataclass(frozen=True)
class Scale:
    patrons: int
    items: int
    loans: int


SCALES = {
    "small": Scale(patrons=300, items=5_000, loans=10_000),
    "branch": Scale(patrons=1_000, items=20_000, loans=100_000),
    "municipality": Scale(patrons=100_000, items=1_000_000, loans=10_000_000),
}

Progress = Callable[[float], None]
BATCH = 100_000
HISTORY_DAYS = 730
CLOSED_WEEKDAYS = frozenset({0, 6})  # the branch is open Tuesday to Saturday
# How much a branch lends in each month, January first: evenly over the year, less in the
# summer holidays (June to August), a little more in the dark months.
MONTH_LENDING = (1.15, 1.1, 1.05, 1.0, 0.95, 0.8, 0.7, 0.8, 1.0, 1.1, 1.15, 1.1)
DOCUMENT_TYPE_WEIGHTS = {
    "book": 82, "periodical": 10, "audiovisual": 4, "e_resource": 1, "game": 2, "other": 1,
}


class DemoCancelled(DomainError):
    """The librarian cancelled the fill; nothing was written."""


@dataclass
class DemoSummary:
    patrons: int = 0
    titles: int = 0
    items: int = 0
    loans: int = 0
    renewals: int = 0
    visits: int = 0
    events: int = 0
    reference_queries: int = 0
    programme_experts: int = 0


def fill_demo(
    *,
    scale: str = "small",
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    branches: int = 1,
) -> DemoSummary:
    """Fill an empty database with demo data; refuses one that already holds data. With
    `branches` > 1 the same library is spread over that many branches (`demo_branches`)."""
    if scale not in SCALES:
        raise DomainError("demo.unknown_scale", scale=scale)
    spread = BranchSpread(branches, seed)
    if not _database_is_blank():
        raise Conflict("demo.not_empty")
    generator = _Generator(SCALES[scale], seed, today or date.today(), progress, cancel, spread)
    with database.atomic():
        summary = generator.run()
        # Summarise the generated history now, so the first statistics are as quick as later ones.
        stats_summary.refresh()
        audit.record("demo.fill", entity="database", scale=scale, seed=seed, **vars(summary))
    return summary


def _database_is_blank() -> bool:
    counts = library.counts()
    return library.is_empty() and counts.titles == 0 and counts.loans == 0 and counts.events == 0


def isbn13(rng: random.Random) -> str:
    """A valid ISBN-13 from the Latvian group 978-9934."""
    digits = "9789934" + "".join(str(rng.randrange(10)) for _ in range(5))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


class _Generator:
    def __init__(
        self,
        scale: Scale,
        seed: int,
        today: date,
        progress: Progress | None,
        cancel: threading.Event | None,
        spread: BranchSpread,
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.progress = progress or (lambda _fraction: None)
        self.cancel = cancel
        self.summary = DemoSummary()
        self.spread = spread
        self.cursor = database.cursor()
        self.now = f"{today.isoformat()} 09:00:00"
        first_ord = self.start.toordinal() - 40 * 365
        self._day_text = {o: date.fromordinal(o).isoformat() for o in
                          range(first_ord, today.toordinal() + 400)}
        self._times = [f" {h:02d}:{m:02d}:{s:02d}" for h in range(10, 18)
                       for m in range(0, 60, 3) for s in (5, 17, 41)]
        self.open_days = [o for o in range(self.start.toordinal(), today.toordinal() + 1)
                          if date.fromordinal(o).weekday() not in CLOSED_WEEKDAYS]
        # The lending up to the end of each day of the history, for `_lending_day`.
        self._lending = list(accumulate(
            0.0 if day.weekday() in CLOSED_WEEKDAYS else MONTH_LENDING[day.month - 1]
            for day in (date.fromordinal(o)
                        for o in range(self.start.toordinal(), today.toordinal() + 1))))

    # -- plumbing ---------------------------------------------------------------------
    def _insert(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        marks = ", ".join([database.param] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        count = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            if self.cancel is not None and self.cancel.is_set():
                raise DemoCancelled("demo.cancelled")
            self.cursor.executemany(sql, batch)
            count += len(batch)
        if "id" in columns:
            follow_explicit_ids(table)
        return count

    def _at(self, day_ord: int) -> str:
        return self._day_text[day_ord] + self.rng.choice(self._times)

    def _lending_day(self, window_start: int, share: float) -> int:
        """The open day by which `share` (0 to 1) of the lending from `window_start` to
        today is done, so that loans placed at even shares follow the season."""
        offset = window_start - self.start.toordinal()
        before = self._lending[offset - 1] if offset > 0 else 0.0
        target = before + share * (self._lending[-1] - before)
        return self.start.toordinal() + min(bisect_left(self._lending, target),
                                            len(self._lending) - 1)

    def _open_day_on_or_after(self, day_ord: int) -> int:
        while date.fromordinal(day_ord).weekday() in CLOSED_WEEKDAYS:
            day_ord += 1
        return day_ord

    # -- the library --------------------------------------------------------------------
    def run(self) -> DemoSummary:
        settings.update(
            library_name="Rožupes bibliotēka",
            library_address="Skolas iela 2, Rožupe, Rožupes pag., Līvānu nov., LV-5327",
            library_phone="+371 65300000",
            library_email="rozupes.biblioteka@example.lv",
        )
        self.spread.add_branches(created_at=self.now)
        self._patrons()
        self.progress(0.1)
        self._titles_and_items()
        self.progress(0.25)
        self._loans()
        self.progress(0.85)
        self._visits_and_queries()
        self._events()
        self._holds()
        self.summary.programme_experts = programme_demo.add_jury(
            today=self.today, seed=self.seed, experts_per_group=min(40, max(3, self.scale.patrons // 60)))
        self.progress(1.0)
        return self.summary

    def _patrons(self) -> None:
        rng = self.rng
        n = self.scale.patrons
        tokens = rng.sample(range(1, 2**31 - 1), n)
        self.patron_adult_from: list[int] = []  # ordinal of the 18th birthday
        self.patron_registered: list[int] = []
        self.patron_category: list[str] = []
        self.patron_branch: list[int] = []
        self.patron_tokens = tokens
        rows = []
        pid = 0
        today = self.today
        while pid < n:
            surname = rng.choice(words.SURNAMES)
            household = [rng.uniform(18, 85)] + [rng.uniform(18, 85)] * (rng.random() < 0.5)
            household += [rng.uniform(1.5, 17.9) for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))]
            guardian_id = None
            village = rng.choice(words.VILLAGES)
            address = f"{rng.choice(words.STREETS)} {rng.randint(1, 40)}, {village}"
            for age in household:
                if pid >= n:
                    break
                pid += 1
                female = rng.random() < 0.55
                first = rng.choice(words.FEMALE_FIRST if female else words.MALE_FIRST)
                last = surname[1] if female else surname[0]
                birth = today - timedelta(days=int(age * 365.25))
                is_child = age < 18
                registered = self._registration_day(birth)
                category = self._category(age)
                card = f"R{pid:06d}"
                phone = "" if is_child and age < 12 else f"2{rng.randrange(10**7):07d}"
                email = "" if is_child or rng.random() < 0.4 else (
                    f"{fold(first)}.{fold(last)}{rng.randint(1, 99)}@{rng.choice(words.MAIL_DOMAINS)}")
                adult_from = eighteenth_birthday(birth, None)
                self.patron_adult_from.append(adult_from.toordinal())
                self.patron_registered.append(registered.toordinal())
                self.patron_category.append(category)
                self.patron_branch.append(self.spread.home())
                rows.append((
                    pid, card, first, last, birth.isoformat(), None, phone, email, address,
                    village, guardian_id if is_child else None, category,
                    registered.isoformat(),
                    today.year if rng.random() < 0.7 else None,
                    registered.isoformat() if rng.random() < 0.95 else None,
                    registered.isoformat() if rng.random() < 0.6 else None,
                    "", 0, 0, tokens[pid - 1],
                    fold(f"{first} {last} {card} {phone} {email}"),
                    self.now, self.patron_branch[-1],
                ))
                if not is_child and guardian_id is None:
                    guardian_id = pid
        self.summary.patrons = self._insert("patron", (
            "id", "card_number", "first_name", "last_name", "birth_date", "birth_year", "phone",
            "email", "address", "village", "guardian_id", "category", "registered_on",
            "reregistered_year", "consent_data_on", "consent_photo_on", "notes", "blocked",
            "anonymized", "token", "search_text", "created_at", "branch_id"), rows)
        self.active_patrons = [i for i in range(n) if rng.random() < 0.7] or list(range(n))
        self._by_registration = sorted(range(n), key=self.patron_registered.__getitem__)
        self._registration_days = [self.patron_registered[p] for p in self._by_registration]

    def _registration_day(self, birth: date) -> date:
        earliest = max(birth + timedelta(days=365 * 3), self.today - timedelta(days=365 * 15))
        span = (self.today - earliest).days
        return earliest + timedelta(days=self.rng.randint(0, max(span, 0)))

    def _category(self, age: float) -> str:
        if age < 7:
            return "preschool"
        if age < 19:
            return "pupil"
        if age < 25 and self.rng.random() < 0.5:
            return "student"
        if age >= 65:
            return "pensioner"
        return self.rng.choice(("employed", "employed", "employed", "unemployed", "other"))

    def _titles_and_items(self) -> None:
        rng = self.rng
        n_items = self.scale.items
        types = list(DOCUMENT_TYPE_WEIGHTS)
        type_cum = list(accumulate(DOCUMENT_TYPE_WEIGHTS.values()))
        title_rows, item_rows = [], []
        self.item_title_type: list[str] = []
        self.item_acquired: list[int | None] = []
        self.item_status: list[str] = []
        title_id = 0
        item_id = 0
        acquired_span = (self.today - date(2005, 1, 1)).days
        while item_id < n_items:
            title_id += 1
            doc_type = types[bisect(type_cum, rng.random() * type_cum[-1])]
            record, shelf = self._title_record(doc_type)
            title_rows.append((title_id, *record, self.now))
            copies = 1 + min(int(rng.expovariate(0.7)), 6)
            for _ in range(copies):
                if item_id >= n_items:
                    break
                item_id += 1
                acquired = (None if rng.random() < 0.03 else
                            date(2005, 1, 1) + timedelta(days=rng.randint(0, acquired_span)))
                status, discarded_on = "available", None
                roll = rng.random()
                if roll < 0.03:
                    status = "discarded"
                    low = max(acquired or self.start, self.start)
                    discarded_on = low + timedelta(days=rng.randint(0, (self.today - low).days))
                elif roll < 0.035:
                    status = "lost"
                elif roll < 0.04:
                    status = "damaged"
                source = rng.choice(("purchase",) * 6 + ("gift",) * 2 + ("central_library",) * 2)
                price = rng.randint(300, 2800) if source == "purchase" else None
                item_rows.append((
                    item_id, f"1{item_id:07d}", title_id,
                    acquired.isoformat() if acquired else None, source, price,
                    shelf, status, discarded_on.isoformat() if discarded_on else None,
                    self.now, self.spread.home(),
                ))
                self.item_title_type.append(doc_type)
                self.item_acquired.append(acquired.toordinal() if acquired else None)
                self.item_status.append(status)
        self.summary.titles = self._insert("title", (
            "id", "isbn", "issn", "title", "authors", "publisher", "year", "language",
            "document_type", "udc", "audience", "heritage", "subjects", "search_text",
            "created_at"), title_rows)
        self.summary.items = self._insert("item", (
            "id", "barcode", "title_id", "acquired_on", "source", "price_cents", "shelf",
            "status", "discarded_on", "created_at", "branch_id"), item_rows)

    def _title_record(self, doc_type: str) -> tuple[tuple, str]:
        """(isbn, issn, title, authors, publisher, year, language, type, udc, audience,
        heritage, subjects, search_text) and the shelf for its copies."""
        rng = self.rng
        isbn = issn = ""
        heritage = 0
        audience = "children" if rng.random() < 0.35 else "adult"
        author = self._author()
        year = rng.randint(1975, self.today.year)
        subjects = ""
        if doc_type == "periodical":
            name, issn = rng.choice(words.PERIODICALS)
            title = f"{name}, {year}, Nr. {rng.randint(1, 12)}"
            author, udc, audience = "", "05", "adult"
        elif doc_type == "audiovisual":
            title, udc = rng.choice(words.AUDIOVISUAL_TITLES), "791"
        elif doc_type == "game":
            title, udc, author = rng.choice(words.GAME_TITLES), "794", ""
        else:
            isbn = isbn13(rng) if doc_type == "book" else ""
            roll = rng.random()
            if roll < 0.02:
                title, udc, heritage, audience = rng.choice(words.HERITAGE_TITLES), "908(474.3)", 1, "adult"
                subjects = "novadpētniecība; Rožupes pagasts"
            elif roll < 0.3:
                title, udc = rng.choice(words.NONFICTION_TITLES)
                subjects = title.split()[0]
            else:
                title = (self._adjective_title()
                         if rng.random() < 0.6 else
                         f"{rng.choice(words.TITLE_NOUNS).capitalize()} un {rng.choice(words.TITLE_NOUNS)}")
                udc = "821.174-93" if audience == "children" else "821.174"
        language = rng.choice(("lav",) * 17 + ("rus", "rus", "eng"))
        publisher = rng.choice(words.PUBLISHERS)
        shelf = ("NP" if heritage else "P" if doc_type == "periodical" else
                 "B" if audience == "children" else "D" if udc.startswith("821") else "N")
        search = fold(f"{title} {author} {isbn} {issn} {subjects}")
        return (isbn, issn, title, author, publisher, year, language, doc_type, udc, audience,
                heritage, subjects, search), shelf

    def _adjective_title(self) -> str:
        """"Slepenās mājas": the adjective drawn first, then the noun, as always (so the
        random stream is unchanged), and made to agree with it."""
        adjective = self.rng.choice(words.TITLE_ADJECTIVES)
        noun = self.rng.choice(words.TITLE_NOUNS)
        return f"{words.agree(adjective, noun)} {noun}"

    def _author(self) -> str:
        surname = self.rng.choice(words.SURNAMES)
        if self.rng.random() < 0.5:
            return f"{surname[1]}, {self.rng.choice(words.FEMALE_FIRST)}"
        return f"{surname[0]}, {self.rng.choice(words.MALE_FIRST)}"

    # -- circulation ----------------------------------------------------------------
    def _loans(self) -> None:
        rng = self.rng
        circulating = [i for i, status in enumerate(self.item_status) if status in
                       ("available",) and (self.item_acquired[i] or 0) < self.today.toordinal() - 3]
        if not circulating:
            return
        # Popularity is skewed but capped: one copy cannot circulate more than the two years allow.
        weights = list(accumulate(min(rng.paretovariate(2.0), 5.0) for _ in circulating))
        per_item = Counter(rng.choices(circulating, cum_weights=weights, k=self.scale.loans))
        self._renewal_rows: list[tuple] = []
        self._open_items: list[int] = []
        loan_days = settings.get("loan_days")
        self.summary.loans = self._insert("loan", (
            "id", "item_id", "patron_id", "patron_token", "age_group", "patron_category",
            "document_type", "issued_at", "due_on", "returned_at", "renewals", "branch_id",
            "return_branch_id"), self._loan_rows(sorted(per_item.items()), loan_days))
        self.summary.renewals = self._insert(
            "renewal", ("loan_id", "renewed_at", "due_before", "due_after", "branch_id"),
            self._renewal_rows)
        for start in range(0, len(self._open_items), 900):
            chunk = self._open_items[start:start + 900]
            marks = ", ".join([database.param] * len(chunk))
            database.execute_sql(f"UPDATE item SET status = 'on_loan' WHERE id IN ({marks})", chunk)

    def _loan_rows(self, per_item: list[tuple[int, int]], loan_days: dict) -> Iterator[tuple]:
        rng = self.rng
        today_ord = self.today.toordinal()
        start_ord = self.start.toordinal()
        loan_id = 0
        total = len(per_item)
        for done, (index, wanted) in enumerate(per_item):
            if done % 50_000 == 0:
                self.progress(0.25 + 0.6 * done / total)
            doc_type = self.item_title_type[index]
            period = loan_days.get(doc_type, 14)
            window_start = max(start_ord, self.item_acquired[index] or start_ord)
            cursor = window_start
            for j in range(wanted):
                # The copy's j-th loan falls anywhere in its j-th share of the window (a
                # loan in the first half of each share only left the last weeks bare).
                issue = max(cursor, self._lending_day(window_start, (j + rng.random()) / wanted))
                issue = self._open_day_on_or_after(issue)
                if issue > today_ord:
                    break
                patron = self._borrower(issue)
                home = self.patron_branch[patron]
                due = self._open_day_on_or_after(issue + period)
                renewals = 0
                renewed = issue
                if rng.random() < 0.12:
                    renewed = issue + rng.randint(5, period)
                    if renewed <= today_ord:
                        renewed = self._open_day_on_or_after(renewed)
                        new_due = self._open_day_on_or_after(renewed + period)
                        renewals = 1
                        self._renewal_rows.append((loan_id + 1, self._at(min(renewed, today_ord)),
                                                   self._day_text[due], self._day_text[new_due],
                                                   self.spread.near(home)))
                        due = new_due
                late = rng.random() < 0.1
                back = (due + rng.randint(1, 40)) if late else issue + rng.randint(3, due - issue)
                back = self._open_day_on_or_after(max(back, renewed + 1))
                returned = None if back > today_ord else self._at(back)
                loan_id += 1
                adult_from = self.patron_adult_from[patron]
                yield (
                    loan_id, index + 1, patron + 1, self.patron_tokens[patron],
                    "child" if issue < adult_from else "adult", self.patron_category[patron],
                    doc_type, self._at(issue), self._day_text[due], returned, renewals,
                    self.spread.near(home), self.spread.near(home),
                )
                if returned is None:
                    self._open_items.append(index + 1)
                    break
                cursor = back + 1

    def _borrower(self, day_ord: int) -> int:
        for _ in range(5):
            patron = self.rng.choice(self.active_patrons)
            if self.patron_registered[patron] <= day_ord:
                return patron
        return self._registered_by(day_ord, patron)

    def _registered_by(self, day_ord: int, patron: int) -> int:
        """`patron`, or if they registered after that day a reader who had by then: chosen
        without drawing from the random stream, so the rest of the demo stays the same."""
        if self.patron_registered[patron] <= day_ord:
            return patron
        known = bisect(self._registration_days, day_ord)
        # Registrations reach 15 years back and the loans two: `known` is never 0 there.
        return self._by_registration[day_ord % known if known else 0]

    def _visits_and_queries(self) -> None:
        rng = self.rng
        per_day = max(2, self.scale.patrons // 150)
        n = self.scale.patrons
        purposes = ("internet", "internet", "reading_room", "reading_room", "event", "other")

        def visits() -> Iterator[tuple]:
            for day in self.open_days:
                for _ in range(rng.randint(per_day // 2, per_day)):
                    child = rng.random() < 0.4
                    known = rng.random() < 0.3
                    patron = self._registered_by(day, rng.randrange(n)) if known else None
                    if known:  # a known reader's visit counts in the reader's own age group
                        child = day < self.patron_adult_from[patron]
                    yield (self._at(day), patron + 1 if known else None,
                           self.patron_tokens[patron] if known else None,
                           rng.choice(purposes), "child" if child else "adult",
                           self.spread.near(self.patron_branch[patron]) if known
                           else self.spread.home())

        self.summary.visits = self._insert(
            "visit", ("at", "patron_id", "patron_token", "purpose", "age_group", "branch_id"),
            visits())
        per_day_queries = max(1, self.scale.patrons // 600)

        def queries() -> Iterator[tuple]:
            for day in self.open_days:
                for _ in range(rng.randint(0, per_day_queries)):
                    yield (self._at(day), rng.choice(words.REFERENCE_TOPICS), 1,
                           "child" if rng.random() < 0.3 else "adult", self.spread.home())

        self.summary.reference_queries = self._insert(
            "reference_query", ("at", "topic", "answered", "age_group", "branch_id"), queries())

    def _events(self) -> None:
        rng = self.rng
        per_month = max(4, self.scale.patrons // 120)
        rows = []
        # Event 1 is the coming Saturday's reading, so `poster 1` shows a real upcoming event.
        saturday = self.today + timedelta(days=(5 - self.today.weekday()) % 7 or 7)
        rows.append(("Pasaku rīts mazajiem lasītājiem", "reading",
                     f"{saturday.isoformat()} 11:00:00", f"{saturday.isoformat()} 12:30:00",
                     words.EVENT_PLACES[0], "Bērni no 4 gadu vecuma un viņu vecāki",
                     "Lasām skaļi, zīmējam un spēlējam. Līdzi ņemiet mīļāko rotaļlietu!",
                     "Rožupes pirmsskolas izglītības grupa", 1, None, None, self.now, 1))
        months = HISTORY_DAYS // 30 + 2
        for month in range(months):
            for _ in range(rng.randint(per_month // 2, per_month)):
                kind, for_children, template = rng.choice(words.EVENT_TEMPLATES)
                day = self.start + timedelta(days=month * 30 + rng.randint(0, 29))
                day_ord = self._open_day_on_or_after(day.toordinal())
                starts = datetime.fromordinal(day_ord).replace(hour=rng.choice((11, 13, 15, 17)))
                ends = starts + (timedelta(days=rng.randint(14, 42)) if kind == "exhibition"
                                 else timedelta(hours=rng.choice((1, 2))))
                past = starts.date() < self.today
                children = rng.randint(5, 28) if past and for_children else (
                    rng.randint(0, 5) if past else None)
                adults = rng.randint(2, 10) if past and for_children else (
                    rng.randint(6, 35) if past else None)
                months, off_season = words.SEASONAL_EVENTS.get(template, ((starts.month,), ""))
                if starts.month not in months:  # no Christmas workshop in August
                    template = off_season
                title = template.format(author=self._author().split(", ")[0],
                                        grade=rng.randint(1, 9))
                rows.append((title, kind, f"{starts:%Y-%m-%d %H:%M:%S}", f"{ends:%Y-%m-%d %H:%M:%S}",
                             rng.choice(words.EVENT_PLACES), "", "", "", int(for_children),
                             children, adults, self.now, self.spread.home()))
        self.summary.events = self._insert("event", (
            "title", "kind", "starts_at", "ends_at", "place", "audience", "description",
            "partners", "for_children", "attendance_children", "attendance_adults", "created_at",
            "branch_id"), rows)

    def _holds(self) -> None:
        rng = self.rng
        rows = []
        on_loan = self._open_items if hasattr(self, "_open_items") else []
        for item_id in rng.sample(on_loan, min(len(on_loan), max(3, self.scale.patrons // 50))):
            title_id = database.execute_sql(
                f"SELECT title_id FROM item WHERE id = {database.param}", (item_id,)).fetchone()[0]
            patron = rng.randrange(self.scale.patrons) + 1
            placed = self._at(self.open_days[-rng.randint(1, min(20, len(self.open_days)))])
            rows.append((title_id, patron, placed, "waiting"))
        self._insert("hold", ("title_id", "patron_id", "placed_at", "status"), rows)
