"""A command on a server that cannot be reached: exit 1 and one Latvian line that says so
(not libpq's two lines in English, never a traceback); nothing is changed."""

from __future__ import annotations

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
