"""Readers: registration, changes, search as you type, families, the next card number and
the readers' CSV file (import and export).

Every write is one transaction with its audit record. The audit log names the reader by id
only, never by name, so erasing a reader (services/readers/privacy) leaves no name behind.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Patron
from rozupe_desk.errors import Conflict, DomainError, InvalidInput, NotFound
from rozupe_desk.files import written_whole
from rozupe_desk.formats import patrons_csv, patrons_xlsx
from rozupe_desk.services.branches.branches import desk_branch_id
from rozupe_desk.services.readers.ages import age_group, age_in_years
from rozupe_desk.services.readers.patron_fields import (
    CleanFields,
    FieldErrors,
    PatronFields,
    birth_text,
    check,
    phone_digits,
)
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import all_rows, dicts, one, word_search
from rozupe_desk.text import fold

CARD_PREFIX = "R"
CARD_DIGITS = 6
MAX_TOKEN = 2**31 - 1
FAMILY_DEPTH = 4
# A search matching more readers than this is too broad to sort as you type: its first
# rows come in card-registration order (streamed from the index, well under a millisecond),
# and the count says "more than BROAD". A narrower one is sorted in SQL (~2 ms at 3 000).
BROAD = 3_000  # guardian chains are short (grandparent -> parent -> child); stop cycles

Progress = Callable[[float], None]

# Sort keys of the readers' table -> SQL; names in Latvian order (the stored keys of
# `collation.latvian_order`), along their indexes.
SORTS = {
    "card_number": ("p.card_number",),
    "last_name": ("p.last_key", "p.first_key"),
    "first_name": ("p.first_key", "p.last_key"),
    "birth": ("coalesce(p.birth_date, CAST(p.birth_year AS TEXT))",),
    "phone": ("p.phone",),
    "email": ("p.email",),
    "village": ("p.village", "p.last_key"),
    "registered_on": ("p.registered_on",),
}
HISTORY_SORTS = {
    "issued_at": "l.issued_at", "due_on": "l.due_on", "returned_at": "l.returned_at",
    "barcode": "i.barcode", "title": "t.title",
}
_COLUMNS = ("p.id, p.card_number, p.first_name, p.last_name, p.birth_date, p.birth_year, "
            "p.phone, p.email, p.village, p.registered_on, p.reregistered_year")


# -- registration and changes -------------------------------------------------------------

def register(*, fields: PatronFields, today: date | None = None) -> int:
    """Register a new reader; returns the id. The card number is the next free one when
    the form leaves it empty. Raises `FieldErrors` and stores nothing when a field is wrong."""
    today = today or date.today()
    with database.atomic():
        clean, guardian_id = _check_with_database(fields, today=today, patron_id=None)
        card = clean.card_number or next_card_number()
        registered = clean.registered_on or today
        patron = Patron.create(
            card_number=card, first_name=clean.first_name, last_name=clean.last_name,
            birth_date=clean.birth_date, birth_year=clean.birth_year, phone=clean.phone,
            email=clean.email, address=clean.address, village=clean.village,
            guardian=guardian_id, category=clean.category, registered_on=registered,
            reregistered_year=None,
            consent_data_on=today if clean.consent_data else None,
            consent_photo_on=today if clean.consent_photo else None,
            notes=clean.notes, token=new_token(),
            search_text=search_text(clean.first_name, clean.last_name, card, clean.phone,
                                    clean.email),
            created_at=datetime.now(), branch_id=desk_branch_id(),
        )
        audit.record("patron.register", entity="patron", entity_id=patron.id)
    return patron.id


def update(*, patron_id: int, fields: PatronFields, today: date | None = None) -> None:
    """Save the reader's changed form. A consent ticked now is dated today; one that stays
    ticked keeps its date; an unticked one is withdrawn."""
    today = today or date.today()
    with database.atomic():
        patron = _patron(patron_id)
        if patron.anonymized:
            raise Conflict("patrons.error.erased")
        clean, guardian_id = _check_with_database(fields, today=today, patron_id=patron_id)
        patron.card_number = clean.card_number or patron.card_number
        patron.first_name, patron.last_name = clean.first_name, clean.last_name
        patron.birth_date, patron.birth_year = clean.birth_date, clean.birth_year
        patron.phone, patron.email = clean.phone, clean.email
        patron.address, patron.village = clean.address, clean.village
        patron.guardian = guardian_id
        patron.category, patron.notes = clean.category, clean.notes
        if clean.registered_on is not None:
            patron.registered_on = clean.registered_on
        patron.consent_data_on = _consent(patron.consent_data_on, clean.consent_data, today)
        patron.consent_photo_on = _consent(patron.consent_photo_on, clean.consent_photo, today)
        patron.search_text = search_text(patron.first_name, patron.last_name,
                                         patron.card_number, patron.phone, patron.email)
        patron.save()
        audit.record("patron.update", entity="patron", entity_id=patron_id)


def _consent(current: date | None, ticked: bool, today: date) -> date | None:
    if not ticked:
        return None
    return current or today


def _check_with_database(fields: PatronFields, *, today: date, patron_id: int | None
                         ) -> tuple[CleanFields, int | None]:
    """The form's own rules, then those that need the database, all reported together."""
    errors = {}
    try:
        clean = check(fields, today=today)
    except FieldErrors as error:
        errors, clean = dict(error.errors), None
    card = fields.card_number.strip()
    if "card_number" not in errors and card and card_owner(card) not in (None, patron_id):
        errors["card_number"] = Conflict("patrons.error.card_taken", card=card)
    guardian_id = None
    try:
        guardian_id = _guardian_for(fields.guardian_card, patron_id)
    except DomainError as error:
        errors["guardian_card"] = error
    if errors:
        raise FieldErrors(errors)
    return clean, guardian_id


def _guardian_for(card: str, patron_id: int | None) -> int | None:
    card = card.strip()
    if not card:
        return None
    guardian = card_owner(card)
    if guardian is None:
        raise NotFound("patrons.error.guardian_unknown", card=card)
    if patron_id is not None and guardian == patron_id:
        raise InvalidInput("patrons.error.guardian_self")
    if patron_id is not None and patron_id in _guardian_chain(guardian):
        raise InvalidInput("patrons.error.guardian_cycle")
    return guardian


def _guardian_chain(patron_id: int) -> list[int]:
    """The reader and the guardians above, nearest first (cut off after a few steps)."""
    chain = [patron_id]
    for _ in range(FAMILY_DEPTH):
        row = one("SELECT guardian_id FROM patron WHERE id = ?", (chain[-1],))
        if row is None or row[0] is None or row[0] in chain:
            break
        chain.append(row[0])
    return chain


def new_token() -> int:
    """A random statistics identity no other reader has."""
    while True:
        token = secrets.randbelow(MAX_TOKEN - 1) + 1
        if one("SELECT 1 FROM patron WHERE token = ?", (token,)) is None:
            return token


def search_text(first: str, last: str, card: str, phone: str, email: str) -> str:
    """What search matches: folded names, card, e-mail and the phone's digits, also
    without the +371 country code, so `26123456` and `+371 2612 3456` both find it."""
    digits = phone_digits(phone).lstrip("+")
    local = digits[3:] if digits.startswith("371") and len(digits) == 11 else ""
    return fold(" ".join(part for part in (first, last, card, digits, local, email) if part))


def next_card_number() -> str:
    """The next free card number after the highest `R000123`-style one."""
    high = f"{CARD_PREFIX}{'9' * CARD_DIGITS}"
    row = one("SELECT card_number FROM patron WHERE card_number >= ? AND card_number <= ? "
               "ORDER BY card_number DESC LIMIT 1", (CARD_PREFIX + "0" * CARD_DIGITS, high))
    number = int(row[0][len(CARD_PREFIX):]) + 1 if row and row[0][1:].isdigit() else 1
    while card_owner(card := f"{CARD_PREFIX}{number:0{CARD_DIGITS}d}") is not None:
        number += 1
    return card


def card_owner(card: str) -> int | None:
    row = one("SELECT id FROM patron WHERE card_number = ?", (card.strip(),))
    return None if row is None else row[0]


# -- reading ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FamilyMember:
    id: int
    card_number: str
    name: str
    age_group: str
    relation: str  # self, guardian, child, member


@dataclass(frozen=True)
class PatronDetails:
    id: int
    card_number: str
    first_name: str
    last_name: str
    birth_date: date | None
    birth_year: int | None
    age: int | None
    age_group: str
    phone: str
    email: str
    address: str
    village: str
    category: str
    guardian_card: str
    registered_on: date
    reregistered_year: int | None
    consent_data_on: date | None
    consent_photo_on: date | None
    notes: str
    blocked: bool
    anonymized: bool
    open_loans: int
    family: list[FamilyMember] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def registration(self) -> tuple[str, int]:
        """('registered' | 'reregistered', year): the latest of the two (DESIGN 5)."""
        if self.reregistered_year and self.reregistered_year > self.registered_on.year:
            return "reregistered", self.reregistered_year
        return "registered", self.registered_on.year

    def fields(self) -> PatronFields:
        """The form's text for this reader, to edit."""
        return PatronFields(
            first_name=self.first_name, last_name=self.last_name, card_number=self.card_number,
            birth=birth_text(self.birth_date, self.birth_year), phone=self.phone,
            email=self.email, address=self.address, village=self.village,
            category=self.category, guardian_card=self.guardian_card,
            consent_data=self.consent_data_on is not None,
            consent_photo=self.consent_photo_on is not None, notes=self.notes)


def get(*, patron_id: int, today: date | None = None) -> PatronDetails:
    today = today or date.today()
    patron = _patron(patron_id)
    guardian = Patron.get_or_none(Patron.id == patron.guardian_id) if patron.guardian_id else None
    open_loans = one("SELECT count(*) FROM loan WHERE patron_id = ? AND returned_at IS NULL",
                     (patron_id,))[0]
    return PatronDetails(
        id=patron.id, card_number=patron.card_number, first_name=patron.first_name,
        last_name=patron.last_name, birth_date=patron.birth_date, birth_year=patron.birth_year,
        age=age_in_years(patron.birth_date, patron.birth_year, today),
        age_group=age_group(patron.birth_date, patron.birth_year, today),
        phone=patron.phone, email=patron.email, address=patron.address,
        village=patron.village, category=patron.category,
        guardian_card=guardian.card_number if guardian else "",
        registered_on=patron.registered_on, reregistered_year=patron.reregistered_year,
        consent_data_on=patron.consent_data_on, consent_photo_on=patron.consent_photo_on,
        notes=patron.notes, blocked=bool(patron.blocked), anonymized=bool(patron.anonymized),
        open_loans=open_loans, family=family(patron_id=patron_id, today=today),
    )


def find_by_card(*, card: str) -> int:
    """The id of the reader with this card; NotFound otherwise."""
    patron_id = card_owner(card)
    if patron_id is None:
        raise NotFound("patrons.error.no_such_card", card=card.strip())
    return patron_id


def all_ids() -> list[int]:
    """Every reader not erased, by card number (for printing every card)."""
    return [row[0] for row in all_rows("SELECT id FROM patron WHERE anonymized = 0 "
                                       "ORDER BY card_number")]


def card_holders(*, patron_ids: list[int]) -> list[tuple[str, str]]:
    """(name, card number) of each reader to print a card for, in the order given."""
    if not patron_ids:
        return []
    marks = ", ".join("?" for _ in patron_ids)
    found = {row[0]: (f"{row[1]} {row[2]}", row[3]) for row in all_rows(
        f"SELECT id, first_name, last_name, card_number FROM patron WHERE id IN ({marks}) "
        "AND anonymized = 0", patron_ids)}
    return [found[pid] for pid in patron_ids if pid in found]


def family(*, patron_id: int, today: date | None = None) -> list[FamilyMember]:
    """The reader's family listed together: the eldest guardian first, then everyone in
    their care (children, grandchildren), each with how they relate to this reader. Empty
    for a reader without family links."""
    today = today or date.today()
    ids = [_guardian_chain(patron_id)[-1]]
    level = ids[:]
    for _ in range(FAMILY_DEPTH):
        marks = ", ".join("?" for _ in level)
        level = [row[0] for row in all_rows(f"SELECT id FROM patron WHERE guardian_id IN "
                                            f"({marks}) AND anonymized = 0 ORDER BY id", level)
                 if row[0] not in ids]
        if not level:
            break
        ids += level
    if len(ids) < 2:
        return []
    marks = ", ".join("?" for _ in ids)
    by_id = {row[0]: row for row in all_rows(
        "SELECT id, card_number, first_name, last_name, birth_date, birth_year, guardian_id "
        f"FROM patron WHERE id IN ({marks})", ids)}
    own_guardian = by_id[patron_id][6] if patron_id in by_id else None
    members = []
    for pid in ids:
        _pid, card, first, last, born, year, guardian = by_id[pid]
        relation = ("self" if pid == patron_id else "guardian" if pid == own_guardian
                    else "child" if guardian == patron_id else "member")
        members.append(FamilyMember(pid, card, f"{first} {last}",
                                    age_group(_as_date(born), year, today), relation))
    return members


def search(*, text: str = "", offset: int = 0, limit: int = 200, sort: str | None = None,
           descending: bool = False, today: date | None = None) -> list[dict[str, Any]]:
    """A page of readers whose name, card number, phone or e-mail match every word typed
    (as word prefixes, diacritics and case folded). Erased readers are left out.

    Sorted by `sort` in SQL; a search matching more than `BROAD` readers comes unsorted."""
    today = today or date.today()
    expression = _fts_expression(text)
    if expression is not None and _fts_count(expression) > BROAD:
        found = all_rows(f"SELECT {_COLUMNS} FROM patron p JOIN (SELECT rowid AS id FROM "
                         "patron_fts WHERE patron_fts MATCH ? LIMIT ? OFFSET ?) m "
                         "ON p.id = m.id ORDER BY p.id", (expression, limit, offset))
        return [_row(row, today) for row in found]
    where, params = _match(text)
    if expression is None and where and _capped_count(where, params) > BROAD:
        where, params = _match(text, indexed=False)  # so many: walked in id order
        found = all_rows(f"SELECT {_COLUMNS} FROM patron p WHERE p.anonymized = 0{where} "
                         "ORDER BY p.id LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_row(row, today) for row in found]
    terms = SORTS.get(sort or "last_name", SORTS["last_name"])
    order = ", ".join(f"{term} DESC" if descending else term for term in terms)
    found = all_rows(f"SELECT {_COLUMNS} FROM patron p WHERE p.anonymized = 0{where} "
                     f"ORDER BY {order}, p.id LIMIT ? OFFSET ?", (*params, limit, offset))
    return [_row(row, today) for row in found]


def count(*, text: str = "") -> int:
    """How many readers match; a count above `BROAD` stands for "more than BROAD"."""
    if not _words(text):
        return one("SELECT (SELECT count(*) FROM patron) - "
                   "(SELECT count(*) FROM patron WHERE anonymized = 1)")[0]
    expression = _fts_expression(text)
    if expression is not None:
        return _fts_count(expression)
    where, params = _match(text)
    return _capped_count(where, params)


def _capped_count(where: str, params: list[Any]) -> int:
    """Matches without FTS5 (a server), counted up to BROAD + 1 only, as `_fts_count`."""
    return one(f"SELECT count(*) FROM (SELECT 1 FROM patron p WHERE p.anonymized = 0{where}"
               " LIMIT ?) AS m", (*params, BROAD + 1))[0]


def _fts_count(expression: str) -> int:
    """Matches, counted up to BROAD + 1 only: the index streams them, so this stays cheap."""
    return one("SELECT count(*) FROM (SELECT rowid FROM patron_fts WHERE patron_fts MATCH ? "
               "LIMIT ?)", (expression, BROAD + 1))[0]


def is_search(text: str) -> bool:
    """Whether the text holds anything to search for (else the whole list is shown)."""
    return bool(_words(text))


def _words(text: str) -> list[str]:
    words = re.findall(r"[^\W_]+", fold(text))
    if len(words) > 1 and all(word.isdigit() for word in words):
        words = ["".join(words)]  # a phone typed with spaces: 2612 3456
    return words


# A Latvian surname's man's and woman's forms share a stem: Bērziņš/Bērziņa,
# Pētersons/Pētersone, Dzenis/Dzene (folded: berzins/berzina, dzenis/dzene).
_SURNAME_ENDINGS = ("is", "s", "a", "e")


def _forms(word: str) -> list[str]:
    """The word and its other gender's forms, each to be matched as a prefix: `berzins` →
    berzins, berzina, berzine, berzinis. Short words and codes are searched as typed."""
    if len(word) < 4 or not word.isalpha():
        return [word]
    stem = next((word[: -len(ending)] for ending in _SURNAME_ENDINGS if word.endswith(ending)),
                None)
    if stem is None or len(stem) < 3:
        return [word]
    return [word] + [stem + ending for ending in _SURNAME_ENDINGS if stem + ending != word]


def _fts_expression(text: str) -> str | None:
    """The FTS5 query (every word, in each of its forms, as a prefix), or None without words
    or without FTS5. Prefix terms read the index's term list, never the table."""
    words = _words(text)
    if not words or not isinstance(database.obj, SqliteDatabase):
        return None
    return " AND ".join("(" + " OR ".join(f'"{form}"*' for form in _forms(word)) + ")"
                        for word in words)


def _match(text: str, *, indexed: bool = True) -> tuple[str, list[Any]]:
    expression = _fts_expression(text)
    if expression is not None:
        return " AND p.id IN (SELECT rowid FROM patron_fts WHERE patron_fts MATCH ?)", [
            expression]
    words = _words(text)
    if not words:
        return "", []
    clause, params = word_search("p.search_text", [_forms(word) for word in words],
                                 indexed=indexed)
    return f" AND ({clause})", params


def _row(row: tuple, today: date) -> dict[str, Any]:
    pid, card, first, last, born, year, phone, email, village, registered, rereg = row
    born_on, registered_on = _as_date(born), _as_date(registered)
    return {
        "id": pid, "card_number": card, "first_name": first, "last_name": last,
        "birth": birth_text(born_on, year), "age_group": age_group(born_on, year, today),
        "phone": phone, "email": email, "village": village,
        "registered_on": registered_on, "year": max(rereg or 0, registered_on.year),
    }


def loan_history(*, patron_id: int, offset: int = 0, limit: int = 200, sort: str | None = None,
                 descending: bool = True) -> list[dict[str, Any]]:
    """A page of the reader's loans (those not anonymised yet), newest first."""
    order = HISTORY_SORTS.get(sort or "issued_at", "l.issued_at")
    return dicts("SELECT l.id, l.issued_at, l.due_on, l.returned_at, l.renewals, i.barcode, "
                "t.title, t.authors FROM loan l JOIN item i ON i.id = l.item_id "
                "JOIN title t ON t.id = i.title_id WHERE l.patron_id = ? "
                f"ORDER BY {order} {'DESC' if descending else 'ASC'}, l.id DESC "
                "LIMIT ? OFFSET ?", (patron_id, limit, offset),
                 keys=("id", "issued_at", "due_on", "returned_at", "renewals", "barcode",
                       "title", "authors"))


# -- the CSV file ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    imported: int
    file_name: str


def import_csv(*, path: str | Path, today: date | None = None, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> ImportSummary:
    """Import readers from a CSV file in one transaction: all rows or none. A bad row
    (impossible date, card in use, missing name, unknown guardian) refuses the whole file
    with its line number (the header is line 1)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFound("patrons.csv.unreadable", file=str(path), reason=error.strerror
                       or str(error)) from error
    return import_csv_bytes(data=data, file_name=path.name, today=today, progress=progress,
                            cancel=cancel)


def import_csv_bytes(*, data: bytes, file_name: str = "", today: date | None = None,
                     progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> ImportSummary:
    today = today or date.today()
    report = progress or (lambda _fraction: None)
    reader = patrons_xlsx if patrons_xlsx.is_xlsx(data) else patrons_csv
    records = _guardians_first(reader.parse(data))
    if not records:
        raise InvalidInput("patrons.csv.no_rows")
    step = max(1, len(records) // 100)
    now = datetime.now()
    with database.atomic():
        for done, row in enumerate(records):
            if cancel is not None and cancel.is_set():
                raise DomainError("patrons.csv.cancelled")
            try:
                _insert_csv_row(row.values, today, now)
            except FieldErrors as error:
                name, first = next(iter(error.errors.items()))
                raise InvalidInput("patrons.csv.bad_row", line=row.line,
                                   column=_csv_column(name), reason=str(first)) from error
            if done % step == 0:
                report(done / len(records))
        audit.record("patron.import", entity="patron", file=file_name, rows=len(records))
    report(1.0)
    return ImportSummary(imported=len(records), file_name=file_name)


def _guardians_first(records: list[patrons_csv.CsvRow]) -> list[patrons_csv.CsvRow]:
    """The rows in the file's order, except that a guardian named by a later row comes just
    before the first reader in their care: a family may be listed in any order. A cycle of
    guardians in the file stays in the file's order (and is refused, as a guardian unknown)."""
    row_of: dict[str, int] = {}
    for index, row in enumerate(records):
        row_of.setdefault(row.values.get("card_number", "").strip(), index)
    row_of.pop("", None)
    placed: set[int] = set()
    order: list[patrons_csv.CsvRow] = []
    for start in range(len(records)):
        chain: list[int] = []
        index: int | None = start
        while index is not None and index not in placed and index not in chain:
            chain.append(index)
            index = row_of.get(records[index].values.get("guardian_card", "").strip())
        for position in reversed(chain):
            placed.add(position)
            order.append(records[position])
    return order


def _csv_column(field_name: str) -> str:
    return {"birth": "birth_date"}.get(field_name, field_name)


_INSERT = ("INSERT INTO patron (card_number, first_name, last_name, birth_date, birth_year, "
           "phone, email, address, guardian_id, registered_on, token, search_text, created_at,"
           " branch_id)"
           " VALUES ({marks})")


def _insert_csv_row(values: dict[str, str], today: date, now: datetime) -> None:
    fields = PatronFields(
        first_name=values.get("first_name", ""), last_name=values.get("last_name", ""),
        card_number=values.get("card_number", ""), birth=values.get("birth_date", ""),
        phone=values.get("phone", ""), email=values.get("email", ""),
        address=values.get("address", ""), guardian_card=values.get("guardian_card", ""),
        registered_on=values.get("registered_on", ""))
    clean, guardian_id = _check_with_database(fields, today=today, patron_id=None)
    card = clean.card_number or next_card_number()
    marks = ", ".join([database.param] * 14)
    database.execute_sql(_INSERT.format(marks=marks), (
        card, clean.first_name, clean.last_name,
        clean.birth_date.isoformat() if clean.birth_date else None, clean.birth_year,
        clean.phone, clean.email, clean.address, guardian_id,
        (clean.registered_on or today).isoformat(), new_token(),
        search_text(clean.first_name, clean.last_name, card, clean.phone, clean.email),
        now.isoformat(sep=" ", timespec="seconds"), desk_branch_id()))


def export_csv(*, path: str | Path) -> int:
    """Write every reader (not the erased) to a CSV file the import reads back."""
    path = Path(path)
    try:
        with written_whole(path) as temporary, \
                temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            count = patrons_csv.write(_export_rows(), handle)
    except OSError as error:
        raise InvalidInput("patrons.csv.unwritable", file=str(path),
                           reason=error.strerror or str(error)) from error
    with database.atomic():
        audit.record("patron.export_csv", entity="patron", file=path.name, rows=count)
    return count


def _export_rows() -> Iterator[dict[str, Any]]:
    """Readers family by family: a guardian, then the readers in their care (each followed
    by their own), families and brothers and sisters by name in the Latvian order."""
    rows = all_rows(
        "SELECT p.id, p.guardian_id, p.card_number, p.first_name, p.last_name,"
        " coalesce(p.birth_date, CAST(p.birth_year AS TEXT)), p.phone, p.email, p.address,"
        " p.registered_on,"
        " g.card_number FROM patron p LEFT JOIN patron g ON g.id = p.guardian_id"
        " AND g.anonymized = 0 WHERE p.anonymized = 0 ORDER BY p.last_key, p.first_key, p.id")
    by_id = {row[0]: row for row in rows}
    in_care: dict[int | None, list[tuple]] = {}
    for row in rows:  # already in name order
        guardian = row[1] if row[1] in by_id and row[1] != row[0] else None
        in_care.setdefault(guardian, []).append(row)
    done: set[int] = set()
    # Readers in care of no one first (each with their family); then any left in a cycle.
    waiting = list(reversed(rows)) + list(reversed(in_care.get(None, [])))
    while waiting:
        row = waiting.pop()
        if row[0] in done:
            continue
        done.add(row[0])
        yield dict(zip(patrons_csv.COLUMNS, row[2:], strict=True))
        waiting.extend(reversed(in_care.get(row[0], [])))


# -- helpers ---------------------------------------------------------------------------

def _patron(patron_id: int) -> Patron:
    patron = Patron.get_or_none(Patron.id == patron_id)
    if patron is None:
        raise NotFound("patrons.error.not_found", id=patron_id)
    return patron


def _as_date(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
