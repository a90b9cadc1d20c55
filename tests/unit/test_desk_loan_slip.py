"""The loan slip PDF: Latvian letters, the reader, titles and due dates, embedded fonts."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from rozupe_desk.reports.loan_slip import build_loan_slip
from rozupe_desk.services.circulation.desk import LoanLine, SlipData


def slip(count: int) -> SlipData:
    loans = [LoanLine(i, f"Ķēniņa pasakas {i}", "Ūdre, Žanis", f"100{i:03d}", date(2026, 3, 10),
                      date(2026, 4, 7), 0, 0) for i in range(count)]
    return SlipData("Rožupes bibliotēka", "Skolas iela 2, Rožupe", "+371 65300000",
                    date(2026, 3, 10), "Līga Bērziņa", "R000042", loans)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_slip_shows_reader_titles_and_due_dates(tmp_path):
    path = build_loan_slip(slip(3), tmp_path / "slip.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for fragment in ("Izsniegumu kvīts", "Līga Bērziņa", "R000042", "Ķēniņa pasakas 2",
                     "07.04.2026.", "Rožupes bibliotēka", "Ūdre, Žanis"):
        assert fragment in text, fragment
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils missing")
def test_a_long_list_flows_onto_more_pages(tmp_path):
    path = build_loan_slip(slip(30), tmp_path / "long.pdf")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages >= 2
