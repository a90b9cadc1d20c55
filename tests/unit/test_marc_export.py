"""Exporting the catalogue as MARC21: pymarc reads back every title and copy, and the
original fields of imported records survive."""

from __future__ import annotations

import pymarc

from rozupe_desk.db.models import Item
from rozupe_desk.services.collection import catalog, catalog_import
from tests.catalog_samples import sample_records, write_mrc


def test_round_trip_keeps_every_title_copy_and_original_field(db_path, tmp_path):
    catalog_import.import_items(path=write_mrc(tmp_path / "in.mrc", sample_records()))
    own = catalog.save_title(values={"title": "Rožupes hronika", "authors": "Līcis, Ņina",
                                     "isbn": "978-9934-00-000-3", "year": "2020",
                                     "document_type": "book", "subjects": "novadpētniecība"})
    catalog.add_copy(title_id=own, values={"barcode": "200001", "price": "4,20",
                                           "acquired_on": "2024-02-03", "shelf": "NP"})
    lost = Item.get(Item.barcode == "100002")
    catalog.set_copy_status(item_id=lost.id, status="lost")

    out = tmp_path / "out.mrc"
    assert catalog_import.export_items(path=out) == 6
    records = list(pymarc.MARCReader(out.read_bytes(), to_unicode=True))
    assert all(r is not None for r in records) and len(records) == 6
    barcodes = sorted(f["p"] for r in records for f in r.get_fields("952"))
    assert barcodes == ["100001", "100002", "100003", "100004", "100005", "200001"]
    # the 876 that brought copy 100003 comes back as it was, beside our 952 of it
    king = next(r for r in records if r["245"]["a"].startswith("Ķēniņš"))
    assert [(f["p"], f["c"]) for f in king.get_fields("876")] == [("100003", "7.99")]
    bees = next(r for r in records if r["245"]["a"].startswith("Biškopība"))
    assert bees["001"].data.startswith("id-") and bees["245"]["c"] == "Bērziņš, Jānis"
    assert any(f["p"] == "100002" and f["1"] == "1" for f in bees.get_fields("952"))
    mine = next(r for r in records if r["245"]["a"] == "Rožupes hronika")
    assert mine["020"]["a"] == "9789934000003" and mine["100"]["a"] == "Līcis, Ņina"
    copy = mine["952"]
    assert (copy["p"], copy["g"], copy["d"], copy["o"]) == ("200001", "4.20", "2024-02-03", "NP")


def test_exported_file_imports_into_an_empty_catalogue_identically(db_path, tmp_path):
    catalog_import.import_items(path=write_mrc(tmp_path / "in.mrc", sample_records()))
    before = sorted((i.barcode, i.title.title, i.price_cents, i.status) for i in Item.select())
    catalog_import.export_items(path=tmp_path / "out.mrc")
    Item.delete().execute()
    from rozupe_desk.db.models import Title
    Title.delete().execute()
    catalog_import.import_items(path=tmp_path / "out.mrc")
    after = sorted((i.barcode, i.title.title, i.price_cents, i.status) for i in Item.select())
    assert after == before
