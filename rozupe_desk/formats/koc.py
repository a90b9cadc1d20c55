"""KOC, the Koha offline circulation file (`shared/KOC.md`): reading and writing.

Reading never fails on the file as a whole: every line becomes a `KocLine`, and a line
that cannot be understood carries the reason (a message id and its parameters) instead of
a transaction. Each line has a `key` that survives re-reading the same file - a hash of its
bytes plus how many identical lines came before it - so a replay can skip the lines an
earlier run already decided.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

HEADER_PREFIX = "Version="
OPERATIONS = {"issue": 2, "return": 1, "payment": 2}  # operation -> fields after it
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the times a line may carry
_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (\d{3})$")


@dataclass(frozen=True)
class KocLine:
    line_no: int
    raw: str
    key: str
    at: datetime | None = None
    operation: str = ""
    fields: tuple[str, ...] = ()
    error: tuple[str, dict] | None = None  # (message id, parameters) of a malformed line

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
        timestamps keep the file's order."""
        broken = [line for line in self.lines if line.at is None]
        ready = sorted((line for line in self.lines if line.at is not None),
                       key=lambda line: line.at)
        return broken + ready


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
    year, month, day, hour, minute, second, millis = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, millis * 1000)
    except ValueError:
        return None


def read_koc(data: bytes) -> KocFile:
    """Every line of a KOC file, understood or with the reason it is not."""
    result = KocFile()
    seen: Counter[bytes] = Counter()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for index, raw_bytes in enumerate(data.split(b"\n")):
        raw_bytes = raw_bytes.rstrip(b"\r")
        if not raw_bytes.strip():
            continue
        seen[raw_bytes] += 1
        digest = hashlib.sha256(raw_bytes).hexdigest()[:40]
        key = f"{digest}:{seen[raw_bytes]}"
        line_no = index + 1
        if b"\x00" in raw_bytes:  # no text column (PostgreSQL's least of all) holds a NUL
            result.lines.append(KocLine(line_no, raw_bytes.replace(b"\x00", b"").decode(
                "utf-8", "replace"), key, error=("server.koc_nul_byte", {})))
            continue
        try:
            text = raw_bytes.decode("utf-8")
        except UnicodeDecodeError:
            result.lines.append(KocLine(line_no, raw_bytes.decode("utf-8", "replace"), key,
                                        error=("koc.not_utf8", {})))
            continue
        if index == 0 and text.startswith(HEADER_PREFIX):
            result.header = dict(part.partition("=")[::2] for part in text.split("\t"))
            continue
        result.lines.append(_parse_line(line_no, text, key))
    return result


def _parse_line(line_no: int, text: str, key: str) -> KocLine:
    parts = [part.strip() for part in text.split("\t")]
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    at = parse_timestamp(parts[0])
    if at is None:
        return KocLine(line_no, text, key, error=("koc.bad_timestamp", {"value": parts[0][:40]}))
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        # A device clock gone wrong; a due date in year 9999 cannot even be computed.
        return KocLine(line_no, text, key, error=("koc.time_out_of_range", {
            "value": parts[0], "first": FIRST_YEAR, "last": LAST_YEAR}))
    operation = parts[1] if len(parts) > 1 else ""
    fields = tuple(parts[2:])
    if operation not in OPERATIONS:
        return KocLine(line_no, text, key, at, error=("koc.unknown_operation",
                                                      {"operation": operation[:40]}))
    if len(fields) != OPERATIONS[operation] or not all(fields):
        return KocLine(line_no, text, key, at, operation, fields,
                       error=("koc.wrong_fields", {"operation": operation,
                                                   "count": OPERATIONS[operation]}))
    if operation == "payment":
        try:
            parse_amount(fields[1])
        except BadAmount:
            return KocLine(line_no, text, key, at, operation, fields,
                           error=("koc.bad_amount", {"value": fields[1][:40]}))
    return KocLine(line_no, text, key, at, operation, fields)


# -- writing ----------------------------------------------------------------------------------
def format_timestamp(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M:%S} {at.microsecond // 1000:03d}"


def _clean(value: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", value).strip()


def write_koc(records: Iterable[tuple[datetime, str, tuple[str, ...]]], *,
              generator: str, version: str) -> str:
    """A KOC file of (time, operation, fields) records, in the order given."""
    lines = [f"Version=1.0\tGenerator={_clean(generator)}\tGeneratorVersion={_clean(version)}"]
    for at, operation, fields in records:
        lines.append("\t".join([format_timestamp(at), operation, *map(_clean, fields)]))
    return "\n".join(lines) + "\n"
