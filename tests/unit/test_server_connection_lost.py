"""A server connection that was cut (a restart, the line down) is replaced by a new one at
the next statement; the settings that keep a lost server from hanging a scan are in force."""

from __future__ import annotations

import pytest
from peewee import OperationalError

from rozupe_desk.db.connection import SERVER_TIMEOUTS, database
from rozupe_desk.services import library
from rozupe_desk.services.safety import faults
from rozupe_desk.services.sql import scalar


def test_a_cut_connection_is_replaced_at_the_next_statement(server_url, postgres_cluster):
    library.open_library(server_url)
    pid = scalar("SELECT pg_backend_pid()")
    parameters = database.connection().info.get_parameters()
    assert parameters["connect_timeout"] == str(SERVER_TIMEOUTS["connect_timeout"])
    postgres_cluster.admin(f"SELECT pg_terminate_backend({pid})")
    with pytest.raises(OperationalError) as cut:
        scalar("SELECT 1")  # the statement that meets the cut fails (the desk goes offline)
    # Where the desk's offline mode does not reach (another tab, a command): plain words.
    assert faults.explain(cut.value).key == "offline.msg.server_away"
    assert faults.explain(ValueError("a real surprise")) is None
    assert scalar("SELECT pg_backend_pid()") != pid  # the next one has a new connection
