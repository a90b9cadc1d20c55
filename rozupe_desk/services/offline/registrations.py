"""Readers registered while the server is away, and their creation on the server after.

Each journal may have a companion file (`<journal>.readers`, JSON lines, each appended and
fsynced like a journal line) with the readers registered while it was open: the fields of
the reader's form, checked offline by the same rules as online (`patron_fields.check`).
KOC has no record for a new reader (Koha's offline tools cannot register one), so they stay
beside the journal, never in it: the journal remains a KOC file any reader takes.

A reader registered offline gets a card number that no other can have: this desk's name
(unique among the server's desks), the journal's random id (new for every journal, so even
a desk whose offline folder was emptied never gives one again) and her place in the
journal's list - `GALDS1-86FECAA6-1`. On the return she is created on the server through
the ordinary registration service before the journal's lines are replayed (so her loans
find her), her outcome stored in `koc_transaction` in the same transaction, keyed by the
journal and her card: a kill in between creates her once.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path

from rozupe_desk.db.connection import database
from rozupe_desk.errors import DomainError
from rozupe_desk.services.circulation.circulation import now
from rozupe_desk.services.offline import journal
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields, check
from rozupe_desk.services.sql import insert, one, stamp, transaction

SUFFIX = ".readers"
OPERATION = "register"  # the word a refusal shows for the line


def companion(journal_path: Path) -> Path:
    return journal_path.with_suffix(SUFFIX)


def card_number(*, desk_id: str, journal_id: str, place: int) -> str:
    desk = re.sub(r"[^0-9A-Za-z]+", "", desk_id).upper()[:10] or "DESK"
    return f"{desk}-{journal_id[:8].upper()}-{place}"


def record(*, journal_path: Path, desk_id: str, journal_id: str, fields: PatronFields,
           today: date | None = None) -> str:
    """Check the form offline and keep it beside the journal; returns her card number.
    Raises `FieldErrors` (and keeps nothing) when a field is wrong."""
    check(fields, today=today or date.today())
    card = card_number(desk_id=desk_id, journal_id=journal_id,
                       place=len(registered(journal_path)) + 1)
    entry = asdict(replace(fields, card_number=card))
    with companion(journal_path).open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    return card


def registered(journal_path: Path) -> list[PatronFields]:
    """The readers registered beside this journal (whole lines only: a line cut by a
    power cut was never acknowledged)."""
    path = companion(journal_path)
    if not path.exists():
        return []
    lines = journal.acknowledged(path).decode("utf-8").splitlines()
    known = PatronFields.__dataclass_fields__
    return [PatronFields(**{k: v for k, v in json.loads(line).items() if k in known})
            for line in lines if line.strip()]


def create_on_server(*, journal_path: Path, journal_id: str) -> tuple[int, list[tuple[str, str]]]:
    """Create each reader of the journal not created yet; returns (created, [(card, reason)]
    of those the server refused)."""
    created, refused = 0, []
    for fields in registered(journal_path):
        key = f"j:{journal_id}:reader:{fields.card_number}"
        outcome, reason = transaction(lambda fields=fields, key=key: _decide(
            fields, key, journal_path.name))
        if outcome == "applied":
            created += 1
        elif outcome == "rejected":
            refused.append((fields.card_number, reason))
    return created, refused


def _decide(fields: PatronFields, key: str, file_name: str) -> tuple[str, str]:
    if one("SELECT 1 FROM koc_transaction WHERE line_key = ?", (key,)) is not None:
        return "decided", ""
    try:
        with database.atomic():  # a savepoint: a refused reader leaves nothing behind
            patrons.register(fields=fields)
        outcome, reason = "applied", ""
    except DomainError as error:
        outcome, reason = "rejected", getattr(error, "message", None) or str(error)
    # The raw line names her by card only: the server's erasure finds it by that.
    insert("INSERT INTO koc_transaction (line_key, file_name, line_no, raw, outcome, reason,"
           " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
           (key, file_name, 0, f"{stamp(datetime.now())}\t{OPERATION}\t{fields.card_number}",
            outcome, reason, stamp(now())))
    return outcome, reason
