"""The items CSV: encodings, separators, grouping copies under one title, bad rows refused."""

from __future__ import annotations

import pytest

from rozupe_desk.db.models import Item, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.services.collection import catalog_import

HEADER = ("barcode;isbn;title;authors;publisher;year;language;document_type;udc;audience;"
          "acquired_on;price;source;shelf;heritage;extra")


def _write(tmp_path, lines, encoding="utf-8-sig"):
    path = tmp_path / "items.csv"
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def test_windows_1257_semicolons_and_grouping(db_path, tmp_path):
    path = _write(tmp_path, [
        HEADER,
        "300001;978-9934-01-234-1;Biškopība Latvijā;Bērziņš, Jānis;Zvaigzne ABC;2019;lav;"
        "book;638.1;adult;2020-01-02;12,50;purchase;N;0;x",
        "300002;9789934012341;Biškopība Latvijā;Bērziņš, Jānis;Zvaigzne ABC;2019;lav;"
        "book;638.1;adult;2020-01-02;12,50;gift;N;;",
        "300003;;Rožupes skola 100 gados;Ķirsis, Ļena;;1998;lav;book;908;adult;;;;NP;1;",
    ], encoding="cp1257")
    summary = catalog_import.import_items(path=path)
    assert (summary.titles_added, summary.copies_added) == (2, 3)
    bees = Title.get(Title.isbn == "9789934012341")
    assert bees.items.count() == 2 and bees.authors == "Bērziņš, Jānis"
    heritage = Title.get(Title.title == "Rožupes skola 100 gados")
    assert heritage.heritage and heritage.authors == "Ķirsis, Ļena"
    assert Item.get(Item.barcode == "300002").source == "gift"
    assert Item.get(Item.barcode == "300001").price_cents == 1250
    again = catalog_import.import_items(path=path)
    assert again.titles_added == 0 and again.copies_added == 0


@pytest.mark.parametrize(("row", "expected"), [
    ("300001;;Grāmata;;;;;;;;;12,5x;;;;", "cena"),
    ("300001;;;;;;;;;;;;;;;", "Nosaukums"),
    ("300001;;Grāmata;;;;;;;;2020-13-01;;;;;", "datums"),
])
def test_a_bad_row_is_refused_alone_with_its_line(db_path, tmp_path, row, expected):
    path = _write(tmp_path, [HEADER, "300009;;Laba;;;;;;;;;;;;;", row])
    summary = catalog_import.import_items(path=path)
    assert (summary.found, summary.titles_added, summary.refused) == (2, 1, 1)
    assert summary.refusals[0].startswith("rinda 3") and expected in summary.refusals[0]
    assert [t.title for t in Title.select()] == ["Laba"]
    assert (tmp_path / "items.rejected.txt").read_text(encoding="utf-8").startswith("rinda 3")
    with pytest.raises(DomainError, match=expected):
        catalog_import.import_items(path=path, strict=True)


def test_a_wrong_isbn_is_a_warning(db_path, tmp_path):
    path = _write(tmp_path, [HEADER, "300001;9789934012340;Grāmata;;;;;;;;;;;;;"])
    summary = catalog_import.import_items(path=path)
    assert (summary.titles_added, summary.refused) == (1, 0)
    assert summary.notes == ["rinda 2: ISBN „9789934012340” ir nepareizs (kontrolcipars); "
                             "nosaukums ielasīts bez ISBN"]


def test_duplicate_barcode_in_the_file(db_path, tmp_path):
    path = _write(tmp_path, ["barcode,title", "1,Viens", "1,Divi"])
    summary = catalog_import.import_items(path=path)
    assert summary.refusals == ["rinda 3 „Divi”: svītrkods „1” failā jau bija: rinda 2"]
    assert [t.title for t in Title.select()] == ["Viens"]
