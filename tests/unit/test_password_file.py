"""The library server's password on this PC: a libpq password file, owner-only, one line
per server, found by libpq through PGPASSFILE (which a user's own setting overrides)."""

from __future__ import annotations

import os
import stat

import pytest

from rozupe_desk import password_file


@pytest.fixture
def no_password_file_set(monkeypatch):
    """PGPASSFILE unset, and unset again after the test whatever the test set."""
    monkeypatch.setenv(password_file.ENV_VAR, "recorded, so that undo removes it")
    monkeypatch.delenv(password_file.ENV_VAR)


def test_one_line_per_server_escaped_and_owner_only(no_password_file_set):
    password_file.remember(host="10.0.5.2", port=5432, database="livani", user="rozupe",
                           password="vecā")
    password_file.remember(host="10.0.5.2", port=5432, database="citi", user="rozupe",
                           password="a:b\\c")
    kept = password_file.remember(host="10.0.5.2", port=5432, database="livani",
                                  user="rozupe", password="jaunā")
    assert kept.read_text(encoding="utf-8").splitlines() == [
        "10.0.5.2:5432:citi:rozupe:a\\:b\\\\c", "10.0.5.2:5432:livani:rozupe:jaunā"]
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert os.environ[password_file.ENV_VAR] == str(kept)


def test_a_password_file_of_her_own_wins(monkeypatch, tmp_path):
    monkeypatch.setenv(password_file.ENV_VAR, str(tmp_path / "mine"))
    password_file.remember(host="h", port=5432, database="d", user="u", password="p")
    assert os.environ[password_file.ENV_VAR] == str(tmp_path / "mine")


def test_nothing_is_pointed_at_before_a_server_was_chosen(no_password_file_set):
    password_file.use()
    assert password_file.ENV_VAR not in os.environ
