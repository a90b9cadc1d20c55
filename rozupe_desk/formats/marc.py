"""MARC21 (ISO 2709) and MARCXML through pymarc: reading titles with their copies, and
writing the catalogue back as MARC21.

Mapping (DESIGN 4): title 245 $a $b, authors 100/700 $a, ISBN 020 $a, ISSN 022 $a,
publisher and year 260/264 $b $c (year also 008/07-10), language 008/35-37 or 041 $a, UDC
080 $a, subjects 600/650/651/653 $a, audience 008/22 `j` = children; copies from 952 (Koha:
$p barcode, $d acquired, $g price, $o call number; $0 withdrawn, $1 lost, $4 damaged) or 876
($p, $d, $c price), one copy per occurrence.

Document type from the leader: 06 `a`/`t` with 07 `s`/`b` -> periodical, other `a`/`t` ->
book, `g` (projected medium) and `i`/`j` (sound recordings) -> audiovisual, `m` (computer
file) -> e_resource, `r` (three-dimensional artefact: board games, toys, realia) -> game,
everything else (maps, scores, graphics, kits, mixed) -> other.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from xml.sax import SAXException

import pymarc
from pymarc import Field, Indicators, Leader, Record, Subfield

from rozupe_desk.errors import InvalidInput
from rozupe_desk.formats.records import CopyRecord, TitleRecord
from rozupe_desk.i18n import tr

Progress = Callable[[float], None]

LEADER_TYPES = {"book": "am", "periodical": "as", "audiovisual": "gm", "e_resource": "mm",
                "game": "rm", "other": "pm"}
_YEAR = re.compile(r"(1[4-9]\d\d|20\d\d)")
_TRAILING = " /:;,.="


def document_type(leader: str) -> str:
    kind, level = (leader[6:7], leader[7:8]) if len(leader) >= 8 else ("a", "m")
    if kind in ("a", "t"):
        return "periodical" if level in ("s", "b") else "book"
    if kind in ("g", "i", "j"):
        return "audiovisual"
    return {"m": "e_resource", "r": "game"}.get(kind, "other")


def _clean(text: str) -> str:
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


def title_fields(record: Record) -> dict[str, str]:
    """Our title columns from a MARC record, as text (validated later)."""
    fields = _by_tag(record)
    leader = str(record.leader or "")
    fixed = next((f.data or "" for f in fields.get("008", ())), "")
    title = ""
    for item in fields.get("245", ()):
        parts = [_clean(v) for v in item.get_subfields("a", "b") if _clean(v)]
        title = " : ".join(parts) if len(parts) > 1 else "".join(parts)
        break
    authors = [_clean(v) for tag in ("100", "700") for f in fields.get(tag, ())
               for v in f.get_subfields("a")]
    publisher = _first(fields, ("264", "260"), "b")
    year_text = _first(fields, ("264", "260"), "c")
    found = _YEAR.search(year_text) or _YEAR.search(fixed[7:11])
    language = fixed[35:38].strip().lower() if len(fixed) >= 38 else ""
    if not re.fullmatch(r"[a-z]{3}", language):
        language = _first(fields, ("041",), "a").lower()[:3]
    isbn = _first(fields, ("020",), "a").split(" ")[0].split("(")[0]
    subjects = [_clean(v) for tag in ("600", "650", "651", "653") for f in fields.get(tag, ())
                for v in f.get_subfields("a") if _clean(v)]
    return {
        "title": title,
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


def copies(record: Record) -> list[CopyRecord]:
    found = []
    for item in record.get_fields("952"):
        status = ("discarded" if _flag(item, "0") else "lost" if _flag(item, "1")
                  else "damaged" if _flag(item, "4") else "available")
        found.append(CopyRecord(
            barcode=(item.get("p") or "").strip(), acquired_on=(item.get("d") or "").strip(),
            price=(item.get("g") or "").strip(), shelf=(item.get("o") or "").strip(),
            status=status))
    for item in record.get_fields("876"):
        found.append(CopyRecord(
            barcode=(item.get("p") or "").strip(), acquired_on=(item.get("d") or "").strip(),
            price=(item.get("c") or "").strip()))
    return found


def _flag(item: Field, code: str) -> bool:
    value = (item.get(code) or "").strip()
    return value not in ("", "0")


# -- reading --------------------------------------------------------------------------------
def read(data: bytes, *, xml: bool | None = None, progress: Progress | None = None,
         cancel: threading.Event | None = None) -> list[TitleRecord]:
    """Every record of a MARC21 or MARCXML file; an unreadable one raises InvalidInput
    naming its position, so the caller imports nothing."""
    if xml is None:
        xml = data.lstrip()[:1] == b"<"
    records = _read_xml(data) if xml else _read_iso2709(data, progress, cancel)
    result = []
    # pymarc warns about odd subfield codes it repairs; the import judges records itself.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for where, record, raw in records:
            result.append(TitleRecord(where=where, fields=title_fields(record),
                                      copies=copies(record),
                                      marc=raw or _as_marc(record, where)))
    _check_cancel(cancel)
    if not result:
        raise InvalidInput("marc.no_records")
    return result


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise InvalidInput("catalog.import_cancelled")


def _read_iso2709(data: bytes, progress: Progress | None, cancel: threading.Event | None
                  ) -> Iterator[tuple[str, Record, bytes]]:
    reader = pymarc.MARCReader(io.BytesIO(data), to_unicode=True, permissive=True,
                               utf8_handling="strict")
    offset = 0
    number = 0
    total = max(len(data), 1)
    while True:
        number += 1
        if number % 2000 == 0:
            _check_cancel(cancel)
            if progress is not None:
                progress(0.5 * offset / total)
        try:
            record = next(reader)
        except StopIteration:
            return
        except Exception as error:  # pymarc raises what it meets; all are unreadable
            raise _unreadable(number, offset, error) from error
        chunk = reader.current_chunk or b""
        if record is None or reader.current_exception is not None:
            raise _unreadable(number, offset, reader.current_exception)
        if not record.get_fields("245"):
            raise InvalidInput("marc.no_title", where=_where(number, offset))
        yield _where(number, offset), record, bytes(chunk)
        offset += len(chunk)


def _where(number: int, offset: int) -> str:
    return tr("marc.where", number=number, offset=offset)


def _unreadable(number: int, offset: int, error: object) -> InvalidInput:
    reason = type(error).__name__ if error is not None else "?"
    text = str(error or "").strip()
    if text:
        reason = f"{reason}: {text[:120]}"
    return InvalidInput("marc.unreadable", where=_where(number, offset), reason=reason)


def _read_xml(data: bytes) -> list[tuple[str, Record, bytes | None]]:
    try:
        records = pymarc.parse_xml_to_array(io.BytesIO(data), strict=True)
    except SAXException as error:
        raise InvalidInput("marc.bad_xml", reason=str(error)[:200]) from error
    except Exception as error:
        raise InvalidInput("marc.bad_xml", reason=type(error).__name__) from error
    result = []
    for number, record in enumerate(records, start=1):
        where = tr("marc.where_xml", number=number)
        if record is None or not record.get_fields("245"):
            raise InvalidInput("marc.no_title", where=where)
        if len(str(record.leader or "")) != 24:
            raise InvalidInput("marc.unreadable", where=where, reason="leader")
        result.append((where, record, None))
    return result


def _as_marc(record: Record, where: str) -> bytes:
    try:
        _set_utf8(record)
        return record.as_marc()
    except Exception as error:  # a record too long or broken for ISO 2709
        raise InvalidInput("marc.unreadable", where=where, reason=type(error).__name__
                           ) from error


def _set_utf8(record: Record) -> None:
    leader = str(record.leader)
    if len(leader) == 24 and leader[9] != "a":
        record.leader = Leader(leader[:9] + "a" + leader[10:])


# -- writing --------------------------------------------------------------------------------
def build_record(title: dict, copies_of_title: Iterable[dict]) -> Record:
    """A MARC record for a title: its kept original (old 952/876 replaced) or a new one."""
    record = None
    if title.get("marc"):
        record = next(pymarc.MARCReader(bytes(title["marc"]), to_unicode=True,
                                        permissive=True), None)
    if record is None:
        record = _new_record(title)
    record.remove_fields("952", "876")
    _set_utf8(record)
    for item in copies_of_title:
        record.add_ordered_field(copy_field(item))
    return record


def copy_field(item: dict) -> Field:
    subfields = [Subfield("p", item["barcode"])]
    if item.get("acquired_on"):
        subfields.append(Subfield("d", str(item["acquired_on"])))
    if item.get("price_cents") is not None:
        cents = item["price_cents"]
        subfields.append(Subfield("g", f"{cents // 100}.{cents % 100:02d}"))
    if item.get("shelf"):
        subfields.append(Subfield("o", item["shelf"]))
    flag = {"discarded": "0", "lost": "1", "damaged": "4"}.get(item.get("status", ""))
    if flag:
        subfields.append(Subfield(flag, "1"))
    return Field("952", Indicators(" ", " "), subfields)


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
