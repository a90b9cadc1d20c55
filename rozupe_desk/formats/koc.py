"""KOC, the Koha offline circulation file (`shared/KOC.md`): reading and writing.

Reading never fails on the file as a whole: every line becomes a `KocLine`, and a line
that cannot be understood carries the reason (a message id and its parameters) instead of
a transaction. Each line has a `key` that survives re-reading the file - a hash of the
transaction it records (its time, operation and fields, however the tool spelled the time) -
so a replay can skip the lines an earlier run already decided, and a line repeated with the
very same time is one transaction (`repeat_of` names the line it repeats).

A desk's offline journal (`services/offline`) is a KOC file whose header also names the desk
and the journal (`Desk=…`, `Journal=…`, fields Koha's reader ignores). There each line is a
transaction of its own, keyed by the journal and its place in it - the per-desk sequence of
an append-only log - so two identical scans within one millisecond are two transactions.

The time is read as Koha's `process_koc.pl` reads it (KOC.md): `YYYY-MM-DD HH:MM:SS mmm` as
Koha's own tools write it, `HH-MM-SS mmm` (the Koha desktop tool, v1.3 to v2.4), no
milliseconds (browser extensions, converters), a `T` instead of the space.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

HEADER_PREFIX = "Version="
JOURNAL_FIELD = "Journal"  # the header field naming a desk's offline journal
OPERATIONS = {"issue": 2, "return": 1, "payment": 2}  # operation -> fields after it
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the times a line may carry
# Date, `T` or spaces, the time with `:` or `-` (the same both times), then optionally a
# fraction of the second after a space or a dot (three digits everywhere we have seen).
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:T|\s+)(\d{2})([:-])(\d{2})\5(\d{2})(?:[\s.](\d{1,6}))?$")


@dataclass(frozen=True)
class KocLine:
    line_no: int
    raw: str
    key: str
    at: datetime | None = None
    operation: str = ""
    fields: tuple[str, ...] = ()
    error: tuple[str, dict] | None = None  # (message id, parameters) of a malformed line
    legacy_key: str = ""  # the key earlier versions stored: the bytes' hash and a count
    repeat_of: int | None = None  # the earlier line of the file that records the same thing

    @property
    def card_number(self) -> str:
        return self.fields[0] if self.operation in ("issue", "payment") else ""

    @property
    def barcode(self) -> str:
        return self.fields[-1] if self.operation in ("issue", "return") else ""

    @property
    def amount_cents(self) -> int:
        return parse_amount(self.fields[1]) if self.operation == "payment" else 0


@dataclass
class KocFile:
    header: dict[str, str] = field(default_factory=dict)
    lines: list[KocLine] = field(default_factory=list)

    def in_replay_order(self) -> list[KocLine]:
        """Malformed lines first (they change nothing), then by timestamp; equal
        timestamps keep the file's order. Repeated lines are left out (see `repeats`)."""
        lines = [line for line in self.lines if line.repeat_of is None]
        broken = [line for line in lines if line.at is None]
        ready = sorted((line for line in lines if line.at is not None), key=lambda line: line.at)
        return broken + ready

    def repeats(self) -> list[KocLine]:
        """The lines that repeat an earlier line exactly (same time, operation, fields)."""
        return [line for line in self.lines if line.repeat_of is not None]


class BadAmount(ValueError):
    pass


def parse_amount(text: str) -> int:
    """`5.00`, `5,5` or `-2` euro as cents."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise BadAmount(text) from exc
    if not value.is_finite() or abs(value) >= 10**7:
        raise BadAmount(text)
    return int((value * 100).to_integral_value())


def parse_timestamp(text: str) -> datetime | None:
    match = _TIMESTAMP.match(text)
    if match is None:
        return None
    year, month, day, hour, _sep, minute, second, fraction = match.groups()
    micros = int(fraction.ljust(6, "0")) if fraction else 0
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        micros)
    except ValueError:
        return None


def read_koc(data: bytes) -> KocFile:
    """Every line of a KOC file, understood or with the reason it is not."""
    result = KocFile()
    seen: Counter[bytes] = Counter()
    first_of: dict[str, int] = {}
    sequence = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for index, raw_bytes in enumerate(data.split(b"\n")):
        raw_bytes = raw_bytes.rstrip(b"\r")
        if not raw_bytes.strip():
            continue
        seen[raw_bytes] += 1
        digest = hashlib.sha256(raw_bytes).hexdigest()[:40]
        legacy_key = f"{digest}:{seen[raw_bytes]}"
        line_no = index + 1
        if b"\x00" in raw_bytes:  # no text column (PostgreSQL's least of all) holds a NUL
            result.lines.append(KocLine(line_no, raw_bytes.replace(b"\x00", b"").decode(
                "utf-8", "replace"), f"r:{digest}", error=("server.koc_nul_byte", {}),
                legacy_key=legacy_key))
            continue
        try:
            text = raw_bytes.decode("utf-8")
        except UnicodeDecodeError:
            line = KocLine(line_no, raw_bytes.decode("utf-8", "replace"), f"r:{digest}",
                           error=("koc.not_utf8", {}), legacy_key=legacy_key)
        else:
            if index == 0 and text.startswith(HEADER_PREFIX):
                result.header = dict(part.partition("=")[::2] for part in text.split("\t"))
                continue
            line = _parse_line(line_no, text, f"r:{digest}", legacy_key)
        journal = result.header.get(JOURNAL_FIELD, "")[:64]
        if journal:
            sequence += 1
            line = replace(line, key=f"j:{journal}:{sequence}")
        first = first_of.setdefault(line.key, line_no)
        if first != line_no:
            line = replace(line, repeat_of=first)
        result.lines.append(line)
    return result


def _transaction_key(at: datetime, operation: str, fields: tuple[str, ...]) -> str:
    """What the line records, whichever way its time was written."""
    text = "\t".join([at.isoformat(sep=" "), operation, *fields])
    return "t:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _parse_line(line_no: int, text: str, key: str, legacy_key: str) -> KocLine:
    """The line's transaction, or its reason; `key` stands for a line not understood."""
    parts = [part.strip() for part in text.split("\t")]
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()  # the trailing TAB that browser extensions and converters leave
    at = parse_timestamp(parts[0])

    if at is not None and not FIRST_YEAR <= at.year <= LAST_YEAR:
        # A device clock gone wrong; a due date in year 9999 cannot even be computed.
        return KocLine(line_no, text, key, error=("koc.time_out_of_range", {
            "value": parts[0], "first": FIRST_YEAR, "last": LAST_YEAR}), legacy_key=legacy_key)
    operation, fields = (parts[1] if len(parts) > 1 else ""), tuple(parts[2:])

    def broken(reason: str, **params: object) -> KocLine:
        return KocLine(line_no, text, key, at, operation, fields, error=(reason, params),
                       legacy_key=legacy_key)

    if at is None:
        return broken("koc.bad_timestamp", value=parts[0][:40])
    if operation not in OPERATIONS:
        return broken("koc.unknown_operation", operation=operation[:40])
    if len(fields) != OPERATIONS[operation] or not all(fields):
        return broken("koc.wrong_fields", operation=operation, count=OPERATIONS[operation])
    if operation == "payment":
        try:
            parse_amount(fields[1])
        except BadAmount:
            return broken("koc.bad_amount", value=fields[1][:40])
    return KocLine(line_no, text, _transaction_key(at, operation, fields), at, operation,
                   fields, legacy_key=legacy_key)


# -- writing ----------------------------------------------------------------------------------
def format_timestamp(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M:%S} {at.microsecond // 1000:03d}"


def _clean(value: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", value).strip()


def header_line(*, generator: str, version: str, **extra: str) -> str:
    """The header: Koha's three fields, then any of ours (`extra`)."""
    fields = {"Version": "1.0", "Generator": generator, "GeneratorVersion": version, **extra}
    return "\t".join(f"{name}={_clean(value)}" for name, value in fields.items())


def record_line(at: datetime, operation: str, fields: Iterable[str]) -> str:
    return "\t".join([format_timestamp(at), operation, *map(_clean, fields)])


def write_koc(records: Iterable[tuple[datetime, str, tuple[str, ...]]], *,
              generator: str, version: str) -> str:
    """A KOC file of (time, operation, fields) records, in the order given."""
    lines = [header_line(generator=generator, version=version)]
    lines += [record_line(at, operation, fields) for at, operation, fields in records]
    return "\n".join(lines) + "\n"
