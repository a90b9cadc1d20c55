"""Hostile text in every document (issue 14): a 10 000-character title with no spaces,
reportlab markup (`<b>`, `&`, `<font>`), control characters, a formula as the library's
name. Every PDF is made (none fails with reportlab's LayoutError, no batch stops at one bad
record), is a real PDF, and shows the text as text, shortened with "…".

`ROZUPE_ATTACK_ROUNDS=N` runs N random hostile texts through the fast documents.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
from datetime import date

import pytest

from rozupe_desk.reports import fonts, safe_text
from rozupe_desk.reports.heritage_list import write_heritage_list
from rozupe_desk.reports.labels import LabelData, write_labels
from rozupe_desk.reports.loan_slip import build_loan_slip
from rozupe_desk.services.circulation.desk import LoanLine, SlipData
from rozupe_desk.services.collection.heritage import HeritageEntry
from tests.cli.test_koc_cli import run
from tests.crash.attack import UNEXPECTED, demo_library, rounds

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")]

LONG = "Ā" * 3000 + "<b>&amp;<font name='x'>" + "x" * 7000
HOSTILE = {
    "long": LONG,
    "markup": "<b>Bold</b> & <font size=90>big</font> <para> <br/> &nbsp; <img src='x'/>",
    "control": "Nulles\x00zīme\x07 un\x1b[31m krāsa\x0c\r\n otrā rinda",
    "formula": '=HYPERLINK("http://x","klik")',
}


def pdf_text(path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory):
    """The demo library with every text the documents show set to the hostile ones."""
    folder = tmp_path_factory.mktemp("hostile")
    path = demo_library(folder)
    with sqlite3.connect(path) as db:
        texts = list(HOSTILE.values())
        db.execute("UPDATE title SET title = ?, authors = ?", (LONG, "<b>" + "Ž" * 5000))
        db.execute("UPDATE title SET title = ? WHERE id % 4 = 1", (texts[1],))
        db.execute("UPDATE title SET title = ? WHERE id % 4 = 2", (texts[2],))
        db.execute("UPDATE patron SET first_name = ?, last_name = ?, address = ?",
                   ("<font>" + "A" * 3000, "&" + "B" * 5000, "C" * 8000))
        db.execute("UPDATE event SET title = ?, description = ?, place = ?",
                   ("<b>" + "E" * 6000, "D" * 10000 + texts[2], "P" * 3000))
        db.execute("INSERT INTO setting (key, value) VALUES ('library_name', ?) ON CONFLICT"
                   " (key) DO UPDATE SET value = excluded.value",
                   (json.dumps(HOSTILE["formula"] + "<b>" + "L" * 3000),))
        event = db.execute("SELECT id FROM event ORDER BY id LIMIT 1").fetchone()[0]
        card = db.execute("SELECT card_number FROM patron ORDER BY id LIMIT 1").fetchone()[0]
    return path, event, card


DOCUMENTS = {
    "reminders": ["report", "overdue", "-o", "{out}", "--on", "2026-12-01"],
    "privacy_export": ["privacy", "export", "{card}", "-o", "{out}"],
    "monthly": ["report", "monthly", "2025-06", "-o", "{out}"],
    "annual": ["report", "annual", "2025", "-o", "{out}"],
    "poster_bright": ["poster", "{event}", "-o", "{out}", "--template", "bright"],
    "poster_classic": ["poster", "{event}", "-o", "{out}", "--template", "classic"],
    "poster_modern_a3": ["poster", "{event}", "-o", "{out}", "--template", "modern",
                         "--size", "A3"],
    "flyer": ["flyer", "{event}", "-o", "{out}"],
    "event_plan": ["event-plan", "2025-06", "-o", "{out}"],
    "certificates": ["certificates", "--from", "2025-01-01", "--to", "2025-12-31", "-o",
                     "{out}"],
    "cards_a4": ["cards", "-o", "{out}"],
    "cards_card": ["cards", "-o", "{out}", "--layout", "card", "{card}"],
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_takes_any_text(hostile_library, tmp_path, name):
    path, event, card = hostile_library
    out = tmp_path / f"{name}.pdf"
    args = [a.format(out=out, event=event, card=card) for a in DOCUMENTS[name]]
    done = run("--db", str(path), *args)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert UNEXPECTED not in said and "Traceback" not in said
    text = pdf_text(out)
    assert "\x00" not in text
    if name in ("reminders", "privacy_export", "monthly"):
        assert "<b>" in text or "&" in text  # markup shows as text, not as formatting


def hostile_texts(rng: random.Random) -> list[str]:
    """The fixed hostile texts, then random ones: long runs, markup, control characters."""
    pieces = ["<b>", "</b>", "&", "&amp;", "<font size=80>", "<br/>", "\x00", "\x1f", "\t",
              "\n", "=", "+", "@", "Ķēniņš", "x" * 500, " "]
    found = list(HOSTILE.values())
    for _ in range(rounds(3)):
        found.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))))
    return found


def test_the_python_built_documents_take_any_text(tmp_path):
    rng = random.Random(14)
    for n, text in enumerate(hostile_texts(rng)):
        loans = [LoanLine(i, text, text, f"{text[:30]}{i}", date(2026, 3, 10),
                          date(2026, 4, 7), 0, 0) for i in range(12)]
        slip = build_loan_slip(SlipData(text, text, text, date(2026, 3, 10), text, text[:60],
                                        loans), tmp_path / f"slip{n}.pdf")
        heritage = write_heritage_list(
            [HeritageEntry(text, text, 1930, text, text, 3, 1)] * 5, tmp_path / f"h{n}.pdf",
            library_name=text)
        labels = [LabelData(barcode=f"100{n}", title=text, authors=text, shelf=text[:40],
                            udc=text[:40])]
        barcode = write_labels(labels, tmp_path / f"l{n}.pdf", library_name=text)
        spine = write_labels(labels, tmp_path / f"s{n}.pdf", kind="spine")
        for pdf in (slip, heritage, barcode, spine):
            assert "\x00" not in pdf_text(pdf)


def test_shortening_keeps_the_start_and_says_it_was_cut():
    assert safe_text.shorten("x" * 10_000, 50) == "x" * 49 + "…"
    assert safe_text.shorten("Ķēniņš", 50) == "Ķēniņš"
    assert safe_text.escape("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert safe_text.clean("a\x00b\x07c\td") == "abc d"
    fonts.register_fonts()
    line = safe_text.one_line("W" * 10_000, fonts.SANS, 10, 100)
    assert line.endswith("…") and len(line) < 30
