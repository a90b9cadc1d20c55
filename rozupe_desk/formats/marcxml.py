"""MARCXML (the MARC21 slim schema, http://www.loc.gov/MARC21/slim): records read one by one
so a bad record is refused alone and named, and the catalogue written back valid against
the schema (leader, then control fields, then data fields with two indicators and at least
one subfield each).

A file that is not well-formed XML cannot be split into records: that refuses the file, with
the line and column the parser stopped at.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from pymarc import Field, Indicators, Leader, Record, Subfield

from rozupe_desk.formats import marc_charset

NAMESPACE = "http://www.loc.gov/MARC21/slim"
SCHEMA_LOCATION = "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"
RECORD = f"{{{NAMESPACE}}}record"
_TAG = re.compile(r"[0-9A-Za-z]{3}")
_CONTROL_TAG = re.compile(r"00[1-9A-Za-z]")
_CODE = re.compile(r"[\da-z!\"#$%&'()*+,./:;<=>?{}_^`~\[\]\\-]")
_INDICATOR = re.compile(r"[\da-z ]")


class BadXml(ValueError):
    """Not well-formed XML; args = (line, column, message)."""


class BadRecord(ValueError):
    """A record element that is not a MARC record; args[0] is a catalogue message id,
    args[1] what is wrong in it."""


@dataclass
class XmlRecord:
    number: int
    element: ET.Element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def records(data: bytes) -> Iterator[XmlRecord]:
    """Every MARC `record` element of the file, in order (in the slim namespace or in
    none), wherever it stands (a collection, an OAI-PMH or SRU response)."""
    parser = ET.XMLPullParser(events=("end",))
    numbers = iter(range(1, 1 << 62))
    try:
        for start in range(0, len(data), 1 << 20):
            parser.feed(data[start:start + (1 << 20)])
            yield from _ended(parser, numbers)
        parser.close()
        yield from _ended(parser, numbers)
    except ET.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise BadXml(line, column, str(error)) from error


def _ended(parser: ET.XMLPullParser, numbers: Iterator[int]) -> Iterator[XmlRecord]:
    for _event, element in parser.read_events():
        # MARC records only: an OAI-PMH envelope has `record` elements of its own
        if element.tag in (RECORD, "record"):
            yield XmlRecord(next(numbers), element)
            element.clear()  # read: its memory can go (a big file stays small)


def to_record(element: ET.Element) -> Record:
    """A pymarc record from one `record` element; BadRecord says what is wrong."""
    leader = ""
    fields: list[Field] = []
    for child in element:
        name = _local(child.tag)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            tag = child.get("tag", "")
            if not _CONTROL_TAG.fullmatch(tag):
                raise BadRecord("marc.reason_xml_tag", tag)
            fields.append(Field(tag=tag, data=_clean(child.text or "")))
        elif name == "datafield":
            tag = child.get("tag", "")
            if not _TAG.fullmatch(tag) or _CONTROL_TAG.fullmatch(tag):
                raise BadRecord("marc.reason_xml_tag", tag)
            subfields = []
            for sub in child:
                code = sub.get("code", "")
                if len(code) != 1:
                    raise BadRecord("marc.reason_xml_code", tag)
                subfields.append(Subfield(code, _clean(sub.text or "")))
            indicators = [(child.get(f"ind{n}", " ") or " ")[:1] for n in (1, 2)]
            fields.append(Field(tag=tag, indicators=Indicators(*indicators),
                                subfields=subfields))
    if len(leader) != 24 or not leader.isascii():
        raise BadRecord("marc.reason_xml_leader", leader)
    record = Record(leader=Leader(leader))
    for item in fields:
        record.add_field(item)
    return record


def _clean(text: str) -> str:
    try:
        marc_charset.check_clean(text)
    except marc_charset.Undecodable as error:
        raise BadRecord("marc.reason_charset", "") from error
    return text


# -- writing --------------------------------------------------------------------------------
def write(handle: IO[bytes], records: Iterable[Record]) -> int:
    """Write a MARCXML collection; returns the number of records."""
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    handle.write(f'<collection xmlns="{NAMESPACE}" '
                 f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 f'xsi:schemaLocation="{NAMESPACE} {SCHEMA_LOCATION}">\n'.encode())
    count = 0
    for record in records:
        handle.write(record_xml(record).encode("utf-8"))
        count += 1
    handle.write(b"</collection>\n")
    return count


def record_xml(record: Record) -> str:
    """One `record` element as the slim schema wants it."""
    parts = [f"<record><leader>{_escape(schema_leader(str(record.leader)))}</leader>"]
    control = [f for f in record.fields if f.is_control_field()]
    data = [f for f in record.fields if not f.is_control_field() and f.subfields]
    for item in control:
        parts.append(f'<controlfield tag="{item.tag}">{_escape(item.data or "")}</controlfield>')
    for item in data:
        ind1, ind2 = (_indicator(i) for i in (item.indicator1, item.indicator2))
        parts.append(f'<datafield tag="{item.tag}" ind1="{ind1}" ind2="{ind2}">')
        for sub in item.subfields:
            parts.append(f'<subfield code="{_escape(sub.code, True)}">{_escape(sub.value)}'
                         f"</subfield>")
        parts.append("</datafield>")
    parts.append("</record>\n")
    return "".join(parts)


_LEADER_SLOTS = ((0, 5, re.compile(r"[\d ]"), "0"), (5, 6, re.compile(r"[\dA-Za-z ]"), "n"),
                 (6, 7, re.compile(r"[\dA-Za-z]"), "a"), (7, 10, re.compile(r"[\dA-Za-z ]"), " "),
                 (10, 12, re.compile(r"[2 ]"), "2"), (12, 17, re.compile(r"[\d ]"), "0"),
                 (17, 20, re.compile(r"[\dA-Za-z ]"), " "))


def schema_leader(leader: str) -> str:
    """The leader as the slim schema's pattern allows it (lengths in digits, 4500 at the
    end); a position it does not allow gets the MARC default there."""
    leader = (leader + " " * 24)[:24]
    out = []
    for start, end, allowed, default in _LEADER_SLOTS:
        out += [ch if allowed.fullmatch(ch) else default for ch in leader[start:end]]
    return "".join(out) + (leader[20:24] if leader[20:24] in ("4500", "    ") else "4500")


def _indicator(value: str | None) -> str:
    value = (value or " ")[:1]
    return value if _INDICATOR.fullmatch(value) else " "


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text
