"""Cheap fingerprints of what a desk shows, so it can tell that another desk changed it.

Several desks work on one server (or two processes on one file): when another desk lends,
takes back or renews a copy of the reader on screen, or changes the reader's card, this
desk's view goes stale. A desk asks every few seconds for a fingerprint of what it shows
and reloads only when the fingerprint differs: a few index look-ups (the reader's row,
aggregates over loan_patron and hold_patron, a title's copies over item_title): p95 4 ms on
a municipality's 10 million loans on the server (benchmarks/bench_server.py), the same SQL
on SQLite and PostgreSQL.

Polling rather than PostgreSQL's LISTEN/NOTIFY: it works the same on the SQLite file (no
notifications between processes there), needs no trigger or NOTIFY in every writing
service, and cannot miss a change made while a connection was down.
"""

from __future__ import annotations

from rozupe_desk.services.sql import all_rows, one

Fingerprint = tuple


def reader_fingerprint(*, patron_id: int) -> Fingerprint:
    """What the desk shows of one reader: the card, the loans, the holds."""
    card = one("SELECT card_number, first_name, last_name, birth_date, birth_year, phone,"
               " email, address, village, guardian_id, category, reregistered_year,"
               " consent_data_on, consent_photo_on, notes, blocked, anonymized"
               " FROM patron WHERE id = ?", (patron_id,))
    loans = one("SELECT count(*), max(id), count(returned_at), max(returned_at),"
                " sum(renewals), max(due_on) FROM loan WHERE patron_id = ?", (patron_id,))
    holds = one("SELECT count(*), max(id), count(item_id), count(ready_at), count(closed_at),"
                " max(closed_at), max(expires_on) FROM hold WHERE patron_id = ?",
                (patron_id,))
    return (card, loans, holds)


def copies_fingerprint(*, title_id: int) -> Fingerprint:
    """What the catalogue shows of one title's copies: each one's status and open loan."""
    return tuple(all_rows(
        "SELECT i.id, i.barcode, i.status, i.status_changed_on, l.id, l.patron_id, l.due_on"
        " FROM item i"
        " LEFT JOIN loan l ON l.item_id = i.id AND l.returned_at IS NULL"
        " WHERE i.title_id = ? ORDER BY i.id", (title_id,)))
