"""What the librarian scanned or typed, read as a catalogue query: an ISBN (10 or 13
digits, hyphens and spaces ignored, asked in both forms), an ISSN (also from the 977 EAN
barcode on a periodical), or a title with an optional author.

Each query speaks both query languages: CQL for SRU (`bath.isbn`, `bath.issn`, `dc.title`,
`dc.creator`) and PQF for Z39.50 (bib-1 use attributes 7, 8, 4 and 1003).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import ean as stdnum_ean
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

from rozupe_desk.errors import InvalidInput

_SEPARATORS = re.compile(r"[\s\-‐‑–]")


@dataclass(frozen=True)
class Query:
    kind: str  # "isbn", "issn" or "title"
    terms: tuple[str, ...]  # the ISBN forms, the ISSN, or (title, author)

    @property
    def text(self) -> str:
        """The query as the librarian reads it back."""
        if self.kind == "title":
            return " / ".join(t for t in self.terms if t)
        return self.terms[0]

    def cql(self) -> str:
        if self.kind == "isbn":
            return " or ".join(f"bath.isbn={term}" for term in self.terms)
        if self.kind == "issn":
            return f"bath.issn={self.terms[0]}"
        title, author = self.terms
        clause = f"dc.title={_quoted(title)}"
        return f"{clause} and dc.creator={_quoted(author)}" if author else clause

    def pqf(self) -> str:
        if self.kind == "isbn":
            clauses = [f"@attr 1=7 {term}" for term in self.terms]
            return "@or " * (len(clauses) - 1) + " ".join(clauses)
        if self.kind == "issn":
            return f"@attr 1=8 {self.terms[0]}"
        title, author = self.terms
        clause = f"@attr 1=4 {_quoted(title)}"
        return f"@and {clause} @attr 1=1003 {_quoted(author)}" if author else clause


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse(text: str, *, author: str = "") -> Query:
    """The query for `text`; InvalidInput when there is nothing to look for."""
    text = " ".join((text or "").split())
    author = " ".join((author or "").split())
    code = _SEPARATORS.sub("", text).upper()
    isbn = isbn_forms(code)
    if isbn and not author:
        return Query("isbn", isbn)
    issn = issn_of(code)
    if issn and not author:
        return Query("issn", (issn,))
    if not text:
        raise InvalidInput("lookup.empty_query")
    if re.fullmatch(r"[0-9X]{8,13}", code) and not author:
        # Digits that are neither a valid ISBN nor ISSN: a mistyped code, not a title.
        raise InvalidInput("lookup.bad_code", code=text)
    return Query("title", (text, author))


def isbn_forms(code: str) -> tuple[str, ...]:
    """(ISBN-13, ISBN-10) of a valid ISBN, the ISBN-13 alone where no ISBN-10 exists
    (979…); () when `code` is not a valid ISBN."""
    if len(code) not in (10, 13) or not stdnum_isbn.is_valid(code):
        return ()
    isbn13 = stdnum_isbn.to_isbn13(code)
    return (isbn13, stdnum_isbn.to_isbn10(isbn13)) if isbn13.startswith("978") else (isbn13,)


def issn_of(code: str) -> str:
    """The ISSN (`NNNN-NNNC`) of an ISSN or of a periodical's 977 EAN-13; '' if neither."""
    if len(code) == 13 and code.startswith("977") and stdnum_ean.is_valid(code):
        code = code[3:10] + stdnum_issn.calc_check_digit(code[3:10])
    return stdnum_issn.format(code) if len(code) == 8 and stdnum_issn.is_valid(code) else ""


def normal_isbn(text: str) -> str:
    """An ISBN of a record (`978-9984-…`, `0839108826 (pbk.)`) as 13 digits, or ''."""
    code = _SEPARATORS.sub("", (text or "").split("(")[0]).upper()
    forms = isbn_forms(code)
    return forms[0] if forms else ""
