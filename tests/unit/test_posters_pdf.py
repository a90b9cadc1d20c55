"""Posters, flyers and the month plan as files: page size, embedded fonts, Latvian text,
the picture and a QR code that a phone can read."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from rozupe_desk.errors import InvalidInput, NotFound
from rozupe_desk.services import settings
from rozupe_desk.services.events import event_documents, events
from rozupe_desk.services.events.events import EventFields

LINK = "https://www.livani.lv/lv/pasakumi"


@pytest.fixture
def event_id(db_path, tmp_path) -> int:
    settings.update(library_name="Rožupes bibliotēka",
                    library_address="Skolas iela 2, Rožupe, Līvānu nov.")
    photo = tmp_path / "photo.png"
    Image.new("RGB", (300, 120), (30, 120, 200)).save(photo)
    return events.create_event(fields=EventFields(
        title="Pasaku rīts mazajiem lasītājiem", kind="reading",
        starts_at=datetime(2026, 12, 12, 14, 0), ends_at=datetime(2026, 12, 12, 15, 30),
        place="Rožupes bibliotēka", audience="Bērni no 4 gadu vecuma",
        description="Lasām skaļi, zīmējam un spēlējam.", partners="Rožupes PII",
        link_url=LINK, for_children=True), image_source=photo)


def pdf(tool: str, path: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, check=True).stdout


def assert_fonts_embedded(path: Path) -> None:
    rows = pdf("pdffonts", path).splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        assert "DejaVu" in row and row.split()[-5] == "yes", row  # the emb column


@pytest.mark.parametrize("template", event_documents.TEMPLATES)
def test_a4_poster_in_every_template(event_id, tmp_path, template):
    target = event_documents.make_poster(event_id=event_id, target=tmp_path / "afisa.pdf",
                                         template=template)
    assert "595.276 x 841.89 pts (A4)" in pdf("pdfinfo", target)
    assert_fonts_embedded(target)
    text = " ".join(pdf("pdftotext", target).split())
    # The modern template sets weekday, day and month as separate lines of its date column.
    when = "12. decembrī" if template == "modern" else "sestdien, 12. decembrī"
    assert when in text
    assert "plkst. 14.00–15.30" in text
    assert "Pasaku rīts mazajiem lasītājiem" in text
    assert "Rožupes bibliotēka".upper() in text.upper()
    assert "Sadarbībā ar: Rožupes PII" in text
    images = pdf("pdfimages", target, "-list").splitlines()[2:]
    assert len(images) >= 1, "the picture is on the poster"


def test_a3_poster_and_its_qr_code(event_id, tmp_path):
    target = event_documents.make_poster(event_id=event_id, target=tmp_path / "liela",
                                         size="A3", template="modern")
    assert target.name == "liela.pdf"
    assert "841.89 x 1190.55 pts (A3)" in pdf("pdfinfo", target)
    if shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(target),
                        str(tmp_path / "page")], check=True)
        found = subprocess.run(["zbarimg", "-q", str(tmp_path / "page.png")],
                               capture_output=True, text=True).stdout
        assert f"QR-Code:{LINK}" in found


def test_a_poster_without_a_picture_or_link_still_draws(db_path, tmp_path):
    event_id = events.create_event(fields=EventFields(
        title="Izstāde „Rožupe fotogrāfijās”", kind="exhibition",
        starts_at=datetime(2026, 12, 1, 10), ends_at=datetime(2027, 1, 20, 18)))
    target = event_documents.make_poster(event_id=event_id, target=tmp_path / "p.pdf")
    text = " ".join(pdf("pdftotext", target).split())
    assert "no 2026. gada 1. decembra līdz 2027. gada 20. janvārim" in text
    assert len(pdf("pdfimages", target, "-list").splitlines()) == 2  # a header, no picture


def test_flyer_is_two_a5_on_an_a4_sheet(event_id, tmp_path):
    target = event_documents.make_flyer(event_id=event_id, target=tmp_path / "s.pdf")
    assert "841.89 x 595.276 pts (A4)" in pdf("pdfinfo", target)
    assert_fonts_embedded(target)
    text = pdf("pdftotext", target)
    assert text.count("sestdien, 12. decembrī") == 2


def test_month_plan_lists_the_events(event_id, tmp_path):
    events.create_event(fields=EventFields(title="Dzejas pēcpusdiena", kind="meeting",
                                           starts_at=datetime(2026, 12, 3, 17, 0)))
    target = event_documents.make_event_plan(year=2026, month=12, target=tmp_path / "plan.pdf")
    assert "595.276 x 841.89 pts (A4)" in pdf("pdfinfo", target)
    assert_fonts_embedded(target)
    text = " ".join(pdf("pdftotext", target).split())
    assert "Pasākumu plāns" in text and "2026. gada decembris" in text
    assert text.index("Dzejas pēcpusdiena") < text.index("Pasaku rīts mazajiem lasītājiem")
    assert "Bērniem" in text and "Darba laiks: O–Pk 10–18, S 10–15" in text


def test_a_busy_month_flows_onto_more_pages(db_path, tmp_path):
    for day in range(1, 29):
        events.create_event(fields=EventFields(
            title=f"Pasākums numur {day}", starts_at=datetime(2026, 2, day, 12),
            description="Garš apraksts, kas aizņem vietu. " * 6))
    target = event_documents.make_event_plan(year=2026, month=2, target=tmp_path / "p.pdf")
    info = pdf("pdfinfo", target)
    assert int(info.split("Pages:")[1].split()[0]) >= 3
    text = pdf("pdftotext", target)
    assert all(f"Pasākums numur {day}" in text for day in range(1, 29))


def test_bad_requests_leave_no_file(event_id, tmp_path):
    with pytest.raises(NotFound):
        event_documents.make_poster(event_id=999, target=tmp_path / "x.pdf")
    with pytest.raises(InvalidInput):
        event_documents.make_poster(event_id=event_id, target=tmp_path / "x.pdf", size="A0")
    with pytest.raises(InvalidInput):
        event_documents.make_poster(event_id=event_id, target=tmp_path / "no" / "x.pdf")
    assert list(tmp_path.glob("*.pdf")) == []


def test_text_too_long_for_its_box_ends_with_an_ellipsis():
    from rozupe_desk.reports import design
    from rozupe_desk.reports.fonts import SANS_BOLD, register_fonts

    register_fonts()
    title = "Ļoti garš pasākuma nosaukums, kas nekādi neietilpst trīs rindās " * 4
    size, lines = design.fit_lines(title, SANS_BOLD, 300, largest=40, smallest=20, max_lines=3)
    assert size == 20 and len(lines) == 3 and lines[-1].endswith("…")
    assert all(design.stringwidth(line, SANS_BOLD, size) <= 300 for line in lines)
    size, lines = design.fit_lines("Īss", SANS_BOLD, 300, largest=40, smallest=20, max_lines=3)
    assert (size, lines) == (40, ["Īss"])


def test_month_plan_as_text_for_the_newsletter(event_id):
    text = event_documents.event_plan_text(year=2026, month=12)
    assert text.startswith("Rožupes bibliotēka: pasākumu plāns – 2026. gada decembris\n")
    assert ("Sestdien, 12. decembrī plkst. 14.00–15.30 – Pasaku rīts mazajiem lasītājiem\n"
            "   Rožupes bibliotēka. Bērni no 4 gadu vecuma.\n") in text
    assert text.rstrip().endswith("Skolas iela 2, Rožupe, Līvānu nov.")
    empty = event_documents.event_plan_text(year=2027, month=1)
    assert "pasākumi vēl nav ieplānoti" in empty
