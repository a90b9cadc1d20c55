"""Items files (CSV, MARC21, MARCXML) of any shape: every record is accounted for (found =
imported + already there + merged + holdings + refused; services/collection/catalog_import.py), the
summary tells exactly what was added, and the same file imported again adds nothing. (tests/unit/test_marc_properties.py covers random
bytes and single damaged bytes; here: records that look right with any field values.)"""

from __future__ import annotations

import csv
import io

from hypothesis import event, given
from hypothesis import strategies as st
from pymarc import Field, Indicators, Leader, Record, Subfield, record_to_xml

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import AuditLog, Item, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.formats.items_csv import COLUMNS
from rozupe_desk.services.collection import catalog_import
from tests.fuzz.conftest import fuzz


def _pick(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """Mostly good values, now and then a bad one."""
    return st.tuples(st.integers(0, 15), st.sampled_from(good), st.sampled_from(bad)).map(
        lambda t: t[2] if t[0] == 0 else t[1])


BARCODE = _pick(["100001", "100002", "100003", "200001", "A-7", ""],
                ["x" * 300, " ", "1\t2", "ĀČ"])
DATE = _pick(["", "2020-03-01", "2019-01-15"], ["2020-02-30", "01.03.2020", "9999-12-31",
                                                "0001-01-01", "soon"])
PRICE = _pick(["", "12.50", "7,99", "5"], ["-1", "1e9", "NaN", "12.345", "€5", "9" * 30])
TEXT = _pick(["Biškopība Latvijā", "Ķēniņš un ezis", "Dārza Avīze", "Meža skaņas"],
             ["", "  ", "ž" * 5000, "\u0000", "\ufffd\ud7ff"])
YEAR = _pick(["", "2019", "2024", "[2015]"], ["0", "20199", "-5", "MMXX"])
ISBN = _pick(["", "9789934012341", "9984-9-9000-1"], ["123", "978993401234X", "ISBN?"])
CSV_VALUES = {
    "barcode": BARCODE, "isbn": ISBN, "title": TEXT, "authors": TEXT, "publisher": TEXT,
    "year": YEAR, "language": _pick(["lav", "eng", ""], ["xx", "latviešu"]),
    "document_type": _pick(["book", "periodical", ""], ["boek", "BOOK"]),
    "udc": _pick(["821.174", ""], ["ā" * 100]), "audience": _pick(["", "children", "adult"],
                                                                   ["kids"]),
    "acquired_on": DATE, "price": PRICE,
    "source": _pick(["", "purchase", "gift"], ["stolen"]), "shelf": TEXT,
    "heritage": _pick(["", "0", "1", "jā"], ["maybe"]),
}


@st.composite
def items_csv(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), max_size=12, unique=True))
    header = ["title", *(name for name in header if name != "title")]
    if draw(st.integers(0, 9)) == 0:
        header = [*header[1:], "piezīmes"]  # no title column
    rows = draw(st.lists(st.tuples(*[CSV_VALUES[n] if n in CSV_VALUES else st.text(max_size=5)
                                     for n in header]), max_size=6))
    out = io.StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";"]))).writerows([header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1257"]))
    return out.getvalue().encode(encoding, "replace")


def _field(tag: str, pairs: list[tuple[str, str]], ind: str = "  ") -> Field:
    return Field(tag, Indicators(ind[0], ind[1]), [Subfield(c, v) for c, v in pairs])


@st.composite
def marc_record(draw) -> Record:
    record = Record(force_utf8=True)
    kind = draw(st.sampled_from(["am", "as", "jm", "rm", "tm", "gm", "zz", "a ", "  "]))
    record.leader = Leader(f"00000n{kind} a2200000 a 4500")
    record.add_field(Field("008", data=draw(st.sampled_from([
        "190101s2019    lv            000 1 lav d", "", "19", "x" * 60]))))
    for tag, strategy in (("020", ISBN), ("022", ISBN), ("080", TEXT), ("100", TEXT),
                          ("041", st.sampled_from(["lav", "", "l"]))):
        if draw(st.booleans()):
            record.add_field(_field(tag, [("a", draw(strategy))]))
    if draw(st.integers(0, 9)):
        record.add_field(_field("245", [("a", draw(TEXT)), ("b", draw(TEXT))], "10"))
    record.add_field(_field(draw(st.sampled_from(["260", "264"])),
                            [("b", draw(TEXT)), ("c", draw(YEAR))], " 1"))
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            record.add_field(_field("952", [("p", draw(BARCODE)), ("d", draw(DATE)),
                                            ("g", draw(PRICE)), ("o", draw(TEXT))]))
        else:
            record.add_field(_field("876", [("p", draw(BARCODE)), ("d", draw(DATE)),
                                            ("c", draw(PRICE))]))
    return record


@st.composite
def marc_file(draw) -> tuple[str, bytes]:
    records = draw(st.lists(marc_record(), min_size=1, max_size=4))
    if draw(st.booleans()):
        body = b"".join(record_to_xml(r, namespace=True) for r in records)
        data = (b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<collection xmlns="http://www.loc.gov/MARC21/slim">' + body + b"</collection>")
        suffix = ".xml"
    else:
        data = b"".join(r.as_marc() for r in records)
        suffix = ".mrc"
    if draw(st.integers(0, 7)) == 0:
        data = data[:draw(st.integers(0, len(data)))]  # a file cut short
    return suffix, data


def _state() -> tuple[int, int, int]:
    return Title.select().count(), Item.select().count(), AuditLog.select().count()


def _import_accounting_for_every_record(path, data: bytes) -> None:
    path.write_bytes(data)
    with database.atomic() as transaction:
        before = _state()
        try:
            summary = catalog_import.import_items(path=path)
        except DomainError as error:
            assert str(error) and "Traceback" not in str(error)
            assert _state() == before
            event(f"refused: {error.key}")
        else:
            assert _state() == (before[0] + summary.titles_added,
                                before[1] + summary.copies_added, before[2] + 1)
            assert summary.found == (summary.titles_added + summary.titles_matched
                                     + summary.merged + summary.holdings + summary.refused)
            event("imported")
            again = catalog_import.import_items(path=path)
            assert (again.titles_added, again.copies_added) == (0, 0)
            assert again.copies_skipped == summary.copies_added + summary.copies_skipped
        transaction.rollback()


@fuzz(60)
@given(data=items_csv())
def test_an_items_csv_import_accounts_for_every_row(db_path, tmp_path, data):
    _import_accounting_for_every_record(tmp_path / "krajums.csv", data)


@fuzz(60)
@given(file=marc_file())
def test_a_marc_file_import_accounts_for_every_record(db_path, tmp_path, file):
    suffix, data = file
    _import_accounting_for_every_record(tmp_path / f"krajums{suffix}", data)
