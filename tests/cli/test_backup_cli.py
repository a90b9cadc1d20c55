"""`backup [-o FILE]` and `restore FILE` as real processes: messages and exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "rozupe_desk", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def set_folder(db: Path, folder: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('backup_folder', ?)",
                     (json.dumps(folder),))


def add_reader(db: Path, card: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO patron (card_number, first_name, last_name, registered_on, "
                     "token, created_at) VALUES (?, 'Jānis', 'Ozoliņš', '2024-02-03', ?, "
                     "'2024-02-03 10:00:00')", (card, abs(hash(card)) % 10**9))


def dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def readers(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT card_number FROM patron ORDER BY id")]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "lib.sqlite"
    assert run("--db", str(path), "init").returncode == 0
    add_reader(path, "R1")
    return path


def test_backup_to_a_file_then_restore_it(db, tmp_path):
    target = tmp_path / "copy.sqlite"
    made = run("--db", str(db), "backup", "-o", str(target))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Rezerves kopija saglabāta: {target} (")
    assert made.stdout.strip().endswith("MB).") and "," in made.stdout  # 0,1 MB
    add_reader(db, "R2")

    restored = run("--db", str(db), "restore", str(target))

    assert restored.returncode == 0, restored.stderr
    assert "Dati atjaunoti no" in restored.stdout and "before-restore-" in restored.stdout
    assert readers(db) == ["R1"]
    aside = next(tmp_path.glob("lib.before-restore-*.sqlite"))
    assert readers(aside) == ["R1", "R2"]
    assert run("--db", str(db), "check").returncode == 0


def test_backup_without_a_folder_says_so_in_latvian_and_exits_1(db, tmp_path):
    result = run("--db", str(db), "backup")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Rezerves kopiju mape nav iestatīta. Izvēlieties to sadaļā Fails → Iestatījumi → "
        "Rezerves kopijas vai norādiet failu ar -o.")
    set_folder(db, str(tmp_path / "usb"))
    missing = run("--db", str(db), "backup")
    assert missing.returncode == 1 and "nav atrodama" in missing.stderr
    english = run("--db", str(db), "--lang", "en", "backup")
    assert "cannot be found" in english.stderr


def test_backup_into_the_folder_gets_a_dated_name(db, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    set_folder(db, str(folder))
    result = run("--db", str(db), "backup")
    assert result.returncode == 0, result.stderr
    [made] = folder.iterdir()
    assert made.name.startswith("lib-") and made.suffix == ".sqlite"
    assert str(made) in result.stdout


def test_restore_refuses_a_bad_file_and_changes_nothing(db, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = dump(db)
    result = run("--db", str(db), "restore", str(bad))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "nekas netika mainīts" in result.stderr
    assert dump(db) == before
    assert not list(tmp_path.glob("*before-restore*"))
    missing = run("--db", str(db), "restore", str(tmp_path / "nav.sqlite"))
    assert missing.returncode == 1 and "nav." in missing.stderr
    usage = run("--db", str(db), "restore")
    assert usage.returncode == 2
