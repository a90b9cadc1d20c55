"""The events commands as the librarian runs them, on a demo database."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("events") / "demo.sqlite")
    assert run("--db", db, "demo").returncode == 0
    return db


def test_poster_1_on_a_demo_database(demo_db, tmp_path):
    target = tmp_path / "afisa.pdf"
    result = run("--db", demo_db, "poster", "1", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "Afiša saglabāta" in result.stdout
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Pasaku rīts" in text and "sestdien," in text and "plkst. 11.00–12.30" in text

    a3 = run("--db", demo_db, "poster", "1", "-o", str(tmp_path / "a3.pdf"), "--size", "A3",
             "--template", "classic")
    assert a3.returncode == 0, a3.stderr


def test_a_missing_event_exits_1_in_latvian(demo_db, tmp_path):
    result = run("--db", demo_db, "poster", "99999", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert result.stderr.strip() == "Pasākums ar numuru 99999 nav atrasts."
    assert not (tmp_path / "x.pdf").exists()
    assert run("--db", demo_db, "poster", "viens", "-o", "x.pdf").returncode == 2


def test_flyer_plan_and_certificates(demo_db, tmp_path):
    assert run("--db", demo_db, "flyer", "1", "-o", str(tmp_path / "f.pdf")).returncode == 0
    month = date.today().strftime("%Y-%m")
    plan = run("--db", demo_db, "event-plan", month, "-o", str(tmp_path / "p.pdf"))
    assert plan.returncode == 0, plan.stderr
    text = run("--db", demo_db, "event-plan", month, "--text")
    assert text.returncode == 0 and "pasākumu plāns" in text.stdout
    assert run("--db", demo_db, "event-plan", month).returncode == 1
    bad = run("--db", demo_db, "event-plan", "decembris", "-o", str(tmp_path / "p2.pdf"))
    assert bad.returncode == 1 and "GGGG-MM" in bad.stderr
    year = date.today().year - 1
    certificates = run("--db", demo_db, "certificates", "--from", f"{year}-01-01", "--to",
                       f"{year}-12-31", "--children", "--top", "5", "-o",
                       str(tmp_path / "c.pdf"))
    assert certificates.returncode == 0, certificates.stderr
    assert certificates.stdout.count("izsniegumi:") == 5
    info = subprocess.run(["pdfinfo", str(tmp_path / "c.pdf")], capture_output=True,
                          text=True).stdout
    assert "Pages:           5" in info
