"""The audit log as CSV for Excel: `;`-separated (a Latvian Excel's list separator), one
row per entry, Latvian headers, the details in words and, last, as recorded (JSON), so
nothing is lost in the export. The caller opens the file (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

from rozupe_desk.formats import cells
from rozupe_desk.i18n import tr

if TYPE_CHECKING:
    from rozupe_desk.services.safety.audit import Entry

HEADERS = ("audit.col.at", "audit.col.actor", "audit.col.kind", "audit.col.action",
           "audit.col.entity", "audit.col.entity_id", "audit.col.summary", "audit.col.details")


def write(handle: IO[str], entries: Iterable[Entry], *,
          progress: Callable[[int], None] | None = None) -> int:
    """Writes the header and the entries; returns the number of entries written."""
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow([tr(key) for key in HEADERS])
    count = 0
    for entry in entries:
        writer.writerow(cells.csv_row([
            entry.at.isoformat(sep=" ", timespec="seconds"), entry.actor,
            tr(f"audit.kind.{entry.kind}"), entry.action_name, entry.entity, entry.entity_id,
            entry.summary,
            entry.raw or (json.dumps(entry.details, ensure_ascii=False, default=str)
                          if entry.details else ""),
        ]))
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
    return count
