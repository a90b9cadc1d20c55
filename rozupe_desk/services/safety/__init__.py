"""Safety: backups and their rotation, integrity checks, faults put in words, the audit log and the window's small safety helpers."""
