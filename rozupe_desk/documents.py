"""Making the report files, for the command line and the window alike: the data comes
from the services, the pages from `reports/`, the tables from `formats/stats_export`.

Each function takes a `progress(fraction)` callback so the window can run it off the GUI
thread; a file that cannot be written becomes a `DomainError` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rozupe_desk.errors import DomainError
from rozupe_desk.files import written_whole
from rozupe_desk.formats import stats_export
from rozupe_desk.reports import municipality
from rozupe_desk.reports.annual import write_annual
from rozupe_desk.reports.monthly import column_titles, write_monthly
from rozupe_desk.reports.municipality import write_municipality
from rozupe_desk.reports.reminders import write_reminders
from rozupe_desk.services.branches import branches
from rozupe_desk.services.circulation import overdue
from rozupe_desk.services.statistics import branch_report, stats

Progress = Callable[[float], None]


def _quiet(_fraction: float) -> None:
    """No progress to show."""


@dataclass(frozen=True)
class Made:
    """What was written, for the message the librarian sees."""

    pdf: Path
    letters: int = 0
    copies: int = 0


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise DomainError("report.cannot_write", path=str(path),
                          reason=error.strerror or str(error)) from error


def _monthly_parts(*, year: int, month: int, branch: str | None, progress: Progress
                   ) -> tuple[Callable[[Path], Path], list[tuple[str, stats.Figures]], str]:
    """How to write the month's PDF, its figure columns and the library's name: one
    branch's report for a branch code; without one, the whole library's, which for a
    library with several branches is the municipality's form (a column per branch)."""
    chosen = branch_report.branch_named(branch)
    if chosen is None and branches.several_branches():
        whole = branch_report.municipality(period=stats.month_period(year, month),
                                           progress=progress)
        return (lambda path: write_municipality(whole, path),
                list(zip(municipality.column_titles(whole), municipality.columns(whole),
                         strict=True)), whole.library.name)
    report = stats.monthly_report(year=year, month=month, progress=progress, branch=chosen)
    return (lambda path: write_monthly(report, path),
            list(zip(column_titles(report),
                     (report.current, report.year_earlier, report.year_to_date), strict=True)),
            report.library.name)


def monthly(*, year: int, month: int, pdf: Path, csv: Path | None = None,
            xlsx: Path | None = None, progress: Progress = _quiet,
            branch: str | None = None) -> Made:
    """The PDF and, when asked, the CSV and XLSX: all of them or none (each is written
    under a temporary name; they are renamed only when every one is written)."""
    write, columns, name = _monthly_parts(year=year, month=month, branch=branch,
                                          progress=progress)
    with ExitStack() as whole:
        temporary = whole.enter_context(written_whole(Path(pdf)))
        with _writing(pdf):
            write(temporary)
        if csv is not None:
            stats_export.write_csv(columns, whole.enter_context(written_whole(Path(csv))))
        if xlsx is not None:
            stats_export.write_xlsx(columns, whole.enter_context(written_whole(Path(xlsx))),
                                    title=name)
    progress(1.0)
    return Made(Path(pdf))


def monthly_tables(*, year: int, month: int, path: Path, branch: str | None = None) -> Path:
    """The month's figures alone, as CSV or XLSX by the file's ending."""
    _write, columns, name = _monthly_parts(year=year, month=month, branch=branch,
                                           progress=_quiet)
    if Path(path).suffix.lower() == ".xlsx":
        return stats_export.write_xlsx(columns, path, title=name)
    return stats_export.write_csv(columns, path)


def annual(*, year: int, pdf: Path, progress: Progress = _quiet,
           branch: str | None = None) -> Made:
    """The year's report: of one branch, of the whole library, or (several branches, no
    code) the municipality's year with a column per branch."""
    chosen = branch_report.branch_named(branch)
    if chosen is None and branches.several_branches():
        whole = branch_report.municipality(period=stats.year_period(year), progress=progress)
        with _writing(pdf):
            write_municipality(whole, pdf)
    else:
        report = stats.annual_report(year=year, progress=progress, branch=chosen)
        with _writing(pdf):
            write_annual(report, pdf)
    progress(1.0)
    return Made(Path(pdf))


def reminders(*, pdf: Path, on: date | None = None, branch_id: int | None = None,
              progress: Progress = _quiet) -> Made:
    batch = overdue.reminder_letters(on=on, branch_id=branch_id)
    progress(0.5)
    with _writing(pdf):
        write_reminders(batch, pdf)
    progress(1.0)
    return Made(Path(pdf), letters=len(batch.letters), copies=batch.copies)
