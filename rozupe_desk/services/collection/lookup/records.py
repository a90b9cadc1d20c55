"""A catalogue's answer as candidates: each MARCXML record read through the catalogue's own
MARC reader (so the table shows what an import would store), with where it came from."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pymarc

from rozupe_desk.errors import DomainError
from rozupe_desk.formats import marc
from rozupe_desk.services.collection.lookup.query import normal_isbn

MARC_NS = "http://www.loc.gov/MARC21/slim"


@dataclass
class Candidate:
    server: str  # the name of the catalogue it came from
    fields: dict[str, str]  # title, authors, year, publisher, isbn, … as the import reads them
    marc: bytes  # the record as ISO 2709 (UTF-8)
    control_number: str = ""  # 001
    control_agency: str = ""  # 003
    isbns: set[str] = field(default_factory=set)  # every 020 $a as ISBN-13

    @property
    def identity(self) -> tuple[str, ...]:
        if self.control_number:
            return (self.control_number, self.control_agency)
        return (self.fields.get("title", ""), self.fields.get("authors", ""),
                self.fields.get("year", ""))


def from_marcxml(element: ET.Element, *, server: str) -> Candidate | None:
    """The candidate of one MARCXML `record` element; None for one the reader refuses."""
    data = ET.tostring(element, encoding="utf-8")
    try:
        parsed = marc.read(data, xml=True)
    except DomainError:
        return None
    return _candidate(parsed.records[0], server) if parsed.records else None


def from_marcxml_text(text: bytes, *, server: str) -> Candidate | None:
    try:
        return from_marcxml(ET.fromstring(text), server=server)
    except ET.ParseError:
        return None


def read_iso2709(data: bytes) -> pymarc.Record | None:
    """One ISO 2709 record (as the catalogue keeps them), read leniently."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymarc's notes on odd subfield codes it repairs
        return next(pymarc.MARCReader(bytes(data), to_unicode=True, permissive=True), None)


def control(record: pymarc.Record) -> tuple[str, str]:
    """(001, 003): the record's number and the agency that numbered it."""
    return tuple(next((f.data or "" for f in record.get_fields(tag)), "").strip()
                 for tag in ("001", "003"))  # type: ignore[return-value]


def _candidate(title, server: str) -> Candidate:
    record = read_iso2709(title.marc)
    number, agency = control(record)
    isbns = {normal_isbn(v) for f in record.get_fields("020") for v in f.get_subfields("a")}
    return Candidate(server=server, fields=title.fields, marc=title.marc,
                     control_number=number, control_agency=agency, isbns=isbns - {""})
