"""Round trip without loss: what came in from real files goes back out, record by record,
field by field (a Koha 952 with all its subfields and values included), as MARC21 and as
MARCXML that keeps to the MARC21 slim schema."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pymarc
import pytest
from pymarc import Field, Indicators, Record, Subfield

from rozupe_desk.db.models import Item
from rozupe_desk.services.collection import catalog, catalog_import

DATA = Path(__file__).parent.parent / "data" / "marc"
SLIM = "{http://www.loc.gov/MARC21/slim}"
# Koha's MARC21 item field: all its subfields as Koha writes them (status $1 4 = lost, code 4)
KOHA_952 = [("0", "0"), ("1", "4"), ("2", "udc"), ("3", "1. sēj."), ("4", "0"), ("5", "0"),
            ("6", "821_174_BER"), ("7", "0"), ("8", "NOV"), ("9", "1234"), ("a", "RZP"),
            ("b", "RZP"), ("c", "BERN"), ("d", "2020-03-01"), ("e", "Jānis Roze"),
            ("g", "12.50"), ("h", "2020/1"), ("i", "INV-77"), ("l", "3"), ("o", "821.174 B"),
            ("p", "K0001"), ("r", "2024-05-02"), ("v", "15.00"), ("y", "BK")]


def chunks(data: bytes) -> list[bytes]:
    return [c + b"\x1d" for c in data.split(b"\x1d") if c.strip()]


def fields_of(record: Record) -> list[tuple]:
    out = []
    for item in record.fields:
        if item.is_control_field():
            out.append((item.tag, item.data))
        else:
            out.append((item.tag, item.indicator1, item.indicator2,
                        tuple((s.code, s.value) for s in item.subfields)))
    return out


def sources(name: str, encoding: str = "iso8859-1") -> list[Record]:
    """The source records, read by pymarc itself (Windows-1251 told to it explicitly)."""
    records = []
    for chunk in chunks((DATA / name).read_bytes()):
        record = pymarc.Record()
        record.decode_marc(chunk, to_unicode=True, encoding=encoding)
        records.append(record)
    return records


def export(tmp_path: Path, name: str = "out.mrc") -> dict[str, Record]:
    out = tmp_path / name
    catalog_import.export_items(path=out)
    if name.endswith(".xml"):
        records = pymarc.parse_xml_to_array(str(out), strict=True)
    else:
        records = list(pymarc.MARCReader(out.read_bytes(), to_unicode=True))
    return {r["001"].data: r for r in records}


@pytest.mark.parametrize(("name", "encoding"), [
    ("loc_books_400.mrc", "iso8859-1"), ("regression45.dat", "iso8859-1"),
    ("test.dat", "iso8859-1"), ("marc.dat", "iso8859-1"), ("1251.dat", "cp1251")])
def test_every_field_of_real_records_comes_back(db_path, tmp_path, name, encoding):
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes())
    summary = catalog_import.import_items(path=path)
    assert summary.refused == 0
    originals = sources(name, encoding)
    for suffix in (".mrc", ".xml"):
        exported = export(tmp_path, "out" + suffix)
        assert len(exported) == len(originals)
        for source in originals:
            back = exported[source["001"].data]
            assert fields_of(back) == fields_of(source), source["001"].data


def test_a_koha_952_comes_back_whole_with_its_values(db_path, tmp_path):
    record = sources("test.dat")[0]
    record.add_field(Field("952", Indicators(" ", " "), [Subfield(c, v) for c, v in KOHA_952]))
    path = tmp_path / "koha.mrc"
    record.leader = record.leader[:9] + "a" + record.leader[10:]
    path.write_bytes(record.as_marc())
    catalog_import.import_items(path=path)
    copy = Item.get(Item.barcode == "K0001")
    assert (copy.status, copy.price_cents, copy.shelf) == ("lost", 1250, "821.174 B")
    back = export(tmp_path)[record["001"].data]
    assert [(s.code, s.value) for s in back["952"].subfields] == KOHA_952
    # what the librarian changes here is written over the original, the rest stays
    catalog.set_copy_status(item_id=copy.id, status="available")
    back = export(tmp_path, "again.mrc")[record["001"].data]
    expected = [(c, v) for c, v in KOHA_952 if c not in ("0", "1", "4")]
    assert [(s.code, s.value) for s in back["952"].subfields] == expected


def test_merged_records_keep_their_952_fields(db_path, tmp_path):
    first, second = sources("marc.dat")[1], sources("marc.dat")[1]
    second.remove_fields("001")
    for record, barcode in ((first, "A1"), (second, "A2")):
        record.add_field(Field("952", Indicators(" ", " "), [
            Subfield("a", "RZP"), Subfield("p", barcode), Subfield("8", "NOV")]))
    path = tmp_path / "m.mrc"
    path.write_bytes(first.as_marc() + second.as_marc())
    assert catalog_import.import_items(path=path).merged == 1
    back = export(tmp_path)[first["001"].data]
    assert sorted(tuple((s.code, s.value) for s in f.subfields)
                  for f in back.get_fields("952")) == [
        (("a", "RZP"), ("p", "A1"), ("8", "NOV")), (("a", "RZP"), ("p", "A2"), ("8", "NOV"))]


# The MARC21 slim schema's patterns (MARC21slim.xsd), checked element by element.
LEADER = re.compile(r"[\d ]{5}[\dA-Za-z ][\dA-Za-z][\dA-Za-z ]{3}(2| )(2| )[\d ]{5}"
                    r"[\dA-Za-z ]{3}(4500|    )")
CONTROL_TAG = re.compile(r"00[1-9A-Za-z]")
DATA_TAG = re.compile(r"(0([1-9A-Z][0-9A-Z])|0([1-9a-z][0-9a-z]))|"
                      r"(([1-9A-Z][0-9A-Z]{2})|([1-9a-z][0-9a-z]{2}))")
INDICATOR = re.compile(r"[\da-z ]")
CODE = re.compile(r"[\dA-Za-z!\"#$%&'()*+,\-./:;<=>?{}_^`~\[\]\\]")


def test_marcxml_export_keeps_to_the_slim_schema(db_path, tmp_path):
    for name in ("loc_books_400.mrc", "1251.dat", "regression45.dat"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
        catalog_import.import_items(path=tmp_path / name)
    catalog.save_title(values={"title": "Rožupes hronika <1> & citi", "isbn": ""})
    out = tmp_path / "out.xml"
    catalog_import.export_items(path=out)
    root = ET.parse(out).getroot()
    assert root.tag == SLIM + "collection"
    assert len(root) == 400 + 6 + 12 + 1
    for record in root:
        assert record.tag == SLIM + "record"
        children = list(record)
        assert children[0].tag == SLIM + "leader" and LEADER.fullmatch(children[0].text)
        kinds = [c.tag for c in children[1:]]
        assert kinds == sorted(kinds, key=lambda t: t != SLIM + "controlfield")
        for child in children[1:]:
            assert child.tag in (SLIM + "controlfield", SLIM + "datafield")
            if child.tag == SLIM + "controlfield":
                assert CONTROL_TAG.fullmatch(child.get("tag")) and not len(child)
                continue
            assert DATA_TAG.fullmatch(child.get("tag")), child.get("tag")
            assert INDICATOR.fullmatch(child.get("ind1"))
            assert INDICATOR.fullmatch(child.get("ind2"))
            assert len(child) >= 1
            for sub in child:
                assert sub.tag == SLIM + "subfield" and CODE.fullmatch(sub.get("code"))
