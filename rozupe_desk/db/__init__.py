"""The database: connection, models and schema migrations."""

from rozupe_desk.db.connection import database, open_database

__all__ = ["database", "open_database"]
