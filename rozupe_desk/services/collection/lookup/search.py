"""Asking the catalogues: each server of the list in turn until one has candidates.

A server that cannot be reached is noted and the next one asked; when none could be asked,
`Unreachable` says why in one line (the form stays usable, the ISBN can wait in the
offline list). For an ISBN, records that carry it come first; the same record (001+003)
from two answers appears once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.collection.lookup import bounded, sru, z3950
from rozupe_desk.services.collection.lookup.query import Query, parse
from rozupe_desk.services.collection.lookup.records import Candidate
from rozupe_desk.services.collection.lookup.servers import Server, configured


@dataclass
class Result:
    query: Query
    candidates: list[Candidate] = field(default_factory=list)
    answered_by: str = ""  # the server whose candidates these are ('' when none had any)
    failures: list[str] = field(default_factory=list)  # one translated line per server


def look_up(*, text: str, author: str = "", servers: list[Server] | None = None,
            cancel: threading.Event | None = None) -> Result:
    """Candidates for what was scanned or typed; Unreachable when no server answered."""
    query = parse(text, author=author)
    servers = configured() if servers is None else servers
    if not servers:
        raise InvalidInput("lookup.no_servers")
    result = Result(query=query)
    answered = False
    for server in servers:
        if cancel is not None and cancel.is_set():
            raise bounded.cancelled()
        try:
            found = ask(server, query, cancel=cancel)
        except bounded.Unreachable as error:
            result.failures.append(str(error))
            continue
        answered = True
        if found:
            result.candidates = ranked(found, query)
            result.answered_by = server.name
            break
    if not answered:
        raise bounded.Unreachable("lookup.unreachable", reasons=" ".join(result.failures))
    return result


def ask(server: Server, query: Query, *, cancel: threading.Event | None = None
        ) -> list[Candidate]:
    client = sru if server.protocol == "sru" else z3950
    return client.search(server, query, cancel=cancel)


def ranked(candidates: list[Candidate], query: Query) -> list[Candidate]:
    seen: set[tuple[str, ...]] = set()
    unique = []
    for candidate in candidates:
        if candidate.identity not in seen:
            seen.add(candidate.identity)
            unique.append(candidate)
    if query.kind != "isbn":
        return unique
    wanted = set(query.terms)
    return sorted(unique, key=lambda c: not (c.isbns & wanted))
