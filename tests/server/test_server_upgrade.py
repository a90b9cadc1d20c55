"""On PostgreSQL one upgrade is one transaction: a failure leaves the old schema (issue 16)."""

from __future__ import annotations

import types

import pytest

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import close_database, open_database


def test_a_failed_upgrade_leaves_nothing_half_migrated(postgres_cluster, monkeypatch):
    url = postgres_cluster.fresh_database()
    try:
        db = open_database(url)
        migrations.migrate(db, upto=500)
        before = db.get_tables()
        broken = types.ModuleType("m1699_broken")
        broken.STATEMENTS = ["CREATE TABLE half_done (x INTEGER)", "SELECT * FROM no_such_table"]
        known = migrations.known_migrations()
        monkeypatch.setattr(migrations, "known_migrations", lambda: [
            *known, migrations.Migration("m1699_broken", 1699, broken)])

        with pytest.raises(Exception, match="no_such_table"):
            migrations.migrate(db)

        assert migrations.schema_version(db) == 500
        assert db.get_tables() == before  # neither m0700's tables nor the broken one's
        monkeypatch.undo()
        assert "m1600_server_search" in migrations.migrate(db)
    finally:
        close_database()
        postgres_cluster.drop_database(url)
