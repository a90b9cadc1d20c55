"""MARC21 (ISO 2709) and MARCXML: reading titles with their copies record by record (each
record taken or refused alone: `iso2709`, `marcxml`, `marc_charset`), and writing the
catalogue back with every field that came in.

Mapping (DESIGN 4): title 245 $a $b (without 245: 240, 130, 246 or 500 $a), authors 100/700
$a, ISBN 020 $a, ISSN 022 $a, publisher and year 260/264 $b $c (year also 008/07-10),
language 008/35-37 or 041 $a, UDC 080 $a, subjects 600/650/651/653 $a, audience 008/22 `j`
= children. Copies, one per holdings field with a barcode: 952 (Koha: $p barcode, $d
acquired, $g price, $o call number; $0 withdrawn, $1 lost, $4 damaged), 876 ($p, or Aleph's
digits in $5; $d, $c price), 852 ($p; $h $i call number), 949 ($i, as Innovative writes
it); a holdings field without a barcode is counted, not an error. MARC holdings records
(leader/06 u/v/x/y) give their copies to the record their 004 names.

Document type from the leader: 06 `a`/`t` with 07 `s`/`b` -> periodical, other `a`/`t` ->
book, `g` (projected medium) and `i`/`j` (sound recordings) -> audiovisual, `m` (computer
file) -> e_resource, `r` (three-dimensional artefact: board games, toys, realia) -> game,
everything else (maps, scores, graphics, kits, mixed) -> other.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation

from pymarc import Field, Indicators, Leader, Record, Subfield
from stdnum import isbn as stdnum_isbn

from rozupe_desk.errors import InvalidInput
from rozupe_desk.formats import iso2709, marcxml
from rozupe_desk.formats.records import CopyRecord, Refusal, TitleRecord
from rozupe_desk.i18n import tr

Progress = Callable[[float], None]

LEADER_TYPES = {"book": "am", "periodical": "as", "audiovisual": "gm", "e_resource": "mm",
                "game": "rm", "other": "pm"}
_YEAR = re.compile(r"(1[4-9]\d\d|20\d\d)")
_TRAILING = " /:;,.="
HOLDING_TAGS = ("952", "852", "876", "949")
CHARSET_NAMES = {"utf-8": "UTF-8", "marc-8": "MARC-8", "cp1257": "Windows-1257",
                 "cp1251": "Windows-1251", "iso8859-13": "ISO 8859-13", "cp1252": "Windows-1252"}


def document_type(leader: str) -> str:
    kind, level = (leader[6:7], leader[7:8]) if len(leader) >= 8 else ("a", "m")
    if kind in ("a", "t"):
        return "periodical" if level in ("s", "b") else "book"
    if kind in ("g", "i", "j"):
        return "audiovisual"
    return {"m": "e_resource", "r": "game"}.get(kind, "other")


def _clean(text: str) -> str:
    # Composed (NFC): Library of Congress writes "ĭ" as i + combining breve.
    text = text if text.isascii() else unicodedata.normalize("NFC", text)
    return " ".join(text.split()).rstrip(_TRAILING).strip()


def _first(fields: dict[str, list[Field]], tags: tuple[str, ...], code: str) -> str:
    for tag in tags:
        for item in fields.get(tag, ()):
            for value in item.get_subfields(code):
                if value.strip():
                    return _clean(value)
    return ""


def _by_tag(record: Record) -> dict[str, list[Field]]:
    """The record's fields grouped by tag, in one pass (pymarc's get_fields scans all)."""
    fields: dict[str, list[Field]] = {}
    for item in record.fields:
        fields.setdefault(item.tag, []).append(item)
    return fields


TITLE_SOURCES = (("240", "a"), ("130", "a"), ("246", "a"), ("500", "a"))
HOLDINGS_KINDS = "uvxy"  # leader/06 of a MARC holdings record


def _title(fields: dict[str, list[Field]]) -> tuple[str, str]:
    """The title from 245 $a $b, else from 240/130/246/500 $a; and the tag it came from."""
    for item in fields.get("245", ()):
        parts = [_clean(v) for v in item.get_subfields("a", "b") if _clean(v)]
        if parts:
            return (" : ".join(parts) if len(parts) > 1 else parts[0]), "245"
    for tag, code in TITLE_SOURCES:
        found = _first(fields, (tag,), code)
        if found:
            return found, tag
    return "", ""


def title_fields(record: Record) -> dict[str, str]:
    """Our title columns from a MARC record, as text (validated later); `title_tag` says
    which field the title came from ("" when the record has none)."""
    fields = _by_tag(record)
    leader = str(record.leader or "")
    fixed = next((f.data or "" for f in fields.get("008", ())), "")
    title, title_tag = _title(fields)
    authors = [_clean(v) for tag in ("100", "700") for f in fields.get(tag, ())
               for v in f.get_subfields("a")]
    publisher = _first(fields, ("264", "260"), "b")
    year_text = _first(fields, ("264", "260"), "c")
    found = _YEAR.search(year_text) or _YEAR.search(fixed[7:11])
    language = fixed[35:38].strip().lower() if len(fixed) >= 38 else ""
    if not re.fullmatch(r"[a-z]{3}", language):
        language = _first(fields, ("041",), "a").lower()[:3]
    if not re.fullmatch(r"[a-z]{2,3}", language):
        language = ""
    isbn = _first(fields, ("020",), "a").split(" ")[0].split("(")[0]
    subjects = [_clean(v) for tag in ("600", "650", "651", "653") for f in fields.get(tag, ())
                for v in f.get_subfields("a") if _clean(v)]
    return {
        "title": title,
        "title_tag": title_tag,
        "authors": "; ".join(a for a in authors if a),
        "isbn": isbn,
        "issn": _first(fields, ("022",), "a"),
        "publisher": publisher,
        "year": found.group(1) if found else "",
        "language": language or "lav",
        "document_type": document_type(leader),
        "udc": _first(fields, ("080",), "a"),
        "audience": "children" if len(fixed) > 22 and fixed[22] == "j"
        and leader[6:7] in ("a", "t") else "adult",
        "subjects": "; ".join(dict.fromkeys(subjects)),
    }


def _value(item: Field, code: str) -> str:
    return (item.get(code) or "").strip()


def holding_barcode(item: Field) -> str:
    """The barcode a holdings field names, as the systems that write it put it: Koha 952 $p,
    MARC 852 $p and 876 $p, Aleph's 876 with the barcode in $5 (digits only there: $5 is
    otherwise an institution code), Innovative's 949 $i; "" when it names none."""
    if item.tag == "949":
        return _value(item, "i")
    barcode = _value(item, "p")
    if not barcode and item.tag == "876" and _value(item, "5").isdigit():
        barcode = _value(item, "5")
    return barcode


def copies(record: Record) -> tuple[list[CopyRecord], int]:
    """The copies the record's holdings fields name, one per field with a barcode; and how
    many holdings fields named none (a title without copies is no error)."""
    found = []
    unusable = 0
    seen = set()  # our export adds a 952 beside a foreign field of the same copy
    fields = _by_tag(record)
    for item in (f for tag in HOLDING_TAGS for f in fields.get(tag, ())):
        barcode = holding_barcode(item)
        if not barcode:
            unusable += 1
            continue
        if barcode in seen:
            continue
        seen.add(barcode)
        if item.tag == "952":
            status = ("discarded" if _flag(item, "0") else "lost" if _flag(item, "1")
                      else "damaged" if _flag(item, "4") else "available")
            found.append(CopyRecord(barcode=barcode, acquired_on=_value(item, "d"),
                                    price=_value(item, "g"), shelf=_value(item, "o"),
                                    status=status, branch=_value(item, "a")))
        elif item.tag == "876":
            found.append(CopyRecord(barcode=barcode, acquired_on=_value(item, "d"),
                                    price=_value(item, "c")))
        elif item.tag == "852":
            shelf = " ".join(v for v in (_value(item, "h"), _value(item, "i")) if v)
            found.append(CopyRecord(barcode=barcode, shelf=shelf))
        else:
            found.append(CopyRecord(barcode=barcode, shelf=_value(item, "a")))
    return found, unusable


def _flag(item: Field, code: str) -> bool:
    value = (item.get(code) or "").strip()
    return value not in ("", "0")


# -- reading --------------------------------------------------------------------------------
@dataclass
class MarcFile:
    """A file read record by record: what was found, taken and refused."""

    found: int = 0
    records: list[TitleRecord] = dataclass_field(default_factory=list)
    refused: list[Refusal] = dataclass_field(default_factory=list)


def read(data: bytes, *, xml: bool | None = None, progress: Progress | None = None,
         cancel: threading.Event | None = None) -> MarcFile:
    """Every record of a MARC21 or MARCXML file, each read or refused on its own."""
    if xml is None:
        xml = data.lstrip()[:1] == b"<"
    result = _read_xml(data, cancel) if xml else _read_iso2709(data, progress, cancel)
    _check_cancel(cancel)
    if not result.found:
        raise InvalidInput("marc.no_records")
    return result


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise InvalidInput("catalog.import_cancelled")


def _read_iso2709(data: bytes, progress: Progress | None, cancel: threading.Event | None
                  ) -> MarcFile:
    result = MarcFile()
    total = max(len(data), 1)
    for piece in iso2709.pieces(data):
        result.found += 1
        if piece.number % 2000 == 0:
            _check_cancel(cancel)
            if progress is not None:
                progress(0.5 * piece.offset / total)
        try:
            parsed = iso2709.parse(piece.raw)
        except iso2709.Broken as error:
            control, title = (*error.args[1:], "", "")[:2]
            _refuse(result, piece.number, tr(error.args[0]), control, piece.raw, title)
            continue
        faithful = parsed.encoding in (parsed.claimed, "ascii") and parsed.length_ok
        notes = [] if parsed.encoding in (parsed.claimed, "ascii") else [
            tr("marc.note_charset", used=CHARSET_NAMES.get(parsed.encoding, parsed.encoding),
               claimed=CHARSET_NAMES[parsed.claimed])]
        _take(result, parsed.record, piece.number, piece.raw if faithful else None,
              piece.raw, notes)
    return result


def _take(result: MarcFile, record: Record, number: int, marc: bytes | None, raw: bytes,
          notes: list[str]) -> None:
    """Add one parsed record to the result, or its refusal (a MARC record is named by its
    number: `where` stays empty)."""
    control = next((f.data or "" for f in record.fields if f.tag == "001"), "").strip()
    source = next((f.data or "" for f in record.fields if f.tag == "003"), "").strip()
    if marc is None:
        try:
            _set_utf8(record)
            marc = record.as_marc()
        except Exception:  # a record too long for ISO 2709 (or broken for pymarc)
            _refuse(result, number, tr("marc.reason_too_long"), control, raw)
            return
    found, unusable = copies(record)
    leader = str(record.leader)
    if leader[6:7] in HOLDINGS_KINDS:
        bib = next((f.data or "" for f in record.fields if f.tag == "004"), "").strip()
        if not bib:
            _refuse(result, number, tr("marc.reason_holdings_no_bib"), control, raw)
            return
        result.records.append(TitleRecord(
            where="", fields={}, copies=found, marc=marc, number=number, control=control,
            control_source=source, holdings_for=bib, holding_fields=unusable, notes=notes,
            raw=raw))
        return
    fields = title_fields(record)
    if not fields["title"]:
        _refuse(result, number, tr("marc.reason_no_title"), control, raw)
        return
    if fields["title_tag"] != "245":
        notes.append(tr("marc.note_title_from", tag=fields["title_tag"]))
    result.records.append(TitleRecord(
        where="", fields=fields, copies=found, marc=marc, number=number, control=control,
        control_source=source, holding_fields=unusable, notes=notes, raw=raw))


def _refuse(result: MarcFile, number: int, reason: str, control: str = "",
            raw: bytes | None = None, title: str = "") -> None:
    result.refused.append(Refusal(number, reason, control, title, raw,
                                  where=tr("marc.where_record", number=number)))


def _read_xml(data: bytes, cancel: threading.Event | None) -> MarcFile:
    result = MarcFile()
    try:
        for item in marcxml.records(data):
            result.found += 1
            if item.number % 2000 == 0:
                _check_cancel(cancel)
            raw = ET.tostring(item.element, encoding="utf-8")
            try:
                record = marcxml.to_record(item.element)
            except marcxml.BadRecord as error:
                message, value = error.args
                _refuse(result, item.number, tr(message, value=value), raw=raw)
                continue
            _take(result, record, item.number, None, raw, [])
    except marcxml.BadXml as error:
        line, column, reason = error.args
        raise InvalidInput("marc.bad_xml", reason=tr("marc.xml_position", line=line,
                                                      column=column, reason=reason)
                           ) from error
    return result


def _set_utf8(record: Record) -> None:
    leader = str(record.leader)
    if len(leader) == 24 and leader[9] != "a":
        record.leader = Leader(leader[:9] + "a" + leader[10:])


# -- writing --------------------------------------------------------------------------------
def build_record(title: dict, copies_of_title: Iterable[dict]) -> Record:
    """A MARC record for a title: its kept original, every field as it came in, with the
    holdings fields of our copies brought up to date (new copies in new 952s), or a new
    record when there is no original."""
    record = None
    if title.get("marc"):
        try:
            record = iso2709.parse(bytes(title["marc"])).record
        except iso2709.Broken:
            record = None
    if record is None:
        record = _new_record(title)
    koha: dict[str, Field] = {}
    for item in record.fields:
        if item.tag == "952" and holding_barcode(item):
            koha.setdefault(holding_barcode(item), item)
    record.fields = [f for f in record.fields if not (f.tag == "952" and holding_barcode(f))]
    _mark_invalid_isbns(record)
    _set_utf8(record)
    for item in copies_of_title:
        record.add_ordered_field(copy_field(item, koha.get(item["barcode"])))
    return record


def with_holdings(marc: bytes | None, donors: Iterable[bytes | None], barcodes: set[str]
                  ) -> bytes | None:
    """The kept record `marc` with the holdings fields (952, 852, 876, 949) of other
    records (merged into its title, or MARC holdings records of it) that brought the given
    barcodes, so the export writes them back as they came."""
    if not marc or not barcodes:
        return marc
    fields = []
    for donor in donors:
        if not donor:
            continue
        try:
            record = iso2709.parse(donor).record
        except iso2709.Broken:
            continue
        fields += [f for f in record.fields
                   if f.tag in HOLDING_TAGS and holding_barcode(f) in barcodes]
    if not fields:
        return marc
    try:
        record = iso2709.parse(marc).record
        for item in fields:
            record.add_ordered_field(item)
        _set_utf8(record)
        return record.as_marc()
    except (iso2709.Broken, ValueError):  # too long for ISO 2709: the copies still export
        return marc


def _mark_invalid_isbns(record: Record) -> None:
    """An ISBN with a wrong check digit goes back as 020 $z (cancelled/invalid ISBN)."""
    for item in record.get_fields("020"):
        for sub in list(item.subfields):
            if sub.code == "a":
                number = sub.value.split(" ")[0].split("(")[0].strip()
                if number and not stdnum_isbn.is_valid(number):
                    index = item.subfields.index(sub)
                    item.subfields[index] = Subfield("z", sub.value)


def copy_field(item: dict, original: Field | None = None) -> Field:
    """The 952 of a copy: its original field with only what changed here rewritten (every
    other subfield and value as it came), or a new one."""
    subfields = list(original.subfields) if original is not None else [
        Subfield("p", item["barcode"])]
    price = item.get("price_cents")
    wanted = {
        "d": str(item["acquired_on"]) if item.get("acquired_on") else "",
        "g": f"{price // 100}.{price % 100:02d}" if price is not None else "",
        "o": item.get("shelf") or "",
    }
    for code, value in wanted.items():
        old = next((s.value for s in subfields if s.code == code), None)
        if _same(code, old or "", value):
            continue
        subfields = [s for s in subfields if s.code != code]
        if value:
            subfields.append(Subfield(code, value))
    status = item.get("status", "")
    before = _status(subfields)
    if original is None or before != (status if status in STATUS_FLAGS else "available"):
        subfields = [s for s in subfields if s.code not in STATUS_FLAGS.values()]
        if status in STATUS_FLAGS:
            subfields.append(Subfield(STATUS_FLAGS[status], "1"))
    # The copy's branch (Koha: $a home, $b holding) where the field names none; a library
    # of one branch leaves it out (`branch_code` empty), as before branches.
    if item.get("branch_code") and not any(s.code in "ab" for s in subfields):
        subfields[:0] = [Subfield("a", item["branch_code"]), Subfield("b", item["branch_code"])]
    if original is not None:
        return Field("952", original.indicators, subfields)
    return Field("952", Indicators(" ", " "), subfields)


STATUS_FLAGS = {"discarded": "0", "lost": "1", "damaged": "4"}


def _status(subfields: list[Subfield]) -> str:
    flags = {s.code for s in subfields if s.value.strip() not in ("", "0")}
    return next((status for status, code in STATUS_FLAGS.items() if code in flags),
                "available")


def _same(code: str, old: str, new: str) -> bool:
    """Whether the original subfield already says what we hold (`12.5` is 12.50 EUR)."""
    if old.strip() == new:
        return True
    if code == "g":
        try:
            return Decimal(old.replace(",", ".").strip()) == Decimal(new or "x")
        except InvalidOperation:
            return False
    return False


def _new_record(title: dict) -> Record:
    record = Record(force_utf8=True)
    record.leader = Leader(f"00000n{LEADER_TYPES.get(title['document_type'], 'pm')} a2200000 a 4500")
    year = str(title.get("year") or "    ")
    language = (title.get("language") or "lav")[:3].ljust(3)
    audience = "j" if title.get("audience") == "children" else " "
    fixed = f"{'':6}s{year:4}{'':4}lv {'':7}{audience}{'':12}{language} d"
    record.add_field(Field("008", data=fixed[:40].ljust(40)))
    if title.get("isbn"):
        record.add_field(_data("020", a=title["isbn"]))
    if title.get("issn"):
        record.add_field(_data("022", a=title["issn"]))
    if title.get("udc"):
        record.add_field(_data("080", a=title["udc"]))
    authors = [a.strip() for a in (title.get("authors") or "").split(";") if a.strip()]
    if authors:
        record.add_field(_data("100", a=authors[0], ind1="1"))
    record.add_field(_data("245", a=title["title"], ind1="1" if authors else "0"))
    if title.get("publisher") or title.get("year"):
        fields = {"b": title.get("publisher") or "", "c": str(title.get("year") or "")}
        record.add_field(_data("264", ind2="1", **{k: v for k, v in fields.items() if v}))
    for subject in (title.get("subjects") or "").split(";"):
        if subject.strip():
            record.add_field(_data("653", a=subject.strip()))
    for author in authors[1:]:
        record.add_field(_data("700", a=author, ind1="1"))
    return record


def _data(tag: str, *, ind1: str = " ", ind2: str = " ", **subfields: str) -> Field:
    return Field(tag, Indicators(ind1, ind2), [Subfield(k, v) for k, v in subfields.items()])
