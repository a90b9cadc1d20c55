"""Reader cards: ten on an A4 sheet or one per card-size page, and every barcode scans."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4

from rozupe_desk.reports.reader_cards import CARD_WIDTH, ReaderCard, build

CARDS = [ReaderCard(name, card) for name, card in (
    ("Biruta Ķēniņa", "R000001"), ("Līva Ķēniņa", "R000002"), ("Ūdris Šmits", "R000103"),
    ("Žanete Čakste", "R001204"), ("Ģirts Ļaviņš", "R010005"), ("Anna Bērziņa", "R100006"),
    ("Jānis Ozoliņš", "R000007"), ("Aija Ābola", "R000008"), ("Ēriks Dzenis", "R000009"),
    ("Ņina Petrova", "R000010"), ("Oskars Mežs", "R000011"))]

needs_tools = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                                 reason="poppler-utils and zbar-tools not installed")


def _decode(pdf, tmp_path, page: int) -> list[str]:
    stem = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True)
    image = next(tmp_path.glob(f"page{page}*.png"))
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True,
                            text=True)
    return sorted(result.stdout.split())

@needs_tools
def test_a4_sheet_holds_ten_cards_whose_barcodes_decode(tmp_path):
    pdf = build(CARDS, tmp_path / "kartes.pdf", library_name="Rožupes bibliotēka")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           2" in info
    assert "595.276 x 841.89" in info  # A4 in points
    assert _decode(pdf, tmp_path, 1) == sorted(card.card_number for card in CARDS[:10])
    assert _decode(pdf, tmp_path, 2) == ["R000011"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Rožupes bibliotēka" in text and "Žanete Čakste" in text and "Ģirts Ļaviņš" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and "yes" in fonts  # embedded

@needs_tools
def test_card_printer_layout_is_one_card_per_card_sized_page(tmp_path):
    pdf = build(CARDS[:3], tmp_path / "karte.pdf", library_name="Rožupes bibliotēka",
                layout="card")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           3" in info
    assert "242.646 x 153.071 pts" in info  # 85.6 × 54 mm
    assert _decode(pdf, tmp_path, 2) == ["R000002"]

def test_an_unknown_layout_is_refused(tmp_path):
    with pytest.raises(ValueError):
        build(CARDS, tmp_path / "x.pdf", library_name="", layout="A3")
    assert A4[0] > 2 * CARD_WIDTH  # two columns fit across the sheet
