"""Sample MARC records for the catalogue tests, built with pymarc objects."""

from __future__ import annotations

import io
from pathlib import Path

import pymarc
from pymarc import Field, Indicators, Leader, Record, Subfield


def _field(tag: str, *pairs: tuple[str, str], ind: str = "  ") -> Field:
    return Field(tag, Indicators(ind[0], ind[1]), [Subfield(c, v) for c, v in pairs])


def record(title: str, *, isbn: str = "", author: str = "", leader_type: str = "am",
           year: str = "2019", copies: tuple[tuple[str, str, str], ...] = (),
           koha: bool = True, extra: tuple[Field, ...] = (), lang: str = "lav") -> Record:
    rec = Record(force_utf8=True)
    rec.leader = Leader(f"00000n{leader_type} a2200000 a 4500")
    rec.add_field(Field("001", data=f"id-{title[:10]}"))
    rec.add_field(Field("008", data=f"190101s{year}    lv            000 1 {lang} d"))
    if isbn:
        rec.add_field(_field("020", ("a", isbn)))
    rec.add_field(_field("080", ("a", "821.174")))
    if author:
        rec.add_field(_field("100", ("a", author), ind="1 "))
    rec.add_field(_field("245", ("a", f"{title} /"), ("c", author), ind="10"))
    rec.add_field(_field("264", ("a", "Rīga :"), ("b", "Zvaigzne ABC,"), ("c", f"[{year}]"),
                         ind=" 1"))
    rec.add_field(_field("650", ("a", "Biškopība")))
    for field in extra:
        rec.add_field(field)
    for barcode, acquired, price in copies:
        if koha:
            rec.add_field(_field("952", ("p", barcode), ("d", acquired), ("g", price),
                                 ("o", "D")))
        else:
            rec.add_field(_field("876", ("p", barcode), ("d", acquired), ("c", price)))
    return rec


def sample_records() -> list[Record]:
    return [
        record("Biškopība Latvijā", isbn="9789934012341", author="Bērziņš, Jānis",
               copies=(("100001", "2020-03-01", "12.50"), ("100002", "2021-05-02", "13.00"))),
        record("Ķēniņš un ezis", isbn="9984-9-9000-1", author="Ēķis, Ģirts",
               copies=(("100003", "2019-01-15", "7.99"),), koha=False),
        record("Dārza Avīze", leader_type="as", year="2024", copies=(("100004", "", ""),)),
        record("Meža skaņas", leader_type="jm", year="2015", copies=(("100005", "", "5"),)),
        record("Galda spēle „Rožupe”", leader_type="rm", year="2022"),
    ]


def write_mrc(path: Path, records: list[Record]) -> Path:
    path.write_bytes(b"".join(r.as_marc() for r in records))
    return path


def write_xml(path: Path, records: list[Record]) -> Path:
    buffer = io.BytesIO()
    writer = pymarc.XMLWriter(buffer)
    for rec in records:
        writer.write(rec)
    writer.close(close_fh=False)
    path.write_bytes(buffer.getvalue())
    return path
