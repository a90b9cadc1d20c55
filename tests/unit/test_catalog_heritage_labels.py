"""Local heritage attachments and list, and label sheets that a scanner can read."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from rozupe_desk.db.models import Attachment
from rozupe_desk.errors import DomainError
from rozupe_desk.reports.heritage_list import write_heritage_list
from rozupe_desk.reports.labels import LabelData, call_letters, write_labels
from rozupe_desk.services.collection import catalog, heritage


@pytest.mark.sqlite_only
def test_attachments_are_copied_beside_the_database(db_path, tmp_path):
    title = catalog.save_title(values={"title": "Rožupes muiža", "heritage": True,
                                       "udc": "908(474.3)"})
    photo = tmp_path / "muiža.jpg"
    photo.write_bytes(b"\xff\xd8picture")
    first = heritage.add_attachment(title_id=title, source=photo, caption="1930. gads")
    second = heritage.add_attachment(title_id=title, source=photo)
    found = heritage.attachments(title_id=title)
    assert [a.kind for a in found] == ["photo", "photo"]
    assert found[0].path.read_bytes() == b"\xff\xd8picture"
    assert found[0].path.parent == db_path.with_name("library.sqlite.files") / "attachments" / str(title)
    assert found[0].path != found[1].path
    assert not Attachment.get_by_id(first).stored_path.startswith("/")
    heritage.remove_attachment(attachment_id=second)
    assert not found[1].path.exists() and len(heritage.attachments(title_id=title)) == 1
    with pytest.raises(DomainError, match="nav atrasts"):
        heritage.add_attachment(title_id=title, source=tmp_path / "nav.jpg")

    entries = heritage.heritage_list()
    assert [(e.title, e.attachments) for e in entries] == [("Rožupes muiža", 1)]
    pdf = write_heritage_list(entries, tmp_path / "h.pdf", library_name="Rožupes bibliotēka")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Novadpētniecības materiālu saraksts" in text and "Rožupes muiža" in text


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
@pytest.mark.parametrize("layout", ["3x8", "4x10", "5x13"])
def test_barcode_labels_scan_back(db_path, tmp_path, layout):
    title = catalog.save_title(values={"title": "Ķiploku audzēšana", "authors": "Āboliņa, Ņ."})
    for barcode in ("10000017", "10000024"):
        catalog.add_copy(title_id=title, values={"barcode": barcode, "shelf": "N"})
    rows = catalog.label_rows(title_id=title)
    pdf = write_labels([LabelData(**row) for row in rows], tmp_path / "l.pdf", layout=layout,
                       skip=1, library_name="Rožupes bibliotēka")
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    scanned = subprocess.run(["zbarimg", "-q", str(png)], capture_output=True, text=True).stdout
    assert sorted(scanned.split()) == ["CODE-128:10000017", "CODE-128:10000024"]


def test_spine_labels_and_call_letters(db_path, tmp_path):
    assert call_letters("Bērziņš, Jānis; Ozola", "X") == "BĒR"
    assert call_letters("", "Ābece") == "ĀBE"
    labels = [LabelData("1", "Ābece", "", "B", "821.174")] * 30
    pdf = write_labels(labels, tmp_path / "s.pdf", layout="3x8", kind="spine")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           2" in info
    with pytest.raises(DomainError):
        catalog.label_rows(barcodes=["nav-tāda"])
