"""Starting the window on a server that does not answer.

A librarian who switches her PC on while the line is down still works: when the target is
a server URL and the server cannot be reached at the start (the rule of a lost server
mid-session, `link.connection_lost`, less a server that answered and refused:
`link.unreachable`; after libpq's connect timeout of 3 s), the models are bound to the
server unconnected and the window opens in offline mode. Its schema is brought up to date
(what `open_library` does at a start) on the server's first answer, before the journal is
replayed onto it (`catch_up`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from peewee import Database

from rozupe_desk.db import migrations
from rozupe_desk.db.connection import bind_server, database
from rozupe_desk.errors import DomainError
from rozupe_desk.services import library

log = logging.getLogger(__name__)

# The server bound unconnected at the start, until its schema is brought up to date (a
# database opened since, in a test or a restore, is another object: not offline then).
_unchecked: list[Database] = []


def open_for_window(target: str | Path) -> bool:
    """Open the library at `target` for the window; True when it is a server that cannot
    be reached now (the window starts offline), False when it is open as always."""
    try:
        library.open_library(target)
    except DomainError as error:
        if error.key != library.SERVER_AWAY:
            raise
        text = str(target)
        # open_library says it in one line for a command; the window opens regardless.
        log.warning("the server %s cannot be reached at the start: the window opens offline",
                    library.shown_target(text))
        _unchecked[:] = [bind_server(text)]
        return True
    _unchecked.clear()
    return False


def started_offline() -> bool:
    """Whether the server has not answered since the window started without it."""
    held = _unchecked[:1]  # one read: the watch's thread may clear it meanwhile
    return bool(held) and database.obj is held[0]


def catch_up() -> None:
    """On the server's first answer after an offline start: its schema up to date."""
    if started_offline():
        applied = migrations.migrate(database.obj)
        _unchecked.clear()
        log.info("the server answers again; migrations applied: %s", applied or "none")
