"""The ledger of erased readers: restoring a backup made before an erasure must not bring
the reader back.

A row holds the reader's internal id, the moment the reader's row was created and the day
of the erasure: enough to find the same reader in any backup of the same library (ids
never change there, and a later reader who got the same id has another creation moment),
and nothing that names anyone. A hash of the card number would not do: card numbers are
short, and a dictionary of them would reverse it in a second.
"""

from __future__ import annotations

from datetime import date

from rozupe_desk.services.sql import all_rows, execute, one

Entry = tuple[int, str, str]  # patron id, its row's creation moment, the day of erasure


def record(*, patron_id: int, today: date | None = None) -> None:
    created = one("SELECT created_at FROM patron WHERE id = ?", (patron_id,))[0]
    execute("INSERT INTO erasure (patron_id, patron_created_at, erased_on) VALUES (?, ?, ?) "
            "ON CONFLICT (patron_id) DO NOTHING",
            (patron_id, str(created), (today or date.today()).isoformat()))


def ledger() -> list[Entry]:
    return [(row[0], str(row[1]), str(row[2])) for row in all_rows(
        "SELECT patron_id, patron_created_at, erased_on FROM erasure ORDER BY patron_id")]


def merge(entries: list[Entry]) -> list[int]:
    """Add `entries` (the ledger kept before a restore) to the ledger of the database now
    open; returns the readers of the whole ledger who are not erased here."""
    for entry in entries:
        execute("INSERT INTO erasure (patron_id, patron_created_at, erased_on) VALUES "
                "(?, ?, ?) ON CONFLICT (patron_id) DO NOTHING", entry)
    return [row[0] for row in all_rows(
        "SELECT p.id, p.created_at, e.patron_created_at FROM erasure e JOIN patron p ON "
        "p.id = e.patron_id WHERE p.anonymized = ? ORDER BY p.id", (False,))
        if str(row[1]) == row[2]]
