"""Event documents as files: poster, flyer, month plan and thank-you certificates.

Gathers the plain data from the services, hands it to the reportlab builders and writes the
PDF through a temporary file, so a failed run never leaves half a PDF where the librarian
expects one. The window and the command line both call these.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rozupe_desk.errors import InvalidInput
from rozupe_desk.reports import certificates, design, event_plan, flyers, posters
from rozupe_desk.services.events import events
from rozupe_desk.services.readers import active_readers

POSTER_SIZES = tuple(posters.SIZES)
TEMPLATES = design.TEMPLATES


def make_poster(*, event_id: int, target: str | Path, size: str = "A4",
                template: str | None = None) -> Path:
    if size not in POSTER_SIZES:
        raise InvalidInput("events.bad_size", size=size, sizes=", ".join(POSTER_SIZES))
    _check_template(template)
    event = events.get_event(event_id=event_id)
    library = events.library_info()
    return _write(target, lambda tmp: posters.build_poster(event, library, tmp, size=size,
                                                           template=template))


def make_flyer(*, event_id: int, target: str | Path, template: str | None = None) -> Path:
    _check_template(template)
    event = events.get_event(event_id=event_id)
    library = events.library_info()
    return _write(target, lambda tmp: flyers.build_flyer(event, library, tmp,
                                                         template=template))


def make_event_plan(*, year: int, month: int, target: str | Path) -> Path:
    month_events = events.events_in_month(year=year, month=month)
    library = events.library_info()
    return _write(target, lambda tmp: event_plan.build_event_plan(
        month_events, library, tmp, year=year, month=month))


def event_plan_text(*, year: int, month: int) -> str:
    return event_plan.plan_text(events.events_in_month(year=year, month=month),
                                events.library_info(), year=year, month=month)


def make_certificates(*, readers: list[active_readers.ActiveReader], first_day: date,
                      last_day: date, children: bool, target: str | Path) -> Path:
    batch = active_readers.certificate_batch(readers=readers, first_day=first_day,
                                             last_day=last_day, children=children)
    return _write(target, lambda tmp: certificates.build_certificates(batch, tmp))


def _check_template(template: str | None) -> None:
    if template is not None and template not in TEMPLATES:
        raise InvalidInput("events.bad_template", template=template,
                           templates=", ".join(TEMPLATES))


def _write(target: str | Path, build: Callable[[Path], Path]) -> Path:
    target = Path(target)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput("events.no_folder", folder=str(folder))
    handle, temporary = tempfile.mkstemp(suffix=".pdf", dir=folder)
    os.close(handle)
    try:
        build(Path(temporary))
        os.replace(temporary, target)
    except OSError as exc:
        raise InvalidInput("events.cannot_write", target=str(target), reason=str(exc)) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target
