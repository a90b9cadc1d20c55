"""ISO 2709 (MARC21 transmission format) split record by record, so that every record of a
file is accounted for: the file is cut at the record terminators (0x1D), not at the lengths
the leaders claim (a leader saying `00000` must not swallow the records after it), and each
piece is parsed on its own; a piece that does not parse is refused alone, with the reason.

Each record's values are decoded in the character set `marc_charset.choose` finds for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pymarc import Field, Indicators, Leader, Record, Subfield

from rozupe_desk.formats import marc_charset

TERMINATOR = b"\x1d"
FIELD_END = 0x1E
SUBFIELD = b"\x1f"
_BLANK = b"\r\n \t\x00"
# A leader: lengths in digits, indicator and subfield-code counts 2 2, entry map 4500.
_LEADER = re.compile(rb"\d{5}[a-z ][a-z][a-z ]{2}[a ]22\d{5}[0-9a-z ]{3}4500")


class Broken(ValueError):
    """A piece of the file that is not a MARC record; `args[0]` is a catalogue message id,
    then its 001 and title where they could be read (plain ASCII) before it broke."""


@dataclass
class Piece:
    number: int  # from 1
    offset: int
    raw: bytes  # with its terminator when the file had one


@dataclass
class Parsed:
    record: Record
    encoding: str  # "utf-8", "marc-8" or a code page
    claimed: str  # what leader/09 says: "utf-8" or "marc-8"
    length_ok: bool  # leader/00-04 is the record's real length


def pieces(data: bytes) -> Iterator[Piece]:
    """Every record of the file: the bytes up to each terminator (split again where a
    record cut short runs into the next leader), and what follows the last one when it is
    more than blank space (a record cut off at the end of the file)."""
    start = 0
    number = 0
    size = len(data)
    while start < size:
        end = data.find(TERMINATOR, start)
        stop = size if end < 0 else end + 1
        chunk = data[start:stop]
        body = chunk.lstrip(_BLANK)
        offset = start + len(chunk) - len(body)
        # A record cut off without its terminator runs into the next one: the next leader
        # inside the piece starts a record of its own.
        inner = _LEADER.search(body, 24)
        if inner is not None:
            number += 1
            yield Piece(number, offset, body[:inner.start()])
            offset += inner.start()
            body = body[inner.start():]
        if body.rstrip(_BLANK + TERMINATOR):
            number += 1
            yield Piece(number, offset, body)
        start = stop


def parse(raw: bytes) -> Parsed:
    """One record from its bytes; Broken (with a message id) when it is not a record."""
    if not raw.endswith(TERMINATOR):
        raise Broken("marc.reason_truncated")
    if len(raw) < 26 or not raw[:24].isascii():
        raise Broken("marc.reason_leader")
    leader = raw[:24].decode("ascii")
    try:
        base = int(leader[12:17])
    except ValueError as error:
        raise Broken("marc.reason_leader") from error
    if base < 25 or base > len(raw) or raw[base - 1] != FIELD_END:
        raise Broken("marc.reason_directory")
    directory = raw[24:base - 1]
    if len(directory) % 12 or not directory or not directory.isascii():
        raise Broken("marc.reason_directory")
    size = len(raw) - 1
    entries = []
    for start in range(0, len(directory), 12):
        length, offset = directory[start + 3:start + 7], directory[start + 7:start + 12]
        if not (length.isdigit() and offset.isdigit()):
            raise Broken("marc.reason_directory")
        begin = base + int(offset)
        end = begin + int(length)
        if end <= begin or end > size or raw[end - 1] != FIELD_END:
            raise Broken("marc.reason_field_bounds")
        entries.append((directory[start:start + 3].decode(), begin, end - 1))
    if not entries:
        raise Broken("marc.reason_directory")
    try:
        encoding = marc_charset.choose(raw[base:size])
    except marc_charset.Undecodable as error:
        raise Broken("marc.reason_charset", *_readable(raw, entries)) from error
    record = Record(leader=Leader(leader))
    fields = record.fields
    whole = encoding != "marc-8"  # a field decodes in one go; MARC-8 subfield by subfield
    for tag, begin, end in entries:
        body = raw[begin:end]
        if tag < "010" and tag.isdigit():
            fields.append(Field(tag=tag, data=marc_charset.decode(body, encoding)))
            continue
        if whole:
            head, *parts = body.decode(encoding).split("\x1f")
        else:
            head, *raw_parts = body.split(SUBFIELD)
            head = head.decode("latin-1")
            parts = [p[:1].decode("latin-1") + marc_charset.decode(p[1:], encoding)
                     for p in raw_parts]
        subfields = []
        for part in parts:
            if not part:
                continue
            code = part[0]
            if not code.isascii() or not code.isprintable():
                raise Broken("marc.reason_subfield_code", *_readable(raw, entries))
            subfields.append(Subfield(code, part[1:]))
        indicators = _INDICATORS.get(head) or _indicators(head)
        fields.append(Field(tag, indicators, subfields))
    claimed = "utf-8" if leader[9] == "a" else "marc-8"
    return Parsed(record, encoding, claimed,
                  length_ok=leader[:5].isdigit() and int(leader[:5]) == len(raw))


def _readable(raw: bytes, entries: list[tuple[str, int, int]]) -> tuple[str, str]:
    """001 and 245 $a of a record that does not decode, where they are plain ASCII."""
    def plain(value: bytes) -> str:
        return value.decode("ascii").strip() if all(32 <= b < 127 for b in value) else ""

    control = next((plain(raw[b:e]) for t, b, e in entries if t == "001"), "")
    title = next((plain(part[1:]) for t, b, e in entries if t == "245"
                  for part in raw[b:e].split(SUBFIELD)[1:] if part[:1] == b"a"), "")
    return control, title


_INDICATORS: dict[str, Indicators] = {}


def _indicators(text: str) -> Indicators:
    """Two indicators from what precedes the first subfield (missing ones blank, extra
    ones dropped, as pymarc does), remembered: a file uses only a few pairs."""
    pair = (text + "  ")[:2]
    indicators = Indicators(*(ch if ch.isascii() and ch.isprintable() else " " for ch in pair))
    if len(_INDICATORS) < 4096:
        _INDICATORS[text] = indicators
    return indicators
