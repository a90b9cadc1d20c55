"""Working against a library server (PostgreSQL): its backups."""
