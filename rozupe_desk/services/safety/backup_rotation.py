"""Which automatic backups to delete: keep 7 daily, 4 weekly and 12 monthly copies.

A pure function over file names, so it is easy to reason about and to property-test. The
automatic backups are named `<prefix>-YYYY-MM-DD-HHMMSS.sqlite`; names that do not follow
the pattern are never touched. Each prefix (one per database) is rotated on its own.

The rule is the one of restic and borg: walking from the newest backup back, keep the
newest backup of each of the last 7 days that have a backup, of the last 4 ISO weeks and
of the last 12 months that have one. Days without a backup (the library closed for a
fortnight) do not use up the count, so the latest copies are never all deleted. A backup
dated after today (a wrong clock) is kept and counts for nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12

BACKUP_NAME = re.compile(r"^(?P<prefix>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}-\d{6})\.sqlite$")
STAMP_FORMAT = "%Y-%m-%d-%H%M%S"


def backup_name(prefix: str, at: datetime) -> str:
    """The file name of an automatic backup of the database `prefix` taken `at`."""
    return f"{prefix}-{at.strftime(STAMP_FORMAT)}.sqlite"


def parse_name(name: str) -> tuple[str, datetime] | None:
    """(prefix, time) of an automatic backup's name, or None for any other name."""
    match = BACKUP_NAME.match(name)
    if match is None:
        return None
    try:
        return match["prefix"], datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None


_BUCKETS: tuple[tuple[int, Callable[[datetime], object]], ...] = (
    (KEEP_DAILY, lambda at: at.date()),
    (KEEP_WEEKLY, lambda at: at.isocalendar()[:2]),
    (KEEP_MONTHLY, lambda at: (at.year, at.month)),
)


def to_keep(names: Iterable[str], today: date) -> set[str]:
    """The automatic backups among `names` that the rotation keeps."""
    groups: dict[str, list[tuple[datetime, str]]] = {}
    for name in set(names):
        parsed = parse_name(name)
        if parsed is not None:
            groups.setdefault(parsed[0], []).append((parsed[1], name))
    kept: set[str] = set()
    for backups in groups.values():
        backups.sort(reverse=True)
        kept |= {name for at, name in backups if at.date() > today}
        past = [(at, name) for at, name in backups if at.date() <= today]
        for count, bucket_of in _BUCKETS:
            seen: set[object] = set()
            for at, name in past:  # newest first: the first of a bucket is its newest
                bucket = bucket_of(at)
                if bucket in seen:
                    continue
                if len(seen) == count:
                    break
                seen.add(bucket)
                kept.add(name)
    return kept


def to_delete(names: Iterable[str], today: date) -> set[str]:
    """The automatic backups among `names` that the rotation deletes (other names: none)."""
    names = set(names)
    automatic = {name for name in names if parse_name(name) is not None}
    return automatic - to_keep(automatic, today)
