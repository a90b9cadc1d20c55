"""The command line as the librarian (or a script) runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "rozupe_desk", *args], capture_output=True,
                          text=True, env=full_env, timeout=120)


def test_init_twice_demo_and_check(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    first = run("--db", db, "init")
    assert first.returncode == 0, first.stderr
    assert "sagatavota" in first.stdout
    second = run("--db", db, "init")
    assert second.returncode == 0 and "jau ir aktuāla" in second.stdout

    filled = run("--db", db, "demo", "--scale", "small", "--seed", "5")
    assert filled.returncode == 0, filled.stderr

    check = run("--db", db, "check", "--json")
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    assert report["integrity"] == "ok"
    assert report["patrons"] == 300 and report["items"] == 5_000
    assert report["loans"] > 8_000 and report["titles"] > 0 and report["events"] > 0


def test_the_database_can_be_named_by_environment(tmp_path):
    db = tmp_path / "env.sqlite"
    result = run("init", env={"ROZUPE_DESK_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_demo_into_a_full_database_is_a_domain_error(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    assert run("--db", db, "demo").returncode == 0
    again = run("--db", db, "demo", "--seed", "9")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "Datubāzē jau ir dati; parauga datus var ielikt tikai tukšā datubāzē.")
    assert "Traceback" not in again.stderr


def test_english_messages_on_request(tmp_path):
    result = run("--db", str(tmp_path / "x.sqlite"), "--lang", "en", "init")
    assert "ready" in result.stdout


def test_a_database_that_cannot_be_opened_exits_1_and_changes_nothing(tmp_path):
    bogus = tmp_path / "letter.sqlite"
    bogus.write_bytes(b"Dear reader, this is not a database")
    result = run("--db", str(bogus), "check")
    assert result.returncode == 1
    assert "nav Rožupe Desk datubāze" in result.stderr and "Traceback" not in result.stderr
    assert bogus.read_bytes() == b"Dear reader, this is not a database"
    missing = run("--db", str(tmp_path / "no" / "x.sqlite"), "init")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_usage_errors_exit_2_in_latvian(tmp_path):
    result = run("--db", str(tmp_path / "x.sqlite"), "frobnicate")
    assert result.returncode == 2
    assert "kļūda" in result.stderr and "nederīga izvēle" in result.stderr
    assert run("demo", "--scale", "galaxy").returncode == 2


def test_help_is_in_latvian():
    result = run("--help")
    assert result.returncode == 0
    assert "lietošana" in result.stdout and "izveidot vai atjaunināt datubāzi" in result.stdout


def test_no_screen_gives_a_message_not_an_abort(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "rozupe_desk", "--db", str(tmp_path / "x.sqlite")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "nav ekrāna" in result.stderr
