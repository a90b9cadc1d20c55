"""Visits counted by hand and reference questions (DESIGN 5).

Visits with circulation are not stored here: the statistics derive them from the loans,
renewals and returns (one per reader per day). The desk's buttons count the others: a
reader who came to read, use a computer or ask, and the reference questions answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rozupe_desk.db.connection import database
from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.branches.branches import desk_branch_id
from rozupe_desk.services.circulation.circulation import now, patron_by_id
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import execute, insert, one, stamp

PURPOSES = ("loans", "internet", "reading_room", "event", "other")
AGE_GROUPS = ("child", "adult")


def count_visit(*, patron_id: int | None = None, age_group: str | None = None,
                purpose: str = "other", at: datetime | None = None) -> int:
    """Count one visit without circulation; a known reader gives her age group and is
    re-registered for the year. Returns the visit's id."""
    at = at or now()
    if purpose not in PURPOSES:
        raise InvalidInput("visits.bad_purpose", purpose=purpose)
    with database.atomic():
        token = None
        if patron_id is not None:
            patron = patron_by_id(patron_id)
            if patron is None:
                raise InvalidInput("circulation.unknown_patron", id=patron_id)
            age_group = patron.age_group_on(at.date())
            token = patron.token
            if patron.reregistered_year is None or patron.reregistered_year < at.year:
                execute("UPDATE patron SET reregistered_year = ? WHERE id = ?",
                        (at.year, patron_id))
        age_group = age_group or "adult"
        if age_group not in AGE_GROUPS:
            raise InvalidInput("visits.bad_age_group", age_group=age_group)
        visit_id = insert("INSERT INTO visit (at, patron_id, patron_token, purpose, age_group,"
                          " branch_id) VALUES (?, ?, ?, ?, ?, ?)",
                          (stamp(at), patron_id, token, purpose, age_group, desk_branch_id()))
        audit.record("desk.visit", entity="visit", entity_id=visit_id, patron_id=patron_id,
                     purpose=purpose, age_group=age_group)
        return visit_id


def count_reference_query(*, topic: str = "", age_group: str | None = None,
                          answered: bool = True, at: datetime | None = None) -> int:
    """Count one reference question (uzziņa)."""
    at = at or now()
    if age_group is not None and age_group not in AGE_GROUPS:
        raise InvalidInput("visits.bad_age_group", age_group=age_group)
    with database.atomic():
        query_id = insert("INSERT INTO reference_query (at, topic, answered, age_group,"
                          " branch_id) VALUES (?, ?, ?, ?, ?)",
                          (stamp(at), topic.strip(), int(answered), age_group,
                           desk_branch_id()))
        audit.record("desk.reference_query", entity="reference_query", entity_id=query_id,
                     age_group=age_group)
        return query_id


@dataclass(frozen=True)
class DayCounts:
    """The desk's tally for one day."""

    circulation_visits: int  # readers with a checkout, renewal or return (derived)
    hand_visits: int
    reference_queries: int

    @property
    def visits(self) -> int:
        return self.circulation_visits + self.hand_visits


def day_counts(*, day: date | None = None) -> DayCounts:
    day = day or date.today()
    start, end = day.isoformat(), (day + timedelta(days=1)).isoformat()
    circulation = one(
        "SELECT count(DISTINCT token) FROM ("
        " SELECT patron_token AS token FROM loan WHERE issued_at >= ? AND issued_at < ?"
        " UNION SELECT patron_token FROM loan WHERE returned_at >= ? AND returned_at < ?"
        " UNION SELECT l.patron_token FROM renewal r JOIN loan l ON l.id = r.loan_id"
        " WHERE r.renewed_at >= ? AND r.renewed_at < ?) AS readers",
        (start, end, start, end, start, end))[0]
    hand = one("SELECT count(*) FROM visit WHERE at >= ? AND at < ?", (start, end))[0]
    queries = one("SELECT count(*) FROM reference_query WHERE at >= ? AND at < ?",
                  (start, end))[0]
    return DayCounts(circulation, hand, queries)
