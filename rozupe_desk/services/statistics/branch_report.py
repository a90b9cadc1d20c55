"""The statistics of a library with branches: which branch a report is for, and the
municipality's monthly form (issue 16) with a column per branch and the whole library.

A report names its branch by the branch's code (the command line's `--branch`, the
window's choice); no code means the whole library. A library with a single branch gets
the report it always had; with several, the whole library's report is the municipality's.
"""

from __future__ import annotations

from dataclasses import dataclass

from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.branches.branches import BranchRow, branch_by_code, list_branches
from rozupe_desk.services.statistics import stats
from rozupe_desk.services.statistics.stats import (
    Figures,
    Library,
    Period,
    Progress,
    no_progress,
)


@dataclass(frozen=True)
class BranchFigures:
    name: str
    figures: Figures


@dataclass(frozen=True)
class MunicipalityReport:
    """A period's indicators for every branch side by side and the whole library."""

    library: Library
    period: Period
    branches: list[BranchFigures]
    total: Figures


def branch_named(code: str | None) -> BranchRow | None:
    """The branch with this code; None for no code (the whole library). An unknown code is
    refused with the codes there are."""
    if code is None or not code.strip():
        return None
    found = branch_by_code(code)
    if found is None:
        raise InvalidInput("branch_stats.unknown_branch", code=code.strip(),
                           codes=", ".join(b.code for b in list_branches()))
    return found


def municipality(*, period: Period, progress: Progress = no_progress) -> MunicipalityReport:
    branches = list_branches()
    columns = []
    for number, branch in enumerate(branches, start=1):
        columns.append(BranchFigures(branch.shown_name, stats.compute(period, branch=branch.id)))
        progress(0.9 * number / (len(branches) + 1))
    return MunicipalityReport(stats.library_info(), period, columns, stats.compute(period))
