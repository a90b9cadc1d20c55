"""ISBNs scanned while no catalogue answered, kept (setting `lookup_pending`) to be looked
up later in one go; each stays in the list until a look-up reaches a catalogue for it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rozupe_desk.db.connection import database
from rozupe_desk.errors import DomainError
from rozupe_desk.services import settings
from rozupe_desk.services.collection.lookup import bounded
from rozupe_desk.services.collection.lookup.query import parse
from rozupe_desk.services.collection.lookup.search import Result, look_up
from rozupe_desk.services.collection.lookup.servers import Server
from rozupe_desk.services.safety import audit


@dataclass
class Outcome:
    code: str
    result: Result | None = None  # None when no catalogue could be asked
    message: str = ""  # why not, translated


def waiting() -> list[dict[str, str]]:
    """The codes waiting, oldest first: {"code": …, "scanned_at": …}."""
    return list(settings.get("lookup_pending"))


def add(*, code: str) -> bool:
    """Keep `code` for later; False when it was already waiting."""
    query = parse(code)  # refuses what is not a query before it is kept
    items = waiting()
    if any(item["code"] == query.text for item in items):
        return False
    items.append({"code": query.text,
                  "scanned_at": datetime.now().isoformat(sep=" ", timespec="seconds")})
    with database.atomic():
        settings.store("lookup_pending", items)
        audit.record("lookup.pending_add", entity="setting", code=query.text)
    return True


def look_up_all(*, servers: list[Server] | None = None, cancel: threading.Event | None = None,
                progress: Callable[[float], None] | None = None) -> list[Outcome]:
    """Look every waiting code up; the ones a catalogue answered leave the list (found or
    not), the ones still unreachable stay."""
    items = waiting()
    outcomes = []
    for number, item in enumerate(items):
        if cancel is not None and cancel.is_set():
            raise bounded.cancelled()
        try:
            outcome = Outcome(item["code"], look_up(text=item["code"], servers=servers,
                                                    cancel=cancel))
        except bounded.Unreachable as error:
            outcome = Outcome(item["code"], message=str(error))
        except DomainError as error:
            if error.key == "lookup.cancelled":
                raise
            outcome = Outcome(item["code"], message=str(error))
        outcomes.append(outcome)
        if progress is not None:
            progress((number + 1) / max(len(items), 1))
    answered = {o.code for o in outcomes if o.result is not None}
    if answered:
        with database.atomic():
            settings.store("lookup_pending",
                           [i for i in waiting() if i["code"] not in answered])
            audit.record("lookup.pending_done", entity="setting", count=len(answered))
    return outcomes
