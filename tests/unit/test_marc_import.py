"""MARC21 and MARCXML import: the mapping, same result from both, no duplicates on
re-import, unreadable records refused with their position and nothing imported."""

from __future__ import annotations

import pymarc
import pytest

from rozupe_desk.db.models import Item, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.formats import marc
from rozupe_desk.services.collection import catalog_import
from tests.catalog_samples import record, sample_records, write_mrc, write_xml


def _snapshot() -> tuple[list, list]:
    titles = [(t.isbn, t.title, t.authors, t.publisher, t.year, t.language, t.document_type,
               t.udc, t.subjects) for t in Title.select().order_by(Title.title)]
    items = [(i.barcode, i.title.title, str(i.acquired_on), i.price_cents, i.shelf, i.status)
             for i in Item.select().order_by(Item.barcode)]
    return titles, items


def test_mapping_of_the_fields(db_path, tmp_path):
    summary = catalog_import.import_items(path=write_mrc(tmp_path / "a.mrc", sample_records()))
    assert (summary.titles_added, summary.copies_added) == (5, 5)
    bees = Title.get(Title.isbn == "9789934012341")
    assert bees.title == "Biškopība Latvijā"
    assert bees.authors == "Bērziņš, Jānis"
    assert (bees.publisher, bees.year, bees.language, bees.udc) == ("Zvaigzne ABC", 2019, "lav",
                                                                    "821.174")
    assert bees.subjects == "Biškopība" and bees.document_type == "book"
    assert bees.marc.startswith(b"0") and pymarc.Record(bytes(bees.marc))["245"]["a"]
    copy = Item.get(Item.barcode == "100001")
    assert (str(copy.acquired_on), copy.price_cents, copy.shelf) == ("2020-03-01", 1250, "D")
    assert Title.get(Title.isbn == "9984990001").title == "Ķēniņš un ezis"  # 876 copies
    assert Item.get(Item.barcode == "100003").price_cents == 799
    types = {t.title: t.document_type for t in Title.select()}
    assert types["Dārza Avīze"] == "periodical"
    assert types["Meža skaņas"] == "audiovisual"
    assert types["Galda spēle „Rožupe”"] == "game"


def test_marc21_and_marcxml_import_to_the_same_result(db_path, tmp_path):
    records = sample_records()
    catalog_import.import_items(path=write_mrc(tmp_path / "a.mrc", records))
    from_mrc = _snapshot()
    Item.delete().execute()
    Title.delete().execute()
    catalog_import.import_items(path=write_xml(tmp_path / "a.xml", records))
    assert _snapshot() == from_mrc
    assert len(from_mrc[0]) == 5


def test_reimport_adds_nothing_and_new_copies_join_the_title(db_path, tmp_path):
    path = write_mrc(tmp_path / "a.mrc", sample_records())
    catalog_import.import_items(path=path)
    before = _snapshot()
    again = catalog_import.import_items(path=path)
    assert again.titles_added == 0 and again.copies_added == 0
    assert again.copies_skipped == 5 and again.titles_matched == 5
    assert _snapshot() == before
    more = record("Biškopība Latvijā", isbn="978-9934-01-234-1",
                  copies=(("100009", "2022-01-01", "9.00"),))
    summary = catalog_import.import_items(path=write_mrc(tmp_path / "b.mrc", [more]))
    assert (summary.titles_added, summary.titles_matched, summary.copies_added) == (0, 1, 1)
    assert Item.get(Item.barcode == "100009").title.isbn == "9789934012341"


def test_a_broken_record_is_refused_alone_with_its_number(db_path, tmp_path):
    good = [r.as_marc() for r in sample_records()]
    broken = good[2][:40] + b"garbage" + good[2][47:]  # a damaged directory
    path = tmp_path / "bad.mrc"
    path.write_bytes(good[0] + good[1] + broken + good[3])
    summary = catalog_import.import_items(path=path)
    assert (summary.found, summary.titles_added, summary.refused) == (4, 3, 1)
    assert summary.refusals == ["ieraksts 3: ieraksta lauku saraksts (direktorijs) ir bojāts"]
    assert (tmp_path / "bad.rejected.mrc").read_bytes() == broken
    assert Title.select().count() == 3


def test_a_truncated_file_keeps_its_whole_records_and_bad_xml_is_refused(db_path, tmp_path):
    data = write_mrc(tmp_path / "a.mrc", sample_records()).read_bytes()
    (tmp_path / "cut.mrc").write_bytes(data[:-30])
    summary = catalog_import.import_items(path=tmp_path / "cut.mrc")
    assert (summary.titles_added, summary.refused) == (4, 1)
    assert summary.refusals[0].startswith("ieraksts 5: ")
    (tmp_path / "bad.xml").write_bytes(b"<collection><record><leader>")
    with pytest.raises(DomainError, match="MARCXML"):
        catalog_import.import_items(path=tmp_path / "bad.xml")
    assert Title.select().count() == 4


def test_duplicate_and_taken_barcodes_refuse_their_record_only(db_path, tmp_path):
    twice = [*sample_records(), record("Cits", copies=(("100001", "", ""),))]
    summary = catalog_import.import_items(path=write_mrc(tmp_path / "d.mrc", twice))
    assert summary.refusals == [
        "ieraksts 6 (001 id-Cits) „Cits”: svītrkods „100001” failā jau bija: ieraksts 1"]
    assert Title.select().count() == 5
    taken = [record("Svešs", isbn="9789934000003", copies=(("100001", "", ""),)),
             record("Jauns", copies=(("100077", "", ""),))]
    summary = catalog_import.import_items(path=write_mrc(tmp_path / "t.mrc", taken))
    assert summary.titles_added == 1 and summary.refused == 1
    assert "citam nosaukumam" in summary.refusals[0]
    assert Title.select().count() == 6


def test_document_type_from_the_leader():
    assert marc.document_type("00000nas a2200000 a 4500") == "periodical"
    assert marc.document_type("00000nab a2200000 a 4500") == "periodical"
    assert marc.document_type("00000ntm a2200000 a 4500") == "book"
    assert marc.document_type("00000ngm a2200000 a 4500") == "audiovisual"
    assert marc.document_type("00000nim a2200000 a 4500") == "audiovisual"
    assert marc.document_type("00000nmm a2200000 a 4500") == "e_resource"
    assert marc.document_type("00000nem a2200000 a 4500") == "other"


def test_a_cancelled_import_leaves_nothing(db_path, tmp_path):
    import threading

    cancel = threading.Event()
    seen = []

    def progress(fraction):
        seen.append(fraction)
        if fraction >= 0.5:
            cancel.set()

    path = write_mrc(tmp_path / "a.mrc", sample_records())
    with pytest.raises(DomainError, match="atcelta"):
        catalog_import.import_items(path=path, progress=progress, cancel=cancel)
    assert seen and Title.select().count() == 0 and Item.select().count() == 0


def test_a_nul_in_a_plain_ascii_subfield_of_a_marc8_record_is_refused_not_stored():
    # Found by tests/fuzz: the record is MARC-8 (its UTF-8 reading has the NUL too); the
    # check read pymarc's MARC-8 decoding, which drops the NUL, while the field kept it.
    data = (b"00139nam a2200061 a 4500008004100000245000800041260002800049\x1e190101s2019"
            b"    lv            000 1 lav d\x1e10\x1fa\x1fb\x00\x1e 1\x1fbBi\xc5\xa1kop\xc4"
            b"\xabba Latvij\xc4\x81\x1fc0\x1e\x1d")
    read = marc.read(data)
    assert read.records == []
    assert [r.number for r in read.refused] == [1]
    assert "vadības zīmes" in read.refused[0].reason
