"""MARC files other systems really write (pymarc's own samples and Library of Congress
records, tests/data/marc/ORIGIN.md): every record accounted for, bad ones refused alone
with their number and reason, character sets as they really are, holdings as other systems
write them, and no merging by guesswork."""

from __future__ import annotations

import io
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pymarc
import pytest
from pymarc import Field, Indicators, Leader, Record, Subfield

from rozupe_desk.db.models import Item, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.services.collection import catalog_import

DATA = Path(__file__).parent.parent / "data" / "marc"


def real(name: str) -> bytes:
    return (DATA / name).read_bytes()


def chunks(data: bytes) -> list[bytes]:
    """The records of a file, cut at the record terminators (an independent count)."""
    return [c + b"\x1d" for c in data.split(b"\x1d") if c.strip()]


def parsed(data: bytes) -> list[Record]:
    return [pymarc.Record(c, to_unicode=True, force_utf8=True) for c in chunks(data)]


def write(tmp_path: Path, name: str, records: list[Record] | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(records if isinstance(records, bytes)
                     else b"".join(r.as_marc() for r in records))
    return path


def adds_up(summary: catalog_import.ImportSummary) -> bool:
    return summary.found == (summary.titles_added + summary.titles_matched + summary.merged
                             + summary.holdings + summary.refused)


def test_a_truncated_last_record_is_refused_alone_and_kept_to_fix(db_path, tmp_path):
    data = real("marc.dat")
    records = chunks(data)
    assert len(records) == 20
    path = write(tmp_path, "kopkatalogs.mrc", b"".join(records[:19]) + records[19][:-200])
    summary = catalog_import.import_items(path=path)
    assert (summary.found, summary.titles_added, summary.refused) == (20, 19, 1)
    assert adds_up(summary)
    assert Title.select().count() == 19
    assert summary.refusals[0].startswith("ieraksts 20: ")
    assert "nepilnīgs" in summary.refusals[0]
    rejected = tmp_path / "kopkatalogs.rejected.mrc"
    assert rejected.read_bytes() == records[19][:-200]
    assert (tmp_path / "kopkatalogs.rejected.txt").read_text(encoding="utf-8").startswith(
        "ieraksts 20: ")


def test_damaged_records_are_refused_one_by_one(db_path, tmp_path):
    summary = catalog_import.import_items(path=write(tmp_path, "b.mrc", real("bad_records.mrc")))
    # pymarc's eight damaged records and a ninth cut off at the end of the file
    assert (summary.found, summary.titles_added, summary.refused) == (9, 2, 7)
    assert [line.split(":")[0] for line in summary.refusals] == [
        f"ieraksts {n}" for n in (2, 3, 4, 5, 6, 7, 9)]
    assert adds_up(summary)


def test_records_without_245_take_another_title_or_are_refused_alone(db_path, tmp_path):
    records = parsed(real("loc_books_400.mrc"))
    stripped = records[::20][:17]  # 17 of the 400 lose their 245
    for record in stripped:
        record.remove_fields("245")
    with_other = [r for r in stripped if any(
        f.get("a") for tag in ("240", "130", "246", "500") for f in r.get_fields(tag))]
    summary = catalog_import.import_items(path=write(tmp_path, "loc.mrc", records))
    assert summary.found == 400 and adds_up(summary)
    assert summary.refused == 17 - len(with_other)
    assert summary.titles_added == 400 - summary.refused
    assert all("nav nosaukuma" in line for line in summary.refusals)
    notes = [n for n in summary.notes if "nosaukums ņemts no" in n]
    assert len(notes) == len(with_other)


def test_a_record_with_no_title_at_all_is_refused_alone(db_path, tmp_path):
    records = parsed(real("test.dat"))
    records[3].remove_fields("245", "240", "130", "246", "500")
    summary = catalog_import.import_items(path=write(tmp_path, "t.mrc", records))
    assert (summary.titles_added, summary.refused) == (9, 1)
    assert summary.refusals[0].startswith(f"ieraksts 4 (001 {records[3]['001'].data.strip()})")


def test_a_wrong_isbn_is_a_warning_kept_and_exported_as_020_z(db_path, tmp_path):
    records = parsed(real("marc.dat"))
    records[0]["020"]["a"] = "0201616221"  # the right one ends in X
    summary = catalog_import.import_items(path=write(tmp_path, "w.mrc", records))
    assert (summary.titles_added, summary.refused) == (20, 0)
    assert any(n.startswith("ieraksts 1: ISBN „0201616221” ir nepareizs") for n in summary.notes)
    title = Title.get(Title.title.startswith("The pragmatic programmer"))
    assert title.isbn == ""
    out = tmp_path / "out.mrc"
    catalog_import.export_items(path=out)
    back = next(r for r in pymarc.MARCReader(out.read_bytes(), to_unicode=True)
                if r["001"].data == records[0]["001"].data)
    assert back["020"].get("z") == "0201616221" and back["020"].get("a") is None


def _holdings_case() -> list[Record]:
    records = parsed(real("test.dat"))[:5]
    records[0].add_field(Field("952", Indicators(" ", " "), [  # Library of Congress: no $p
        Subfield("a", "DLC"), Subfield("b", "DLC"), Subfield("o", "QA76.73.P33")]))
    records[1].add_field(Field("876", Indicators(" ", " "), [  # Aleph: barcode in $5
        Subfield("a", "000123"), Subfield("5", "39015012345678")]))
    records[2].add_field(Field("852", Indicators("0", " "), [
        Subfield("a", "LV-RZP"), Subfield("h", "821.174"), Subfield("p", "RZ-0003")]))
    records[3].add_field(Field("949", Indicators(" ", " "), [
        Subfield("a", "QA76"), Subfield("i", "31234000045")]))
    return records


def test_holdings_as_other_systems_write_them(db_path, tmp_path):
    summary = catalog_import.import_items(path=write(tmp_path, "h.mrc", _holdings_case()))
    assert (summary.titles_added, summary.refused, summary.copies_added) == (5, 0, 3)
    assert summary.without_copies == 2  # the LoC 952 without $p, and no holdings at all
    assert sorted(i.barcode for i in Item.select()) == [
        "31234000045", "39015012345678", "RZ-0003"]
    assert Item.get(Item.barcode == "RZ-0003").shelf == "821.174"
    assert any("bez svītrkoda (1)" in n for n in summary.notes)


def test_marc_holdings_records_attach_their_copies_to_their_bib(db_path, tmp_path):
    bibs = parsed(real("test.dat"))[:2]
    holdings = Record(force_utf8=True)
    holdings.leader = Leader("00000nx  a2200000un 4500")
    holdings.add_field(Field("001", data="h-1"))
    holdings.add_field(Field("004", data=bibs[1]["001"].data))
    holdings.add_field(Field("852", Indicators("0", " "), [Subfield("b", "MAIN"),
                                                           Subfield("p", "H0001")]))
    holdings.add_field(Field("876", Indicators(" ", " "), [Subfield("p", "H0002"),
                                                           Subfield("c", "12.00")]))
    summary = catalog_import.import_items(path=write(tmp_path, "mfhd.mrc",
                                                     [bibs[0], holdings, bibs[1]]))
    assert (summary.found, summary.titles_added, summary.holdings) == (3, 2, 1)
    assert adds_up(summary)
    owner = Title.get(Title.title == "Programming the Perl DBI")
    assert sorted(i.barcode for i in owner.items) == ["H0001", "H0002"]
    assert Item.get(Item.barcode == "H0002").price_cents == 1200
    out = tmp_path / "out.mrc"
    catalog_import.export_items(path=out)
    back = next(r for r in pymarc.MARCReader(out.read_bytes(), to_unicode=True)
                if r["001"].data == bibs[1]["001"].data)
    assert [(f.tag, [(s.code, s.value) for s in f.subfields])
            for f in back.get_fields("852", "876")] == [
        ("852", [("b", "MAIN"), ("p", "H0001")]), ("876", [("p", "H0002"), ("c", "12.00")])]
    assert sorted(f["p"] for f in back.get_fields("952")) == ["H0001", "H0002"]


def test_seven_records_sharing_an_isbn_stay_seven_titles(db_path, tmp_path):
    records = parsed(real("loc_books_400.mrc"))[:7]
    for record in records:
        record.remove_fields("020")
        record.add_field(Field("020", Indicators(" ", " "), [Subfield("a", "9789934012341")]))
    summary = catalog_import.import_items(path=write(tmp_path, "same.mrc", records))
    assert (summary.titles_added, summary.merged) == (7, 0)
    out = tmp_path / "out.mrc"
    assert catalog_import.export_items(path=out) == 7
    exported = list(pymarc.MARCReader(out.read_bytes(), to_unicode=True))
    assert sum(len(r.fields) for r in exported) == sum(len(r.fields) for r in records)


def test_a_merge_needs_the_same_isbn_and_title_or_001_and_003_and_is_said(db_path, tmp_path):
    records = parsed(real("test.dat"))[:3]
    twin = parsed(real("test.dat"))[0]  # the same 001 and 003 again
    isbn_twin = parsed(real("marc.dat"))[1]  # ISBN 0596000855, "Programming Python"
    isbn_twin.remove_fields("001")
    again = parsed(real("marc.dat"))[1]
    again.remove_fields("001")
    again["245"]["a"] = "PROGRAMMING PYTHON"
    summary = catalog_import.import_items(path=write(
        tmp_path, "m.mrc", [*records, twin, isbn_twin, again]))
    assert (summary.found, summary.titles_added, summary.merged) == (6, 4, 2)
    merges = [n for n in summary.notes if "apvienots" in n]
    assert merges == ["ieraksts 4: apvienots ar ierakstu Nr. 1: tas pats 001 un 003",
                      "ieraksts 6: apvienots ar ierakstu Nr. 5: tas pats ISBN un nosaukums"]


def test_importing_the_same_file_twice_adds_nothing(db_path, tmp_path):
    path = write(tmp_path, "h.mrc", _holdings_case())
    catalog_import.import_items(path=path)
    before = (Title.select().count(), Item.select().count())
    again = catalog_import.import_items(path=path)
    assert (again.titles_added, again.titles_matched, again.copies_added) == (0, 5, 0)
    assert again.copies_skipped == 3
    assert (Title.select().count(), Item.select().count()) == before
    loc = write(tmp_path, "loc.mrc", real("loc_books_400.mrc"))
    catalog_import.import_items(path=loc)
    assert catalog_import.import_items(path=loc).titles_added == 0


def test_a_leader_claiming_length_00000_loses_no_record(db_path, tmp_path):
    records = chunks(real("test.dat"))[:6]
    zeroed = b"".join(b"00000" + r[5:] for r in records)
    summary = catalog_import.import_items(path=write(tmp_path, "z.mrc", zeroed))
    assert (summary.found, summary.titles_added, summary.refused) == (6, 6, 0)


def _combining(text: str) -> int:
    return sum(1 for ch in text if unicodedata.combining(ch))


def test_windows_1251_with_a_blank_leader_09_is_read_as_cyrillic(db_path, tmp_path):
    summary = catalog_import.import_items(path=write(tmp_path, "ru.mrc", real("1251.dat")))
    assert (summary.titles_added, summary.refused) == (6, 0)
    titles = [t.title for t in Title.select().order_by(Title.id)]
    assert titles[0].startswith("Основы гидравлического расчета")
    assert all(_combining(t) == 0 for t in titles)
    assert sum("Windows-1251" in n for n in summary.notes) == 6


def test_unflagged_utf8_is_detected(db_path, tmp_path):
    summary = catalog_import.import_items(
        path=write(tmp_path, "u.mrc", real("utf8_without_leader_flag.dat")))
    assert (summary.titles_added, summary.refused) == (1, 0)
    assert any("UTF-8" in n for n in summary.notes)
    exported = tmp_path / "out.mrc"
    catalog_import.export_items(path=exported)
    record = next(pymarc.MARCReader(exported.read_bytes(), to_unicode=True))
    assert str(record.leader)[9] == "a"


def test_a_broken_marc8_escape_refuses_the_record_and_stores_no_control_character(
        db_path, tmp_path):
    records = chunks(real("marc.dat"))[:3]
    path = write(tmp_path, "esc.mrc", records[0] + real("bad_marc8_escape.dat") + records[1])
    summary = catalog_import.import_items(path=path)
    assert (summary.titles_added, summary.refused) == (2, 1)
    assert summary.refusals[0].startswith("ieraksts 2 (001 2429943): ")
    assert "vadības zīmes" in summary.refusals[0]
    for title in Title.select():
        assert "\x1b" not in title.title + title.publisher
        assert b"\x1b" not in bytes(title.marc)


def test_strict_keeps_all_or_nothing(db_path, tmp_path):
    path = write(tmp_path, "b.mrc", real("bad_records.mrc"))
    with pytest.raises(DomainError, match="stingrais režīms") as caught:
        catalog_import.import_items(path=path, strict=True)
    assert "ieraksts 2" in str(caught.value)
    assert Title.select().count() == 0
    assert (tmp_path / "b.rejected.txt").exists()


def test_marcxml_errors_name_the_record(db_path, tmp_path):
    good = real("batch.xml")
    summary = catalog_import.import_items(path=write(tmp_path, "b.xml", good))
    assert (summary.found, summary.titles_added) == (2, 0 + 2)
    summary = catalog_import.import_items(path=write(tmp_path, "t.xml", real("bad_tag.xml")))
    assert (summary.found, summary.refused) == (1, 1)
    assert summary.refusals[0] == "ieraksts 1: lauka tags „42” nav MARC tags"
    rejected = ET.fromstring((tmp_path / "t.rejected.xml").read_bytes())
    assert [child.tag.rsplit("}")[-1] for child in rejected] == ["record"]
    with pytest.raises(DomainError, match=r"MARCXML.*rinda"):
        catalog_import.import_items(path=write(tmp_path, "x.xml", good[:-40]))


def test_pymarc_reads_back_what_we_wrote_as_marcxml(db_path, tmp_path):
    catalog_import.import_items(path=write(tmp_path, "loc.mrc", real("loc_books_400.mrc")))
    out = tmp_path / "out.xml"
    assert catalog_import.export_items(path=out) == 400
    back = pymarc.parse_xml_to_array(io.BytesIO(out.read_bytes()), strict=True)
    assert len(back) == 400


def test_a_record_cut_short_in_the_middle_does_not_swallow_the_next(db_path, tmp_path):
    records = chunks(real("test.dat"))
    cut = records[3][:-120]  # lost its end and its terminator
    path = write(tmp_path, "c.mrc", b"".join(records[:3]) + cut + b"".join(records[4:]))
    summary = catalog_import.import_items(path=path)
    assert (summary.found, summary.titles_added, summary.refused) == (10, 9, 1)
    assert summary.refusals[0].startswith("ieraksts 4: ")
    assert (tmp_path / "c.rejected.mrc").read_bytes() == cut


def test_a_holdings_record_of_a_refused_or_unknown_bib_is_refused_too(db_path, tmp_path):
    bib = parsed(real("test.dat"))[0]
    bib.remove_fields("245", "240", "130", "246", "500")  # refused: no title
    records = [bib]
    for number, names in enumerate((bib["001"].data, "nav-tada")):
        holdings = Record(force_utf8=True)
        holdings.leader = Leader("00000ny  a2200000un 4500")
        holdings.add_field(Field("001", data=f"h-{number}"))
        holdings.add_field(Field("004", data=names))
        holdings.add_field(Field("852", Indicators("0", " "), [Subfield("p", f"H{number}")]))
        records.append(holdings)
    summary = catalog_import.import_items(path=write(tmp_path, "mfhd.mrc", records))
    assert (summary.found, summary.refused) == (3, 3) and adds_up(summary)
    assert "noraidīts" in summary.refusals[1] and "nav-tada" in summary.refusals[2]
    assert Item.select().count() == 0


def _in_code_page(record: Record, encoding: str) -> bytes:
    """A record written in a Windows code page with leader/09 blank, as old Baltic and
    Russian systems export them (pymarc writes only UTF-8 or Latin-1)."""
    directory, body = b"", b""
    for item in record.fields:
        if item.is_control_field():
            data = item.data.encode(encoding) + b"\x1e"
        else:
            data = (item.indicator1 + item.indicator2).encode() + b"".join(
                b"\x1f" + s.code.encode() + s.value.encode(encoding) for s in item.subfields
            ) + b"\x1e"
        directory += f"{item.tag}{len(data):04d}{len(body):05d}".encode()
        body += data
    base = 24 + len(directory) + 1
    leader = f"{base + len(body) + 1:05d}nam  22{base:05d} a 4500".encode()
    return leader + directory + b"\x1e" + body + b"\x1d"


def test_windows_1257_with_a_blank_leader_09_is_read_as_latvian(db_path, tmp_path):
    records = parsed(real("test.dat"))[:2]
    records[0]["245"]["a"] = "Biškopība Latvijā /"
    records[1]["245"]["a"] = "Rīga : Zvaigzne ABC"
    path = write(tmp_path, "lv.mrc", b"".join(_in_code_page(r, "cp1257") for r in records))
    summary = catalog_import.import_items(path=path)
    assert (summary.titles_added, summary.refused) == (2, 0)
    assert sorted(t.title for t in Title.select()) == ["Biškopība Latvijā", "Rīga : Zvaigzne ABC"]
    assert sum("Windows-1257" in n for n in summary.notes) == 2


def test_a_bad_marcxml_record_in_an_oai_response_is_refused_alone(db_path, tmp_path):
    slim = "http://www.loc.gov/MARC21/slim"
    records = ET.fromstring(real("batch.xml"))
    bad = ET.fromstring(real("bad_tag.xml"))
    oai = ET.Element("{http://www.openarchives.org/OAI/2.0/}ListRecords")
    for marc in (records[0], bad, records[1]):
        envelope = ET.SubElement(oai, "{http://www.openarchives.org/OAI/2.0/}record")
        ET.SubElement(envelope, "{http://www.openarchives.org/OAI/2.0/}metadata").append(marc)
    assert all(m.tag == f"{{{slim}}}record" for m in (records[0], bad))
    path = write(tmp_path, "oai.xml", ET.tostring(oai, encoding="utf-8"))
    summary = catalog_import.import_items(path=path)
    assert (summary.found, summary.titles_added, summary.refused) == (3, 2, 1)
    assert summary.refusals == ["ieraksts 2: lauka tags „42” nav MARC tags"]


def test_the_same_record_twice_in_a_file_is_one_title_with_its_copies_once(db_path, tmp_path):
    records = _holdings_case()
    path = write(tmp_path, "twice.mrc", [*records, *records])
    summary = catalog_import.import_items(path=path)
    assert (summary.found, summary.titles_added, summary.merged, summary.refused) == (
        10, 5, 5, 0)
    assert (summary.copies_added, Item.select().count()) == (3, 3)
