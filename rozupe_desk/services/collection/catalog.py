"""The catalogue: titles and their copies, their validation, and search as you type.

Search runs on the FTS5 index `title_fts` (migration m0500) over the folded title text, with
prefix matching for the last word typed; a scanned barcode or ISBN is looked up exactly.
Lists are paged; copy counts are aggregated only for the titles on the page, so the table
stays fast at a million copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from peewee import SqliteDatabase
from stdnum import ean as stdnum_ean
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

from rozupe_desk.db.collation import latvian_order
from rozupe_desk.db.connection import database
from rozupe_desk.db.models import (
    AUDIENCES,
    DOCUMENT_TYPES,
    ITEM_SOURCES,
    Item,
    Title,
)
from rozupe_desk.errors import Conflict, InvalidInput, NotFound
from rozupe_desk.services.branches.branches import branch_names, desk_branch_id
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import word_search
from rozupe_desk.text import fold

# Statuses the librarian may set by hand; on loan and discarded come from their own services.
MANUAL_STATUSES = ("available", "lost", "damaged")
SORT_COLUMNS = {  # titles and authors in Latvian order, along their indexes
    "title": latvian_order("t.title"), "authors": latvian_order("t.authors"), "year": "t.year",
    "isbn": "t.isbn", "document_type": "t.document_type", "id": "t.id",
}
# Result sets up to this size are ranked by relevance; bigger ones are shown unranked.
RANK_LIMIT = 500
# Sorting by a column is done in SQL for result sets up to this size (a few ms); bigger
# ones (a two-letter prefix over a million titles) are shown in index order instead.
SORT_LIMIT = 5000
# On a server, the first titles by id tell a word in most titles (`_dense`).
PROBE_ROWS = 1000
_TOKEN = re.compile(r"\w+")
_FTS_WORD = re.compile(r'"([^"]+)"\*')  # the words of a parsed query
_ISBN_LIKE = re.compile(r"^[0-9][0-9\- ]{8,16}[0-9Xx]$")


# -- values ---------------------------------------------------------------------------------
def normalize_isbn(text: str) -> str:
    """'' or a valid ISBN-10/13 in compact form; a wrong check digit raises InvalidInput."""
    text = (text or "").strip()
    if not text:
        return ""
    # Fast path for the usual compact ISBN-13 of an import (stdnum's full validation costs
    # ~70 µs, a third of the import budget per record); stdnum still computes the digit.
    if len(text) == 13 and text.isdigit() and text[:3] in ("978", "979"):
        if stdnum_ean.calc_check_digit(text[:12]) == text[12]:
            return text
        raise InvalidInput("catalog.bad_isbn", isbn=text)
    try:
        return stdnum_isbn.validate(text)
    except ValidationError as error:
        raise InvalidInput("catalog.bad_isbn", isbn=text) from error


def normalize_issn(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return stdnum_issn.format(stdnum_issn.validate(text))
    except ValidationError as error:
        raise InvalidInput("catalog.bad_issn", issn=text) from error


def parse_price(text: str | int | float | Decimal | None) -> int | None:
    """Euro as typed ('12,50', '12.50', '12,50 EUR', '€ 3') to cents; '' is no price."""
    if text is None:
        return None
    cleaned = str(text).replace("EUR", "").replace("€", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation as error:
        raise InvalidInput("catalog.bad_price", price=str(text)) from error
    if not value.is_finite() or value < 0 or value > 100_000:
        raise InvalidInput("catalog.bad_price", price=str(text))
    return int((value * 100).quantize(Decimal(1)))


def format_price(cents: int | None) -> str:
    return "" if cents is None else f"{cents // 100},{cents % 100:02d}"


def parse_date(text: str | date | None) -> date | None:
    """YYYY-MM-DD (also YYYYMMDD, DD.MM.YYYY) or '' for no date."""
    if text is None or isinstance(text, date):
        return text
    text = text.strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInput("catalog.bad_date", value=text)


def parse_year(text: str | int | None) -> int | None:
    if text is None or text == "":
        return None
    try:
        year = int(str(text).strip())
    except ValueError as error:
        raise InvalidInput("catalog.bad_year", value=str(text)) from error
    if not 1400 <= year <= date.today().year + 1:
        raise InvalidInput("catalog.bad_year", value=str(text))
    return year


def search_text_for(*, title: str, authors: str = "", isbn: str = "", issn: str = "",
                    subjects: str = "") -> str:
    """The folded text the search index holds for a title."""
    return fold(f"{title} {authors} {isbn} {issn} {subjects}")


@dataclass
class TitleValues:
    """A title as checked for saving; `clean_title` builds it from what the librarian typed."""

    title: str
    authors: str = ""
    isbn: str = ""
    issn: str = ""
    publisher: str = ""
    year: int | None = None
    language: str = "lav"
    document_type: str = "book"
    udc: str = ""
    audience: str = "adult"
    heritage: bool = False
    subjects: str = ""

    def columns(self) -> dict[str, Any]:
        values = dict(vars(self))
        values["search_text"] = search_text_for(
            title=self.title, authors=self.authors, isbn=self.isbn, issn=self.issn,
            subjects=self.subjects)
        return values


def clean_title(values: dict[str, Any]) -> TitleValues:
    """Validate a title's fields; raises InvalidInput naming the first wrong one."""
    title = str(values.get("title") or "").strip()
    if not title:
        raise InvalidInput("catalog.title_required")
    document_type = str(values.get("document_type") or "book").strip()
    if document_type not in DOCUMENT_TYPES:
        raise InvalidInput("catalog.bad_document_type", value=document_type)
    audience = str(values.get("audience") or "adult").strip()
    if audience not in AUDIENCES:
        raise InvalidInput("catalog.bad_audience", value=audience)
    language = str(values.get("language") or "lav").strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise InvalidInput("catalog.bad_language", value=language)
    return TitleValues(
        title=title,
        authors=str(values.get("authors") or "").strip(),
        isbn=normalize_isbn(str(values.get("isbn") or "")),
        issn=normalize_issn(str(values.get("issn") or "")),
        publisher=str(values.get("publisher") or "").strip(),
        year=parse_year(values.get("year")),
        language=language,
        document_type=document_type,
        udc=str(values.get("udc") or "").strip(),
        audience=audience,
        heritage=_truthy(values.get("heritage")),
        subjects=str(values.get("subjects") or "").strip(),
    )


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return fold(value.strip()) in {"1", "true", "yes", "ja", "x", "+"}
    return bool(value)


@dataclass
class CopyValues:
    barcode: str
    acquired_on: date | None = None
    source: str = "purchase"
    price_cents: int | None = None
    shelf: str = ""
    notes: str = ""
    branch_code: str = ""  # an imported copy's home branch as its file names it (952 $a)

    def columns(self) -> dict[str, Any]:
        """The item columns these values set (the branch is resolved by the writer)."""
        return {k: v for k, v in vars(self).items() if k != "branch_code"}


def clean_copy(values: dict[str, Any]) -> CopyValues:
    barcode = str(values.get("barcode") or "").strip()
    if not barcode:
        raise InvalidInput("catalog.barcode_required")
    if any(ch.isspace() for ch in barcode) or len(barcode) > 40:
        raise InvalidInput("catalog.bad_barcode", barcode=barcode)
    source = str(values.get("source") or "purchase").strip()
    if source not in ITEM_SOURCES:
        raise InvalidInput("catalog.bad_source", value=source)
    return CopyValues(
        barcode=barcode,
        acquired_on=parse_date(values.get("acquired_on")),
        source=source,
        price_cents=parse_price(values.get("price")),
        shelf=str(values.get("shelf") or "").strip(),
        notes=str(values.get("notes") or "").strip(),
        branch_code=str(values.get("branch_code") or "").strip(),
    )


# -- writes ---------------------------------------------------------------------------------
def save_title(*, values: dict[str, Any], title_id: int | None = None) -> int:
    """Create a title (no `title_id`) or change one; returns its id."""
    clean = clean_title(values)
    with database.atomic():
        if clean.isbn:
            twin = (Title.select(Title.id).where(Title.isbn == clean.isbn)
                    .where(Title.id != (title_id or 0)).first())
            if twin is not None:
                raise Conflict("catalog.isbn_exists", isbn=clean.isbn)
        if title_id is None:
            row = Title.create(created_at=datetime.now(), **clean.columns())
            audit.record("title.create", entity="title", entity_id=row.id, title=clean.title)
            return row.id
        if Title.update(**clean.columns()).where(Title.id == title_id).execute() == 0:
            raise NotFound("catalog.no_title", title_id=title_id)
        audit.record("title.update", entity="title", entity_id=title_id, title=clean.title)
        return title_id


def delete_title(*, title_id: int) -> None:
    """Remove a title that has no copies (a mistake); titles with copies stay for history."""
    with database.atomic():
        if Item.select().where(Item.title == title_id).exists():
            raise Conflict("catalog.title_has_copies")
        if Title.delete().where(Title.id == title_id).execute() == 0:
            raise NotFound("catalog.no_title", title_id=title_id)
        audit.record("title.delete", entity="title", entity_id=title_id)


def add_copy(*, title_id: int, values: dict[str, Any]) -> int:
    """Add a copy of a title; the barcode (inventory number) must be new."""
    clean = clean_copy(values)
    with database.atomic():
        if not Title.select().where(Title.id == title_id).exists():
            raise NotFound("catalog.no_title", title_id=title_id)
        _check_barcode_free(clean.barcode)
        row = Item.create(title=title_id, created_at=datetime.now(), status="available",
                          branch_id=desk_branch_id(), **clean.columns())
        audit.record("item.create", entity="item", entity_id=row.id, barcode=clean.barcode)
        return row.id


def update_copy(*, item_id: int, values: dict[str, Any]) -> None:
    clean = clean_copy(values)
    with database.atomic():
        item = Item.get_or_none(Item.id == item_id)
        if item is None:
            raise NotFound("catalog.no_item", barcode=clean.barcode)
        if clean.barcode != item.barcode:
            _check_barcode_free(clean.barcode)
        Item.update(**clean.columns()).where(Item.id == item_id).execute()
        audit.record("item.update", entity="item", entity_id=item_id, barcode=clean.barcode)


def set_copy_status(*, item_id: int, status: str, on: date | None = None) -> None:
    """Mark a copy available, lost or damaged; a copy on loan or discarded is refused."""
    if status not in MANUAL_STATUSES:
        raise InvalidInput("catalog.bad_status", value=status)
    with database.atomic():
        item = Item.get_or_none(Item.id == item_id)
        if item is None:
            raise NotFound("catalog.no_item", barcode=str(item_id))
        if item.status in ("on_loan", "discarded"):
            raise Conflict(f"catalog.status_locked_{item.status}", barcode=item.barcode)
        Item.update(status=status, status_changed_on=on or date.today()).where(
            Item.id == item_id).execute()
        audit.record("item.status", entity="item", entity_id=item_id, barcode=item.barcode,
                     before=item.status, after=status)


def _check_barcode_free(barcode: str) -> None:
    if Item.select().where(Item.barcode == barcode).exists():
        raise Conflict("catalog.barcode_exists", barcode=barcode)


# -- reads ----------------------------------------------------------------------------------
@dataclass
class Query:
    """What the librarian typed, turned into an FTS5 expression and exact keys."""

    text: str
    fts: str = ""
    exact: str = ""  # a barcode or an ISBN, looked up exactly

    @classmethod
    def parse(cls, text: str) -> Query:
        text = (text or "").strip()
        tokens = _TOKEN.findall(fold(text))
        exact = text if text and " " not in text else ""
        if _ISBN_LIKE.match(text):
            compact = re.sub(r"[\- ]", "", text)
            tokens = [compact.lower()]
            exact = compact
        # Every word must match; each is a prefix, as the librarian is still typing. Single
        # letters are left out: the prefix indexes start at two letters, and one letter
        # matches most of the catalogue anyway (the list stays as before typing).
        fts = " ".join(f'"{token}"*' for token in tokens if len(token) >= 2)
        return cls(text=text, fts=fts, exact=exact)


def search_titles(*, query: str = "", offset: int = 0, limit: int = 200,
                  sort_key: str | None = None, descending: bool = False,
                  heritage_only: bool = False) -> list[dict[str, Any]]:
    """A page of titles matching `query`, each with its copy counts."""
    parsed = Query.parse(query)
    order = SORT_COLUMNS.get(sort_key or "", "")
    direction = "DESC" if descending else "ASC"
    where, params = [], []
    if heritage_only:
        where.append("t.heritage = 1")
    if parsed.fts:
        barcode_title = _title_of_barcode(parsed.exact) if parsed.exact else None
        if barcode_title is not None:
            # A scanned copy: show its title alone.
            where.append("t.id = ?")
            params.append(barcode_title)
        else:
            # Keep typing fast: a huge result set stays in index order (on SQLite FTS5's;
            # on a server, which sorts titles even unasked, in id order, as FTS5 keeps it).
            probed = 0 if _fts() else _probe(parsed)
            huge = bool(order or not _fts()) and _too_many_to_sort(
                parsed, dense=probed * 2 > PROBE_ROWS)
            if huge:
                order = ""
            ids = _matching_ids(parsed, offset=offset, limit=limit, ranked=not order,
                                heritage_only=heritage_only)
            if ids is not None:
                return _with_counts(_titles_by_ids(ids))
            if huge and not _fts():
                order = SORT_COLUMNS["id"]
            if huge and not _fts() and not heritage_only:  # (heritage: filtered after)
                clause, values = _huge_page(parsed, probed=probed, offset=offset, limit=limit)
            else:
                clause, values = _match(parsed)
            where.append(clause)
            params.extend(values)
    sql = ("SELECT t.id, t.title, t.authors, t.year, t.isbn, t.issn, t.document_type, "
           "t.heritage, t.publisher FROM title t")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order or SORT_COLUMNS['title']} {direction}, t.id {direction} LIMIT ? OFFSET ?"
    params += [limit, offset]
    return _with_counts(_rows(sql, params))


def _fts() -> bool:
    return isinstance(database.obj, SqliteDatabase)


def _match(parsed: Query, *, indexed: bool = True) -> tuple[str, list[str]]:
    """The WHERE clause of a search and its parameters: the FTS5 index on SQLite; on a
    server every word as a word prefix of the folded text (word-indexed, m1950; not
    `indexed`: walked in id order, for a huge result set)."""
    if _fts():
        return "t.id IN (SELECT rowid FROM title_fts WHERE title_fts MATCH ?)", [parsed.fts]
    words = _FTS_WORD.findall(parsed.fts) or [""]
    return word_search("t.search_text", [[word] for word in words], indexed=indexed)


def _too_many_to_sort(parsed: Query, *, dense: bool = False) -> bool:
    """Whether more than SORT_LIMIT titles match (counted that far only, from the index)."""
    if _fts():
        sql, params = ("SELECT count(*) FROM (SELECT rowid FROM title_fts WHERE title_fts "
                       "MATCH ? LIMIT ?)"), [parsed.fts]
        return database.execute_sql(sql, (*params, SORT_LIMIT + 1)).fetchone()[0] > SORT_LIMIT
    clause, params = _match(parsed, indexed=not dense)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM title t WHERE {clause} LIMIT ?) AS m"
    return database.execute_sql(sql, (*params, SORT_LIMIT + 1)).fetchone()[0] > SORT_LIMIT


def _probe(parsed: Query) -> int:
    """On a server: how many of the first PROBE_ROWS titles match. When half of them do (an
    ISBN's 978), the word index would list most of the table: reading the table counts
    the matches sooner."""
    clause, params = _match(parsed, indexed=False)
    probe = (f"SELECT count(*) FROM (SELECT t.search_text FROM title t ORDER BY t.id LIMIT ?)"
             f" AS t WHERE {clause}")
    return database.execute_sql(probe, (PROBE_ROWS, *params)).fetchone()[0]


def _huge_page(parsed: Query, *, probed: int, offset: int,
               limit: int) -> tuple[str, list[Any]]:
    """A server's WHERE clause for a page of a huge result set: the first matches by id (the
    primary key walked until the page is full), not every match fetched to be sorted. When
    one title in 50 matches, reading the table finds a page sooner than the word index
    lists its thousands of matches."""
    clause, params = _match(parsed, indexed=probed * 50 < PROBE_ROWS)
    return f"t.id IN (SELECT t.id FROM title t WHERE {clause} ORDER BY t.id LIMIT ?)", [
        *params, offset + limit]


def _matching_ids(parsed: Query, *, offset: int, limit: int, ranked: bool,
                  heritage_only: bool) -> list[int] | None:
    """Ids of matches in FTS order (ranked when few), or None to let SQL sort them."""
    if not _fts() or not ranked or heritage_only:
        return None
    cursor = database.execute_sql(
        "SELECT rowid FROM title_fts WHERE title_fts MATCH ? LIMIT ?",
        (parsed.fts, RANK_LIMIT + 1))
    ids = [row[0] for row in cursor]
    if len(ids) <= RANK_LIMIT:
        cursor = database.execute_sql(
            "SELECT rowid FROM title_fts WHERE title_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (parsed.fts, limit, offset))
        return [row[0] for row in cursor]
    cursor = database.execute_sql(
        "SELECT rowid FROM title_fts WHERE title_fts MATCH ? LIMIT ? OFFSET ?",
        (parsed.fts, limit, offset))
    return [row[0] for row in cursor]


def _title_of_barcode(barcode: str) -> int | None:
    row = database.execute_sql("SELECT title_id FROM item WHERE barcode = ?", (barcode,)).fetchone()
    return row[0] if row else None


def _rows(sql: str, params: list | tuple) -> list[dict[str, Any]]:
    cursor = database.execute_sql(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _titles_by_ids(ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = _rows("SELECT id, title, authors, year, isbn, issn, document_type, heritage, "
                 f"publisher FROM title WHERE id IN ({marks})", ids)
    by_id = {row["id"]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _with_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add copies / available / on loan for just these titles (the visible page)."""
    if not rows:
        return rows
    ids = [row["id"] for row in rows]
    marks = ", ".join("?" * len(ids))
    counts = {
        title_id: (copies, available or 0, on_loan or 0)
        for title_id, copies, available, on_loan in database.execute_sql(
            "SELECT title_id, count(*), sum(CASE WHEN status = 'available' THEN 1 ELSE 0 END),"
            " sum(CASE WHEN status = 'on_loan' THEN 1 ELSE 0 END) "
            f"FROM item WHERE title_id IN ({marks}) AND status <> 'discarded' "
            "GROUP BY title_id", ids)
    }
    for row in rows:
        row["copies"], row["available"], row["on_loan"] = counts.get(row["id"], (0, 0, 0))
    return rows


@dataclass
class CopyInfo:
    id: int
    barcode: str
    status: str
    shelf: str
    acquired_on: date | None
    source: str
    price_cents: int | None
    notes: str
    discarded_on: date | None
    borrower: str = ""  # "Name Surname (card)" when on loan
    due_on: date | None = None
    branch: str = ""  # the home branch's name
    in_transit: bool = False  # checked in at another branch, on its way home


@dataclass
class TitleInfo:
    id: int
    values: TitleValues
    copies: list[CopyInfo] = field(default_factory=list)
    has_marc: bool = False


def get_title(*, title_id: int) -> TitleInfo:
    """A title with every copy (discarded ones too) and who has the copies on loan."""
    row = Title.get_or_none(Title.id == title_id)
    if row is None:
        raise NotFound("catalog.no_title", title_id=title_id)
    values = TitleValues(**{name: getattr(row, name) for name in TitleValues.__dataclass_fields__})
    values.heritage = bool(values.heritage)
    info = TitleInfo(id=row.id, values=values, has_marc=row.marc is not None)
    loans = {
        row["item_id"]: row for row in _rows(
            "SELECT l.item_id, l.due_on, p.first_name, p.last_name, p.card_number "
            "FROM loan l JOIN item i ON i.id = l.item_id "
            "LEFT JOIN patron p ON p.id = l.patron_id "
            "WHERE i.title_id = ? AND l.returned_at IS NULL", (title_id,))
    }
    names = branch_names()
    for item in Item.select().where(Item.title == title_id).order_by(Item.barcode):
        copy = CopyInfo(
            id=item.id, barcode=item.barcode, status=item.status, shelf=item.shelf,
            acquired_on=item.acquired_on, source=item.source, price_cents=item.price_cents,
            notes=item.notes, discarded_on=item.discarded_on,
            branch=names.get(item.branch_id, ""), in_transit=item.transit_since is not None)
        loan = loans.get(item.id)
        if loan is not None:
            copy.due_on = parse_date(loan["due_on"])
            if loan["card_number"]:
                copy.borrower = (f"{loan['first_name']} {loan['last_name']} "
                                 f"({loan['card_number']})")
        info.copies.append(copy)
    return info


def find_copy(*, barcode: str) -> CopyInfo | None:
    item = Item.get_or_none(Item.barcode == barcode.strip())
    if item is None:
        return None
    return next(c for c in get_title(title_id=item.title_id).copies if c.id == item.id)


def label_rows(*, barcodes: list[str] | None = None, title_id: int | None = None
               ) -> list[dict[str, str]]:
    """barcode, title, authors, shelf, udc of the copies to label (in the order given)."""
    if title_id is not None:
        return _rows("SELECT i.barcode, t.title, t.authors, i.shelf, t.udc FROM item i "
                     "JOIN title t ON t.id = i.title_id WHERE t.id = ? "
                     "AND i.status <> 'discarded' ORDER BY i.barcode", (title_id,))
    wanted = [b.strip() for b in barcodes or [] if b.strip()]
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in _rows("SELECT i.barcode, t.title, t.authors, i.shelf, t.udc FROM item i "
                         f"JOIN title t ON t.id = i.title_id WHERE i.barcode IN ({marks})",
                         chunk):
            found[row["barcode"]] = row
    missing = [b for b in wanted if b not in found]
    if missing:
        raise NotFound("catalog.no_item", barcode=missing[0])
    return [found[b] for b in wanted]
