"""A login with a password on the test cluster (its other users log in without one).

The session cluster trusts every local login; the first-run tests need a server that
refuses a wrong password, so one role of its own gets a `scram-sha-256` line at the top of
the cluster's pg_hba.conf (which only that role matches) and a password.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tests.postgres_server import Cluster

PASSWORD = "Rudzāti:2026"  # a colon and a diacritic: both must reach the server intact


@dataclass(frozen=True)
class Login:
    host: str
    port: int
    user: str
    password: str


def password_login(cluster: Cluster) -> Login:
    """The cluster's password-checked login (made at the first call, kept for the session)."""
    user = f"desk{os.getpid()}"
    hba = cluster.data / "pg_hba.conf"
    line = f"host all {user} 127.0.0.1/32 scram-sha-256\n"
    if line not in hba.read_text():
        cluster.admin(f"CREATE ROLE {user} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
        hba.write_text(line + hba.read_text())
        cluster.admin("SELECT pg_reload_conf()")
    return Login("127.0.0.1", cluster.port, user, PASSWORD)
