"""The summaries against an independent count straight from the source rows.

The reference below counts every circulation figure from `loan`, `renewal` and `visit`
directly (no summaries), the way an outside check would; on a demo library both must agree
for every month of its history and for whole years.
"""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.db.connection import database
from rozupe_desk.services import demo
from rozupe_desk.services.statistics import stats

# -- the reference: one aggregate statement over the source rows -----------------------------

def _child_on(day: str, patron: str, fallback: str) -> str:
    """SQL that is 1 when the patron was under 18 on `day` (text 'YYYY-MM-DD'), the same
    rule as `ages.age_group`; `fallback` decides when the birth is unknown."""
    return (
        f"(CASE WHEN {patron}.birth_date IS NOT NULL"
        f" THEN date({patron}.birth_date, '+18 years') > {day}"
        f" WHEN {patron}.birth_year IS NOT NULL"
        f" THEN printf('%04d-12-31', {patron}.birth_year + 18) > {day}"
        f" ELSE {fallback} END)"
    )


# One row per circulation transaction in [lo, hi): the reader token, the local date, whether
# a child made it, whether it counts as a loan (checkout or renewal), its document type.
_TRANSACTIONS = f"""
    SELECT l.patron_token AS token, substr(l.issued_at, 1, 10) AS day,
           l.age_group = 'child' AS child, 1 AS is_loan, l.document_type AS doc_type,
           1 AS is_checkout
      FROM loan l WHERE l.issued_at >= :lo AND l.issued_at < :hi
    UNION ALL
    SELECT l.patron_token, substr(r.renewed_at, 1, 10),
           {_child_on("substr(r.renewed_at, 1, 10)", "p", "l.age_group = 'child'")},
           1, l.document_type, 0
      FROM renewal r JOIN loan l ON l.id = r.loan_id LEFT JOIN patron p ON p.id = l.patron_id
     WHERE r.renewed_at >= :lo AND r.renewed_at < :hi
    UNION ALL
    SELECT l.patron_token, substr(l.returned_at, 1, 10),
           {_child_on("substr(l.returned_at, 1, 10)", "p", "l.age_group = 'child'")},
           0, l.document_type, 0
      FROM loan l LEFT JOIN patron p ON p.id = l.patron_id
     WHERE l.returned_at >= :lo AND l.returned_at < :hi
"""

_CIRCULATION_SQL = f"""
    WITH tx AS ({_TRANSACTIONS}),
    reader_days AS (SELECT token, day, max(child) AS child FROM tx GROUP BY token, day)
    SELECT
      (SELECT count(*) FROM reader_days),
      (SELECT coalesce(sum(child), 0) FROM reader_days),
      (SELECT count(*) FROM loan WHERE issued_at >= :lo AND issued_at < :hi),
      (SELECT count(*) FROM renewal WHERE renewed_at >= :lo AND renewed_at < :hi),
      (SELECT count(*) FROM loan WHERE returned_at >= :lo AND returned_at < :hi),
      (SELECT count(DISTINCT token) FROM tx WHERE is_loan),
      (SELECT coalesce(sum(child), 0) FROM tx WHERE is_loan),
      (SELECT count(*) FROM tx WHERE is_loan AND doc_type = 'book'),
      (SELECT count(*) FROM tx WHERE is_loan AND doc_type = 'periodical')
"""

# Readers of the year window [ys, hi): every token with a registration or a transaction,
# with the age group of its latest transaction for readers whose birth is unknown.
_READERS_SQL = f"""
    WITH marks(token, at, child) AS (
        SELECT token, registered_on, NULL FROM patron
         WHERE registered_on >= :ys AND registered_on < :hi
        UNION ALL
        SELECT patron_token, issued_at, age_group = 'child' FROM loan
         WHERE issued_at >= :ys AND issued_at < :hi
        UNION ALL
        SELECT l.patron_token, r.renewed_at, l.age_group = 'child'
          FROM renewal r JOIN loan l ON l.id = r.loan_id
         WHERE r.renewed_at >= :ys AND r.renewed_at < :hi
        UNION ALL
        SELECT patron_token, returned_at, age_group = 'child' FROM loan
         WHERE returned_at >= :ys AND returned_at < :hi
        UNION ALL
        SELECT patron_token, at, age_group = 'child' FROM visit
         WHERE at >= :ys AND at < :hi AND patron_token IS NOT NULL
    ),
    readers AS (
        -- max(at || child) picks the child flag of the latest transaction (ISO text sorts
        -- by time); registrations carry no flag and sort before any transaction that day.
        SELECT token, substr(max(CASE WHEN child IS NULL THEN '' ELSE at || '|' || child END),
                             -1) AS last_flag
          FROM marks GROUP BY token
    )
    SELECT count(*),
           coalesce(sum({_child_on(":last", "p", "r.last_flag = '1'")}), 0)
      FROM readers r LEFT JOIN patron p ON p.token = r.token
"""


def _direct(period: stats.Period) -> dict[str, int]:
    params = stats._params(period)
    (visits, visits_children, checkouts, renewals, returns, active, loans_children, books,
     periodicals) = database.execute_sql(_CIRCULATION_SQL, params).fetchone()
    users, children = database.execute_sql(_READERS_SQL, params).fetchone()
    return {"users_registered": users, "users_children": children, "users_active": active,
            "auto_visits": visits, "auto_visits_children": visits_children,
            "loans": checkouts + renewals, "loans_children": loans_children,
            "loans_books": books, "loans_periodicals": periodicals, "returns": returns,
            "renewals": renewals}


def _from_service(period: stats.Period) -> dict[str, int]:
    figures = stats.compute(period)
    lo, hi = stats._params(period)["lo"], stats._params(period)["hi"]
    hand, hand_children = database.execute_sql(
        "SELECT count(*), coalesce(sum(age_group = 'child'), 0) FROM visit"
        " WHERE at >= ? AND at < ?", (lo, hi)).fetchone()
    return {"users_registered": figures["users_registered"],
            "users_children": figures["users_children"],
            "users_active": figures["users_active"],
            "auto_visits": figures["visits"] - hand,
            "auto_visits_children": figures["visits_children"] - hand_children,
            **{key: figures[key] for key in ("loans", "loans_children", "loans_books",
                                             "loans_periodicals", "returns", "renewals")}}


@pytest.mark.sqlite_only
def test_every_month_and_year_of_a_demo_library_matches_the_direct_count(db_path):
    demo.fill_demo(scale="small", seed=7, today=date(2026, 5, 20))
    # anonymise a few readers the way privacy does: loans keep token and age group
    database.execute_sql("UPDATE loan SET patron_id = NULL WHERE patron_id % 17 = 0")
    database.execute_sql("UPDATE patron SET birth_date = NULL, birth_year = NULL,"
                         " anonymized = 1 WHERE id % 17 = 0")
    periods = [stats.month_period(year, month) for year in (2024, 2025, 2026)
               for month in range(1, 13) if date(year, month, 1) <= date(2026, 5, 20)]
    periods += [stats.year_period(year) for year in (2024, 2025, 2026)]
    checked = 0
    for period in periods:
        expected = _direct(period)
        assert _from_service(period) == expected, period.label
        checked += expected["loans"] > 0
    assert checked > 20
