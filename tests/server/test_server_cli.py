"""The command line on a server URL: the README's commands run as on an SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rozupe(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", url, *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_init_demo_check_report_and_privacy_on_a_server(server_url, tmp_path):
    assert rozupe(server_url, "init").returncode == 0
    demo = rozupe(server_url, "demo", "--seed", "3")
    assert demo.returncode == 0, demo.stderr
    check = rozupe(server_url, "check", "--json")
    assert check.returncode == 0, check.stderr
    counts = json.loads(check.stdout)
    assert counts["integrity"] == "ok" and counts["loans"] > 5000 and counts["patrons"] > 100
    report = rozupe(server_url, "report", "monthly", "2026-01", "-o", str(tmp_path / "m.pdf"),
                    "--csv", str(tmp_path / "m.csv"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
    assert rozupe(server_url, "privacy", "absent").returncode == 0
    exported = rozupe(server_url, "export", "patrons", str(tmp_path / "p.csv"))
    assert exported.returncode == 0, exported.stderr
    assert rozupe(server_url, "audit", "-o", str(tmp_path / "a.csv")).returncode == 0


def test_a_refusal_on_a_server_is_one_latvian_line(server_url, tmp_path):
    koc = tmp_path / "x.koc"
    koc.write_text("Version=1.0\tGenerator=test\tGeneratorVersion=1\n"
                   "2026-01-05 10:00:00 000\tissue\tNAV-TADA\t999999\n", encoding="utf-8")
    result = rozupe(server_url, "import", "koc", str(koc))
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() and len(result.stderr.strip().splitlines()) == 1
