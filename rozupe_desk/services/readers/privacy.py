"""Privacy (GDPR): anonymising old loan history, erasing a reader, a reader's own data on
request, and the readers who have not come for years.

Statistics never need who borrowed: a loan keeps the reader's age group and category
(DESIGN 3), and the distinct readers of anonymised history are kept as numbers before the
link is cut (`privacy_guard.closed_years`), so anonymising changes no figure and no column
of an anonymised loan or visit leads back to its reader. An erasure leaves no byte of the
reader in the database files (`privacy_guard.scrub`) and is written in a ledger that a
restore of an older backup applies again (`privacy_guard.erasures`). Each act is one
transaction recorded in the audit log (by reader id, never by name).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import Patron
from rozupe_desk.errors import Conflict, DomainError, InvalidInput, NotFound
from rozupe_desk.i18n import plural_key
from rozupe_desk.services import settings
from rozupe_desk.services.readers.patron_fields import ERASED_CARD_PREFIX
from rozupe_desk.services.readers.patrons import get as get_patron
from rozupe_desk.services.readers.privacy_guard import closed_years, erasures, scrub
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import changed, dicts, execute, greatest, one
from rozupe_desk.services.statistics import stats_summary

log = logging.getLogger(__name__)

ANONYMIZE_SLICE = 100_000  # loans per step of the first, big run
ERASED_NAME = "—"  # what an erased reader's name fields hold; the window shows a word
NO_READER = 0  # the token of an anonymised loan: no reader has it (patrons.new_token)


@dataclass(frozen=True)
class AnonymizeSummary:
    cutoff: date
    loans: int
    visits: int


def anonymize_history(*, today: date | None = None, days: int | None = None,
                      progress: Callable[[float], None] | None = None,
                      cancel: threading.Event | None = None) -> AnonymizeSummary:
    """Unlink returned loans and counted visits older than `anonymize_after_days` (or
    `days`) from their readers. Open loans stay linked: the book is still out.

    One transaction, walked in slices of loan ids (in table order, the cheap way through
    millions of rows) so the window can show progress; a cancel undoes everything."""
    today = today or date.today()
    days = settings.get("anonymize_after_days") if days is None else days
    if not isinstance(days, int) or days < 30:
        raise InvalidInput("privacy.error.period", days=days)
    cutoff = today - timedelta(days=days)
    report = progress or (lambda _fraction: None)
    with database.atomic():
        # The summaries count the readers while the rows still tell them apart; then the
        # days before the cutoff are never rebuilt from the unlinked rows.
        stats_summary.refresh()
        closed_years.freeze_before(cutoff)
        closed_years.close_years_before(cutoff.year)
        closed_years.close_months_before(cutoff)
        first, last = one("SELECT coalesce(min(id), 1), coalesce(max(id), 0) FROM loan")
        loans = 0
        for start in range(first, last + 1, ANONYMIZE_SLICE):
            if cancel is not None and cancel.is_set():
                raise DomainError("privacy.cancelled")
            loans += changed(f"UPDATE loan SET patron_id = NULL, patron_token = {NO_READER} "
                             f"WHERE id >= ? AND id < ? AND patron_token <> {NO_READER} "
                             "AND returned_at < ?",
                             (start, start + ANONYMIZE_SLICE, cutoff.isoformat()))
            report(min(1.0, (start - first + ANONYMIZE_SLICE) / (last - first + 1)))
        visits = changed("UPDATE visit SET patron_id = NULL, patron_token = NULL WHERE "
                         "(patron_id IS NOT NULL OR patron_token IS NOT NULL) AND at < ?",
                         (cutoff.isoformat(),))
        scrub.unlink_audit(before=cutoff)
        audit.record("privacy.anonymize_history", entity="loan", cutoff=cutoff, loans=loans,
                     visits=visits)
    report(1.0)
    return AnonymizeSummary(cutoff=cutoff, loans=loans, visits=visits)


def erase_patron(*, patron_id: int) -> None:
    """Remove the reader's personal data and keep the anonymous statistics."""
    erase_patrons(patron_ids=[patron_id])


def erase_patrons(*, patron_ids: Iterable[int]) -> int:
    """Erase several readers in one transaction (all or none); returns how many.

    A reader with copies still on loan cannot be erased. Kept: the token, category,
    registration dates and the birth year only (yearly reader counts by age stay right;
    a year alone names nobody). Loans, visits and payments lose the link to the reader,
    open reservations are cancelled, children lose the guardian link.
    """
    ids = list(dict.fromkeys(patron_ids))
    _erase_securely(ids, again=False)
    return len(ids)


def erasure_ledger() -> list[erasures.Entry]:
    """The erasures recorded in the open database (read before a restore replaces it). A
    database too damaged to read gives none: the restore must still work, and the restored
    data's own ledger still applies."""
    try:
        return erasures.ledger()
    except PeeweeDatabaseError:
        log.warning("the erasure ledger of the database being replaced could not be read",
                    exc_info=True)
        return []


def erase_again(*, ledger: list[erasures.Entry]) -> int:
    """After a restore: erase every reader of `ledger` and of the restored database's own
    ledger whom the restored data still hold; returns how many. A copy still on loan in
    the older data stays on loan, to an erased reader."""
    with database.atomic():
        ids = erasures.merge(ledger)
    if ids:
        _erase_securely(ids, again=True)
    return len(ids)


def _erase_securely(ids: list[int], *, again: bool) -> None:
    with scrub.secure_delete(), database.atomic():
        # The summaries were counted with the reader's birth date and loans: they stay as
        # counted (the write lock is held, so the only days listed after this are ours).
        stats_summary.refresh()
        for patron_id in ids:
            _erase_one(patron_id, again=again)
        execute("DELETE FROM stats_dirty_day")
        scrub.optimize_search_index()


def _erase_one(patron_id: int, *, again: bool) -> None:
    patron = Patron.get_or_none(Patron.id == patron_id)
    if patron is None:
        raise NotFound("patrons.error.not_found", id=patron_id)
    if patron.anonymized:
        raise Conflict("privacy.error.already_erased", card=patron.card_number)
    on_loan = one("SELECT count(*) FROM loan WHERE patron_id = ? AND returned_at IS NULL",
                  (patron_id,))[0]
    if on_loan and not again:
        raise Conflict(plural_key("privacy.error.has_loans", on_loan), card=patron.card_number,
                       count=on_loan)
    now = datetime.now().isoformat(sep=" ", timespec="seconds")
    execute("UPDATE item SET status = 'available', status_changed_on = ? WHERE status = "
             "'reserved' AND id IN (SELECT item_id FROM hold WHERE patron_id = ? AND status "
             "= 'ready')", (now[:10], patron_id))
    execute("UPDATE hold SET status = 'cancelled', closed_at = ? WHERE patron_id = ? "
             "AND status IN ('waiting', 'ready')", (now, patron_id))
    execute("UPDATE loan SET patron_id = NULL WHERE patron_id = ? AND returned_at IS NOT NULL",
            (patron_id,))
    execute("UPDATE visit SET patron_id = NULL WHERE patron_id = ?", (patron_id,))
    scrub.forget_card(patron.card_number)
    scrub.unlink_audit(patron_id=patron_id)
    erasures.record(patron_id=patron_id)
    execute("UPDATE payment SET patron_id = NULL, card_number = '' WHERE patron_id = ?",
            (patron_id,))
    execute("UPDATE patron SET guardian_id = NULL WHERE guardian_id = ?", (patron_id,))
    birth_year = patron.birth_date.year if patron.birth_date else patron.birth_year
    Patron.update(
        card_number=f"{ERASED_CARD_PREFIX}{patron_id}", first_name=ERASED_NAME,
        last_name=ERASED_NAME, birth_date=None, birth_year=birth_year, phone="", email="",
        address="", village="", guardian=None, consent_data_on=None, consent_photo_on=None,
        notes="", blocked=False, anonymized=True, search_text="",
    ).where(Patron.id == patron_id).execute()
    audit.record("privacy.erase", entity="patron", entity_id=patron_id, again=again)


# -- a reader's own data --------------------------------------------------------------------

def patron_data(*, patron_id: int, today: date | None = None) -> dict[str, Any]:
    """Everything the library holds about the reader, as plain JSON-ready data (the right
    of access). Recorded in the audit log: handing out personal data is an act too."""
    today = today or date.today()
    details = get_patron(patron_id=patron_id, today=today)
    if details.anonymized:
        raise Conflict("privacy.error.already_erased", card=details.card_number)
    loans = dicts("SELECT l.issued_at, l.due_on, l.returned_at, l.renewals, i.barcode, t.title,"
                  " t.authors FROM loan l JOIN item i ON i.id = l.item_id JOIN title t ON "
                  "t.id = i.title_id WHERE l.patron_id = ? ORDER BY l.issued_at", (patron_id,),
                  keys=("issued_at", "due_on", "returned_at", "renewals", "barcode", "title",
                        "authors"))
    holds = dicts("SELECT h.placed_at, h.status, t.title FROM hold h JOIN title t ON "
                  "t.id = h.title_id WHERE h.patron_id = ? ORDER BY h.placed_at", (patron_id,),
                  keys=("placed_at", "status", "title"))
    visits = dicts("SELECT at, purpose FROM visit WHERE patron_id = ? ORDER BY at",
                   (patron_id,), keys=("at", "purpose"))
    programmes = dicts(
        "SELECT rp.name, gr.name, pp.registered_on, pp.questionnaire_on"
        " FROM programme_participant pp JOIN reading_programme rp ON rp.id = pp.programme_id"
        " JOIN programme_group gr ON gr.id = pp.group_id WHERE pp.patron_id = ?"
        " ORDER BY pp.registered_on", (patron_id,),
        keys=("programme", "group", "registered_on", "questionnaire_on"))
    data = {
        "generated_on": today.isoformat(),
        "library": {"name": settings.get("library_name"),
                    "address": settings.get("library_address"),
                    "email": settings.get("library_email"),
                    "phone": settings.get("library_phone")},
        "reader": {
            "card_number": details.card_number, "first_name": details.first_name,
            "last_name": details.last_name,
            "birth_date": details.birth_date.isoformat() if details.birth_date else None,
            "birth_year": details.birth_year, "phone": details.phone, "email": details.email,
            "address": details.address, "village": details.village,
            "category": details.category, "registered_on": details.registered_on.isoformat(),
            "reregistered_year": details.reregistered_year, "notes": details.notes,
            "consent_data_on": _iso(details.consent_data_on),
            "consent_photo_on": _iso(details.consent_photo_on),
            "guardian_card": details.guardian_card or None,
        },
        "family": [{"card_number": m.card_number, "name": m.name, "relation": m.relation}
                   for m in details.family if m.relation in ("guardian", "child")],
        "loans": loans,
        "holds": holds,
        "visits": visits,
        "reading_programmes": programmes,
    }
    with database.atomic():
        audit.record("privacy.export_data", entity="patron", entity_id=patron_id)
    return data


def write_json(*, data: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                        encoding="utf-8")
    except OSError as error:
        raise InvalidInput("privacy.error.unwritable", file=str(path),
                           reason=error.strerror or str(error)) from error
    return path


# -- readers who have not come for years ------------------------------------------------------

def long_absent(*, years: int, today: date | None = None, limit: int = 5_000
                ) -> list[dict[str, Any]]:
    """Readers with no registration, re-registration, loan, return or visit in the last
    `years` years, oldest last visit first: the candidates for erasure."""
    today = today or date.today()
    if not 1 <= years <= 50:
        raise InvalidInput("privacy.error.years")
    cutoff = _years_before(today, years)
    # NOT EXISTS stops at the first recent loan or visit, so the active majority costs
    # little; the last-seen day is worked out only for the absent few (1 s at 100 000
    # readers and 8M loans, where a max() over every reader's loans took 20 s).
    found = dicts(
        f"SELECT p.id, p.card_number, p.first_name, p.last_name, p.registered_on, {greatest()}("
        "p.registered_on, coalesce(p.reregistered_year || '-12-31', ''), coalesce((SELECT "
        "max(l.returned_at) FROM loan l WHERE l.patron_id = p.id), ''), coalesce((SELECT "
        "max(v.at) FROM visit v WHERE v.patron_id = p.id), '')) AS last_seen "
        "FROM patron p WHERE p.anonymized = 0 AND p.registered_on < ? "
        "AND coalesce(p.reregistered_year, 0) < ? "
        "AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.patron_id = p.id "
        "AND (l.returned_at IS NULL OR l.returned_at >= ?)) "
        "AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.patron_id = p.id AND v.at >= ?) "
        "ORDER BY last_seen, p.id LIMIT ?",
        (cutoff.isoformat(), cutoff.year, cutoff.isoformat(), cutoff.isoformat(), limit),
        keys=("id", "card_number", "first_name", "last_name", "registered_on", "last_seen"))
    for row in found:
        row["last_seen"] = str(row["last_seen"])[:10]
    return found


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# -- helpers --------------------------------------------------------------------------------

def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
