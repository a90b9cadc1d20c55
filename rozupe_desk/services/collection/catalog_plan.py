"""What an items import will do, record by record, before anything is written.

Each record read from the file is checked alone: a bad value refuses that record (with its
number and the reason), not the file; a wrong ISBN, ISSN or year is only a note (the ISBN
stays in the kept MARC record and goes back out as 020 $z).

No merging by guesswork: two records are the same title only when they share 001 and 003
(001 alone when neither has a 003, and then the titles must agree too), or share the ISBN
**and** the title. A record without ISBN and without 001 is the same as a catalogue title
with the very same title, authors and year and no ISBN, or the title holding its copies (an
items CSV imported again). Anything else is a new title. Every merge is written down in
the summary. MARC holdings records attach their copies to the record their 004 names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rozupe_desk.db.connection import database
from rozupe_desk.errors import DomainError
from rozupe_desk.formats.records import Refusal, TitleRecord
from rozupe_desk.i18n import tr
from rozupe_desk.services.collection.catalog import (
    CopyValues,
    TitleValues,
    clean_copy,
    clean_title,
    normalize_isbn,
    normalize_issn,
    parse_year,
)
from rozupe_desk.text import fold

CHUNK = 500  # SQLite allows 999 parameters in older builds
_NOT_WORD = re.compile(r"\W+")


@dataclass
class Planned:
    record: TitleRecord
    title: TitleValues
    copies: list[tuple[CopyValues, str]]
    key: str  # record_key: 003|001
    title_id: int | None = None  # the catalogue title it goes to (existing or, later, new)
    merged_into: Planned | None = None  # an earlier record of the file: the same title
    donors: list[TitleRecord] = field(default_factory=list)  # merged and holdings records
    extra_copies: list[tuple[CopyValues, str]] = field(default_factory=list)  # from holdings
    existing: bool = False  # title_id was already in the catalogue
    holdings_only: bool = False  # stands for a catalogue title that holdings records join
    refused: bool = False


@dataclass
class Plan:
    planned: list[Planned] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notes: list[tuple[TitleRecord, str]] = field(default_factory=list)
    holdings: int = 0  # holdings records whose copies were attached
    refused_controls: set[str] = field(default_factory=set)  # 001s of refused records


def same_title(a: str, b: str) -> bool:
    """Titles agree when they are the same words, whatever the case, diacritics and
    punctuation ("Biškopība Latvijā /" and "BISKOPIBA LATVIJA")."""
    return _NOT_WORD.sub("", fold(a)) == _NOT_WORD.sub("", fold(b))


def record_key(record: TitleRecord) -> str:
    return f"{record.control_source}|{record.control}" if record.control else ""


def plan(records: list[TitleRecord], refused: list[Refusal]) -> Plan:
    result = Plan(refused=list(refused))
    result.refused_controls = {r.control for r in refused if r.control}
    seen_barcodes: dict[str, tuple[TitleRecord, Planned | None]] = {}
    by_key: dict[str, Planned] = {}
    by_isbn: dict[str, list[Planned]] = {}
    holdings_records = []
    for record in records:
        if record.holdings_for is not None:
            holdings_records.append(record)
            continue
        planned = _checked(record, result)
        if planned is None:
            continue
        twin, why = _twin_in_file(planned, by_key, by_isbn)
        if not _barcodes_new(record, planned.copies, seen_barcodes, result, twin or planned):
            continue
        if twin is not None:
            planned.merged_into = twin
            twin.donors.append(record)
            result.notes.append((record, tr("marc.note_merged", other=_name(twin.record),
                                            why=tr(why))))
        else:
            if planned.key:
                by_key.setdefault(planned.key, planned)
            if planned.title.isbn:
                by_isbn.setdefault(planned.title.isbn, []).append(planned)
        result.planned.append(planned)
    owners = [p for p in result.planned if p.merged_into is None]
    _match_existing(owners, result)
    by_control = {}  # a holdings record from another system may lack the bib's 003
    for planned in owners:
        if planned.record.control:
            by_control.setdefault(planned.record.control, planned)
    for record in holdings_records:
        _attach_holdings(record, by_key, by_control, seen_barcodes, result)
    result.planned = [p for p in result.planned if not p.refused]
    return result


def _name(record: TitleRecord) -> str:
    return str(record.number) if record.number else record.where


def where(record: TitleRecord) -> str:
    """"ieraksts 5" for a MARC record, "rinda 7" for a CSV row."""
    return tr("marc.where_record", number=record.number) if record.number else record.where


def refusal(record: TitleRecord, reason: str) -> Refusal:
    return Refusal(record.number, reason, record.control, record.fields.get("title", ""),
                   record.raw, where=where(record))


def _checked(record: TitleRecord, result: Plan) -> Planned | None:
    """The record's values checked; a wrong ISBN/ISSN/year only noted, anything else wrong
    refuses the record."""
    values = dict(record.fields)
    checked = {}
    for name, check, note in (("isbn", normalize_isbn, "marc.note_bad_isbn"),
                              ("issn", normalize_issn, "marc.note_bad_issn"),
                              ("year", parse_year, "marc.note_bad_year")):
        try:
            checked[name] = check(values.get(name) or "")
        except DomainError:
            if name == "isbn" and record.marc is None:  # no MARC record keeps it
                note = "marc.note_bad_isbn_dropped"
            result.notes.append((record, tr(note, isbn=values[name], issn=values[name],
                                            value=values[name])))
            checked[name] = None if name == "year" else ""
        values[name] = ""  # checked once, here (stdnum's check costs ~40 µs a record)
    try:
        title = clean_title(values)
        title.isbn, title.issn, title.year = checked["isbn"], checked["issn"], checked["year"]
        copies = [(clean_copy({"barcode": c.barcode, "acquired_on": c.acquired_on,
                               "price": c.price, "shelf": c.shelf,
                               "source": c.source or "purchase", "branch_code": c.branch}),
                   c.status)
                  for c in record.copies]
    except DomainError as error:
        result.refused.append(refusal(record, str(error)))
        result.refused_controls.add(record.control)
        return None
    if not copies and record.holding_fields:
        result.notes.append((record, tr("marc.note_no_copies", count=record.holding_fields)))
    return Planned(record=record, title=title, copies=copies, key=record_key(record))


def _barcodes_new(record: TitleRecord, copies: list[tuple[CopyValues, str]],
                  seen: dict[str, tuple[TitleRecord, Planned | None]], result: Plan,
                  owner: Planned | None) -> bool:
    """Whether the record's barcodes are new to the file; a barcode an earlier record of
    the same title brought (the same record twice in a file) is the same copy, not a
    clash. A clash refuses the record."""
    mine: set[str] = set()
    for copy, _status in copies:
        first, first_owner = seen.get(copy.barcode, (None, None))
        if copy.barcode in mine or (first is not None
                                    and (owner is None or first_owner is not owner)):
            result.refused.append(refusal(record, tr(
                "marc.reason_duplicate_barcode", barcode=copy.barcode,
                first=where(first or record))))
            return False
        mine.add(copy.barcode)
    for barcode in mine:
        seen.setdefault(barcode, (record, owner))
    return True


def _twin_in_file(planned: Planned, by_key: dict[str, Planned],
                  by_isbn: dict[str, list[Planned]]) -> tuple[Planned | None, str]:
    twin = by_key.get(planned.key) if planned.key else None
    if twin is not None and (planned.record.control_source
                             or same_title(twin.title.title, planned.title.title)):
        return twin, "marc.why_control"
    for other in by_isbn.get(planned.title.isbn, ()) if planned.title.isbn else ():
        if same_title(other.title.title, planned.title.title):
            return other, "marc.why_isbn"
    return None, ""


def lookup(sql: str, keys: list[str]) -> list[tuple]:
    """Rows of `sql` (with `{marks}` for the keys) over the keys, in chunks."""
    rows: list[tuple] = []
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        rows.extend(database.execute_sql(sql.format(marks=", ".join("?" * len(chunk))),
                                         chunk).fetchall())
    return rows


def _match_existing(owners: list[Planned], result: Plan) -> None:
    """Point records at the titles already in the catalogue; a copy whose barcode belongs
    to another title refuses its record."""
    by_key: dict[str, list[tuple[int, str]]] = {}
    for key, title_id, title in lookup(
            "SELECT record_key, id, title FROM title WHERE record_key IN ({marks})",
            [p.key for p in owners if p.key]):
        by_key.setdefault(key, []).append((title_id, title))
    by_isbn: dict[str, list[tuple[int, str]]] = {}
    # `isbn <> ''` lets SQLite use the partial index title_isbn instead of scanning titles.
    for isbn, title_id, title in lookup(
            "SELECT isbn, id, title FROM title WHERE isbn IN ({marks}) AND isbn <> ''",
            [p.title.isbn for p in owners if p.title.isbn]):
        by_isbn.setdefault(isbn, []).append((title_id, title))
    barcode_owner = dict(lookup("SELECT barcode, title_id FROM item WHERE barcode IN ({marks})",
                                [c.barcode for p in owners for c, _ in p.copies]))
    merged = {}
    for planned in result.planned:
        if planned.merged_into is not None:
            merged.setdefault(id(planned.merged_into), []).append(planned)
    for planned in owners:
        why = _existing(planned, by_key, by_isbn, barcode_owner)
        if why:
            planned.existing = True
        if why and why != "marc.why_control":  # another record's title: a merge, said
            result.notes.append((planned.record, tr("marc.note_already", why=tr(why))))
        group = [planned, *merged.get(id(planned), ())]
        for member in group:
            taken = next((c.barcode for c, _ in member.copies
                          if barcode_owner.get(c.barcode, planned.title_id)
                          != planned.title_id), None)
            if taken is None:
                continue
            # The first record of a group decides its title: refused, it takes the group.
            for gone in group if member is planned else [member]:
                if not gone.refused:
                    gone.refused = True
                    result.refused.append(refusal(gone.record, tr(
                        "marc.reason_barcode_taken", barcode=taken)))


def _existing(planned: Planned, by_key: dict, by_isbn: dict, barcode_owner: dict) -> str:
    """Set the planned record's catalogue title when it is already there; returns why."""
    for title_id, title in by_key.get(planned.key, ()):
        if planned.record.control_source or same_title(title, planned.title.title):
            planned.title_id = title_id
            return "marc.why_control"
    for title_id, title in by_isbn.get(planned.title.isbn, ()):
        if same_title(title, planned.title.title):
            planned.title_id = title_id
            return "marc.why_isbn"
    if planned.title.isbn or planned.key:
        return ""
    holder = next((barcode_owner[c.barcode] for c, _ in planned.copies
                   if c.barcode in barcode_owner), None)
    if holder is not None:
        planned.title_id = holder
        return "marc.why_barcode"
    row = database.execute_sql(
        "SELECT min(id) FROM title WHERE title = ? AND authors = ?"
        " AND year IS NOT DISTINCT FROM ? AND isbn = ''", (planned.title.title, planned.title.authors, planned.title.year)
    ).fetchone()
    if row and row[0] is not None:
        planned.title_id = row[0]
        return "marc.why_description"
    return ""


def _attach_holdings(record: TitleRecord, by_key: dict[str, Planned],
                     by_control: dict[str, Planned],
                     seen: dict[str, tuple[TitleRecord, Planned | None]], result: Plan) -> None:
    """A MARC holdings record: its copies go to the record of the file (or the catalogue
    title) whose 001 its 004 names."""
    bib = record.holdings_for or ""
    target = by_key.get(f"{record.control_source}|{bib}") or by_key.get(f"|{bib}") or (
        by_control.get(bib))
    title_id = None
    owner = (target.merged_into or target) if target is not None else None
    if bib in result.refused_controls or (target is not None
                                          and (target.refused or owner.refused)):
        result.refused.append(refusal(record, tr("marc.reason_holdings_bib_refused",
                                                 control=bib)))
        return
    if target is None:
        rows = lookup("SELECT record_key, id FROM title WHERE record_key IN ({marks})",
                      [f"{record.control_source}|{bib}", f"|{bib}"])
        title_id = rows[0][1] if rows else None
        if title_id is None:
            result.refused.append(refusal(record, tr("marc.reason_holdings_unknown_bib",
                                                     control=bib)))
            return
    try:
        copies = [(clean_copy({"barcode": c.barcode, "acquired_on": c.acquired_on,
                               "price": c.price, "shelf": c.shelf, "branch_code": c.branch}),
                   c.status)
                  for c in record.copies]
    except DomainError as error:
        result.refused.append(refusal(record, str(error)))
        return
    if not _barcodes_new(record, copies, seen, result, owner):
        return
    taken = dict(lookup("SELECT barcode, title_id FROM item WHERE barcode IN ({marks})",
                        [c.barcode for c, _ in copies]))
    for copy, _status in copies:
        holder = taken.get(copy.barcode)
        if holder is not None and holder != (owner.title_id if owner else title_id):
            result.refused.append(refusal(record, tr("marc.reason_barcode_taken",
                                                     barcode=copy.barcode)))
            return
    if owner is None:
        owner = Planned(record=record, title=TitleValues(title=""), copies=[], key="",
                        title_id=title_id, existing=True, holdings_only=True)
        result.planned.append(owner)
    else:
        owner.donors.append(record)
    owner.extra_copies.extend(copies)
    result.holdings += 1
    result.notes.append((record, tr("marc.note_holdings_attached", control=bib)))
