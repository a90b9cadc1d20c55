"""The rotation of automatic backups (7 daily, 4 weekly, 12 monthly), property-tested."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rozupe_desk.services.safety.backup_rotation import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    backup_name,
    parse_name,
    to_delete,
    to_keep,
)

TODAY = date(2026, 11, 30)

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 5, 23, 59),
                       ).map(lambda at: at.replace(microsecond=0))
backups = st.lists(moments, max_size=120, unique=True).map(
    lambda ats: {backup_name("rozupe-desk", at): at for at in ats})


def newest_buckets(ats, key, count):
    """The `count` newest buckets (days, weeks, months) that hold a backup."""
    return sorted({key(at) for at in ats}, reverse=True)[:count]


@settings(max_examples=100, deadline=None)
@given(backups, st.lists(st.sampled_from(["notes.txt", "other-2025-01-01-120000.sqlite",
                                          "rozupe-desk-2025-13-01-120000.sqlite"])))
def test_rotation_keeps_what_it_promises(named, others):
    names = set(named) | set(others)
    deleted = to_delete(names, TODAY)
    kept = {name: at for name, at in named.items() if name not in deleted}

    assert deleted <= set(named)  # only our automatic backups, never anything else
    if named:
        assert kept, "never deletes everything"
        assert max(named.values()) in kept.values(), "never deletes the newest"
    past = [at for at in named.values() if at.date() <= TODAY]
    for key, count in ((lambda at: at.date(), KEEP_DAILY),
                       (lambda at: at.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda at: (at.year, at.month), KEEP_MONTHLY)):
        for bucket in newest_buckets(past, key, count):
            newest = max(at for at in past if key(at) == bucket)
            assert newest in kept.values(), (bucket, newest)
    kept_past = [at for at in kept.values() if at.date() <= TODAY]
    assert len(kept_past) <= KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    assert all(at in kept.values() for at in named.values() if at.date() > TODAY)
    assert to_delete(set(kept), TODAY) == set(), "a second run deletes nothing more"


def test_a_daily_library_keeps_seven_days_four_weeks_and_a_year_of_months():
    names = {backup_name("lib", datetime(2026, 11, 30, 17) - timedelta(days=d))
             for d in range(800)}
    kept = sorted(parse_name(name)[1].date() for name in to_keep(names, TODAY))
    assert kept[-7:] == [TODAY - timedelta(days=d) for d in range(6, -1, -1)]
    assert len({(d.year, d.month) for d in kept}) == 12
    assert len(kept) == 7 + 2 + 11  # 22 and 15 Nov, and the ends of Dec 2025 to Oct 2026


def test_each_database_is_rotated_on_its_own_and_odd_names_are_left_alone():
    names = {backup_name(prefix, datetime(2026, 11, 30 - d, 9)) for d in range(20)
             for prefix in ("a", "b")} | {"a-2026-02-30-120000.sqlite", "a.sqlite"}
    deleted = to_delete(names, TODAY)
    assert {parse_name(n)[0] for n in deleted} == {"a", "b"}
    assert len([n for n in deleted if n.startswith("a-")]) == \
        len([n for n in deleted if n.startswith("b-")])
    assert "a-2026-02-30-120000.sqlite" not in deleted and "a.sqlite" not in deleted
    assert parse_name("a-2026-02-30-120000.sqlite") is None
