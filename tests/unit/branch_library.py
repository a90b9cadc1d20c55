"""The tiny library of `stats_library` with a second branch, Jersika: a few of its
transactions, readers and copies moved there as that branch's desk would have written them.
"""

from __future__ import annotations

from rozupe_desk.db.connection import database

JERSIKA = 2


def move_to_jersika() -> None:
    """Add branch 2 (code J) and move its rows there."""
    run = database.execute_sql
    run("INSERT INTO branch (id, code, name, created_at) VALUES (2, 'J', 'Jersika',"
        " '2026-01-01 00:00:00')")
    # Anna borrowed at home (loans 1 and 6 on 5 March) and returned loan 1 in Jersika.
    run("UPDATE loan SET return_branch_id = 2 WHERE id = 1")
    # Pēteris's last-day loan was lent in Jersika (overdue loans 5 stay at home).
    run("UPDATE loan SET branch_id = 2 WHERE id = 2")
    # Jānis renewed in Jersika.
    run("UPDATE renewal SET branch_id = 2 WHERE id = 1")
    run("UPDATE patron SET branch_id = 2 WHERE id IN (2, 8)")
    run("UPDATE item SET branch_id = 2 WHERE id IN (7, 10, 11)")
    run("UPDATE visit SET branch_id = 2 WHERE at = '2026-03-18 15:00:00'")
    run("UPDATE event SET branch_id = 2 WHERE title = 'Dzejas vakars'")
    run("UPDATE reference_query SET branch_id = 2 WHERE at = '2026-03-02 10:00:00'")
