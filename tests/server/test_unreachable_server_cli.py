"""A command on a server that cannot be reached: exit 1 and one Latvian line that says so
(not libpq's two lines in English, never a traceback); nothing is changed. The window, as a
real process, opens regardless (offline)."""

from __future__ import annotations

import json

from tests.cli.test_first_run_smoke import open_window
from tests.offline_server import own_server
from tests.server.test_server_cli import rozupe

__all__ = ["own_server"]  # the fixture


def test_a_command_on_a_stopped_server_says_it_cannot_be_reached(own_server):
    url = own_server.url("library")
    assert rozupe(url, "init").returncode == 0
    own_server.stop_server()
    for command in (["stats", "2026-11"], ["check"], ["init"]):
        result = rozupe(url, *command)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [
            f"Bibliotēkas serveris {url} nav sasniedzams: pārbaudiet tīkla savienojumu un vai"
            " serveris ir ieslēgts. Nekas netika mainīts."], command


def test_a_server_that_answers_and_refuses_is_not_out_of_reach(own_server):
    """No such database: the server answered, so it is no line down (the window would wait
    for it offline for ever) - the command says what the server said."""
    url = own_server.url("nosuchdb")
    result = rozupe(url, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Datubāzi {url} nevar atvērt:")
    assert 'database "nosuchdb" does not exist' in result.stderr
    assert "nav sasniedzams" not in result.stderr


def test_the_program_opens_its_window_on_a_stopped_server(own_server, tmp_path):
    url = own_server.url("library")
    assert rozupe(url, "init").returncode == 0
    own_server.stop_server()
    report = tmp_path / "window.json"
    done = open_window(url, report)  # no --lang: the language setting is on the server
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    shown = json.loads(report.read_text(encoding="utf-8"))
    assert shown["shown"] is True and shown["first_run_dialog"] is False
    assert shown["tabs"][0] == "Izsniegšana" and len(shown["tabs"]) == 6
    assert shown["title"] == "Rožupe Desk"
