"""The desk's link to the library's server: online, or offline into the journal.

A desk on a server URL that meets a lost server (connection refused, a timeout, the
connection dropped mid-session: psycopg's OperationalError) switches to offline mode
instead of showing an error (`lost`). Offline, a scan never touches the database (`scan`):
a card loads the reader from the local copy of the readers (`reader_copy`); a copy scanned
with a reader loaded is lent to her, a copy scanned with nobody loaded comes back - as
Koha's offline circulation works - each written as a KOC line to the journal and on the
disk before the desk answers. An `issue` of a copy the reader already has is a renewal when
replayed (the KOC rule), so renewing needs nothing more.

The return (`come_back`, off the GUI thread): when the server answers again, the open
journal is sealed and every journal waiting is replayed through the same idempotent replay
as `import koc` (`circulation/koc.py`: one line, one transaction, under the row locks the
circulation services take, its outcome stored with it), and the refused lines are handed
back with their reasons. `go_online` then ends offline mode - unless a scan wrote a new
journal meanwhile, which the next round replays.

On an SQLite file nothing of this is active: the database is on this PC.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from rozupe_desk import workstation
from rozupe_desk.db.connection import database, is_postgresql
from rozupe_desk.errors import DomainError
from rozupe_desk.formats.koc import JOURNAL_FIELD, read_koc
from rozupe_desk.i18n import tr
from rozupe_desk.services.circulation import koc
from rozupe_desk.services.circulation.desk import NOTICE, OK, REFUSAL, ReaderPanel
from rozupe_desk.services.offline import journal, reader_copy, registrations
from rozupe_desk.services.readers.ages import age_group, age_in_years
from rozupe_desk.services.readers.patron_fields import PatronFields
from rozupe_desk.services.readers.patrons import CARD_PREFIX
from rozupe_desk.services.sql import scalar

log = logging.getLogger(__name__)

# SQLSTATEs of a server that went away: the connection classes (08…) and a shut-down server.
_GONE_STATES = ("57P01", "57P02", "57P03")


def connection_lost(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the server cannot be reached."""
    return _lost_by(error) is not None


def _lost_by(error: BaseException) -> BaseException | None:
    """The driver's error in `error`'s causes that says the server is lost, if any."""
    import psycopg

    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, psycopg.InterfaceError):
            return cause
        if isinstance(cause, psycopg.OperationalError):
            state = cause.sqlstate
            lost = state is None or state.startswith("08") or state in _GONE_STATES
            return cause if lost else None
        cause = cause.__cause__ or cause.__context__
    return None


# libpq's connect errors carry no SQLSTATE. A server that answered the attempt and refused it
# (no such database, a wrong role or password) is told by the server's severity in the
# message: it can be reached, and waiting does not help. One starting up or shutting down
# (57P03) is waited for.
_REFUSED = "FATAL:"
_NOT_YET = ("starting up", "shutting down", "in recovery", "not yet accepting")


def unreachable(error: BaseException) -> bool:
    """Whether a connection attempt that failed with `error` found no server to answer."""
    lost = _lost_by(error)
    if lost is None:
        return False
    text = str(lost)
    return _REFUSED not in text or any(words in text for words in _NOT_YET)


def server_away(error: BaseException) -> DomainError | None:
    """What a lost server means to the librarian where the desk's offline mode does not
    reach (another tab, a command): the message, or None for any other error."""
    if is_postgresql() and connection_lost(error):
        return DomainError("offline.msg.server_away")
    return None


def _forget_connection() -> None:
    """Drop this thread's dead connection; the next statement opens a new one."""
    try:
        database.close()
    except Exception:  # a connection already broken may refuse even to close
        log.debug("closing the lost connection failed", exc_info=True)


@dataclass(frozen=True)
class OfflineScan:
    level: str  # desk.OK, desk.NOTICE, desk.REFUSAL
    message: str
    card: str | None  # the reader loaded after the scan (her card number)
    name: str = ""
    saved: bool = False  # a line was written to the journal


@dataclass(frozen=True)
class Refusal:
    journal: str  # the journal's file name
    line_no: int
    line: str  # the line as written
    reason: str

    @property
    def shown(self) -> str:
        """The refused transaction in the librarian's words."""
        parts = self.line.split("\t")
        operation = tr(f"offline.op.{parts[1]}") if len(parts) > 1 and parts[1] in (
            "issue", "return", "register") else (parts[1] if len(parts) > 1 else "")
        return tr("offline.refused.line", at=parts[0][:19], operation=operation,
                  codes=", ".join(parts[2:]), reason=self.reason)


@dataclass
class ComeBack:
    """What the return to the server did."""

    applied: int = 0
    decided_before: int = 0
    refused: list[Refusal] = field(default_factory=list)
    journals: list[str] = field(default_factory=list)  # replayed whole (and deleted)
    cancelled: bool = False


class DeskLink:
    """Online or offline, for one desk; the desk tab asks it, services never wait on it."""

    def __init__(self, *, desk_id: str | None = None, where: Path | None = None,
                 offline: bool = False) -> None:
        self.folder = where or journal.folder()
        self.journal = journal.Journal(desk_id=desk_id or workstation.desk_id(),
                                       where=self.folder)
        self.offline = offline  # True: the window started without the server (`start`)
        self._replaying = threading.Lock()
        self.registered: dict[str, str] = {}  # card -> name, of readers registered offline

    @staticmethod
    def on_server() -> bool:
        """Whether the desk works on a server (else the file on this PC: never offline)."""
        return is_postgresql()

    # -- going offline ----------------------------------------------------------------------
    def lost(self, error: BaseException) -> bool:
        """When `error` is a lost server, go offline and say True; else False."""
        if not is_postgresql() or not connection_lost(error):
            return False
        if not self.offline:
            log.warning("the server cannot be reached (%s): the desk works offline", error)
        self.offline = True
        _forget_connection()
        return True

    def scan(self, *, code: str, card: str | None, at: datetime | None = None) -> OfflineScan:
        """One scanned code while offline (`card`: the reader loaded, if any)."""
        code = code.strip()
        if not code:
            return OfflineScan(NOTICE, tr("desk.msg.empty_scan"), card)
        found = reader_copy.find(code, where=self.folder)
        if found is None and code.upper() != code:  # a card typed in small letters
            found = reader_copy.find(code.upper(), where=self.folder)
        if found is None and code.upper() in self.registered:
            code = code.upper()
            return OfflineScan(OK, tr("offline.msg.reader", name=self.registered[code],
                                      card=code), code, self.registered[code])
        if found is not None:
            if found.blocked:
                return OfflineScan(REFUSAL, tr("offline.msg.reader_blocked", name=found.name,
                                               card=found.card_number), None)
            return OfflineScan(OK, tr("offline.msg.reader", name=found.name,
                                      card=found.card_number), found.card_number, found.name)
        if _looks_like_card(code):
            code = code.upper()
            return OfflineScan(NOTICE, tr("offline.msg.reader_unknown", card=code), code)
        at = at or datetime.now()
        fields = (card, code) if card else (code,)
        try:
            self.journal.append(at, "issue" if card else "return", fields)
        except OSError as exc:
            log.exception("the offline journal could not be written")
            return OfflineScan(REFUSAL, tr("offline.msg.not_saved",
                                           reason=exc.strerror or str(exc)), card)
        if card:
            name = self._name(card)
            return OfflineScan(OK, tr("offline.msg.issued", code=code, card=card,
                                      name=name or card), card, name, saved=True)
        return OfflineScan(OK, tr("offline.msg.returned", code=code), None, saved=True)

    def register(self, *, fields: PatronFields) -> str:
        """Register a reader offline (created on the server on the return); returns her new
        card number. Raises `FieldErrors` when a field is wrong."""
        path, journal_id = self.journal.current()
        card = registrations.record(journal_path=path, desk_id=self.journal.desk_id,
                                    journal_id=journal_id, fields=fields)
        self.registered[card] = f"{fields.first_name} {fields.last_name}".strip()
        return card

    def reader_panel(self, *, card: str, today: date | None = None) -> ReaderPanel | None:
        """The desk's reader panel from the local copy (None: not in it)."""
        found = reader_copy.find(card, where=self.folder)
        if found is None and card in self.registered:
            return ReaderPanel(id=0, card_number=card, name=self.registered[card],
                               age_group="adult", age=None, category="other", blocked=False,
                               notes=tr("offline.msg.reader_panel"))
        if found is None:
            return None
        today = today or date.today()
        family = [name for name in [self._name(found.guardian_card)] if name]
        return ReaderPanel(
            id=0, card_number=found.card_number, name=found.name,
            age_group=age_group(found.birth_date, found.birth_year, today),
            age=age_in_years(found.birth_date, found.birth_year, today),
            category=found.category, blocked=found.blocked,
            notes=tr("offline.msg.reader_panel"), family=family)

    def _name(self, card: str) -> str:
        found = reader_copy.find(card, where=self.folder) if card else None
        return found.name if found else self.registered.get(card, "")

    # -- coming back ------------------------------------------------------------------------
    def waiting(self) -> list[Path]:
        """The journals not yet replayed (the one open for writing now left out)."""
        return journal.waiting(self.folder, except_path=self.journal.path)

    def needs_return(self) -> bool:
        return is_postgresql() and (self.offline or bool(journal.waiting(self.folder)))

    def come_back(self, *, cancel: threading.Event | None = None) -> ComeBack | None:
        """Off the GUI thread: None while the server is still away; else seal the journal,
        replay every waiting journal and say what was refused."""
        if not self._replaying.acquire(blocking=False):
            return None  # a round is still running
        try:
            try:
                scalar("SELECT 1")
            except Exception as error:
                if connection_lost(error):
                    _forget_connection()
                    return None
                raise
            # Imported here: `start` builds on this module.
            from rozupe_desk.services.offline.start import catch_up

            catch_up()  # a window started offline: the server's schema first
            self.journal.seal()
            result = ComeBack()
            for path in self.waiting():
                self._replay(path, result, cancel)
                if result.cancelled:
                    break
            return result
        finally:
            _forget_connection()  # this worker thread's connection, not the GUI's
            self._replaying.release()

    def _replay(self, path: Path, result: ComeBack, cancel: threading.Event | None) -> None:
        data = journal.acknowledged(path)
        koc_file = read_koc(data)
        created, refused = registrations.create_on_server(
            journal_path=path, journal_id=koc_file.header.get(JOURNAL_FIELD, ""))
        result.applied += created
        result.refused += [Refusal(path.name, 0, f"\t{registrations.OPERATION}\t{card}",
                                   reason) for card, reason in refused]
        report = koc.replay(data=data, file_name=path.name, cancel=cancel)
        raw = {line.line_no: line.raw for line in koc_file.lines}
        result.applied += report.applied
        result.decided_before += report.skipped
        result.refused += [Refusal(path.name, line_no, raw.get(line_no, ""), reason)
                           for line_no, reason in report.rejected]
        if report.cancelled:
            result.cancelled = True
            return
        journal.discard(path)
        if registrations.companion(path).exists():
            journal.discard(registrations.companion(path))
        result.journals.append(path.name)
        log.info("offline journal %s replayed: %d applied, %d refused", path.name,
                 report.applied, len(report.rejected))

    def go_online(self) -> bool:
        """After a return: online again, unless the desk journalled meanwhile (then the
        next round replays that)."""
        if self.journal.is_open() or self.waiting():
            return False
        self.offline = False
        return True

    def refresh_readers(self) -> int:
        """Off the GUI thread, while online: the local copy of the readers, renewed."""
        try:
            return reader_copy.refresh(where=self.folder)
        finally:
            _forget_connection()


def _looks_like_card(code: str) -> bool:
    """A reader's card by its form (`R000123`), for a reader not in the local copy."""
    text = code.upper()
    return text.startswith(CARD_PREFIX) and text[len(CARD_PREFIX):].isdigit()
