"""The branches of the library and the one this desk works for.

Readers and titles are shared by every branch; a copy belongs to one, and each checkout,
renewal, return, visit, reference question and event records the branch whose desk made
it (migration m1900). Branch 1 is the library itself, the only one a library without a
server has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rozupe_desk import workstation
from rozupe_desk.db.connection import database
from rozupe_desk.errors import Conflict, InvalidInput, NotFound
from rozupe_desk.services import settings
from rozupe_desk.services.safety import audit
from rozupe_desk.services.sql import all_rows, changed, insert, transaction

MAIN_BRANCH_ID = 1
MAX_CODE_LENGTH = 12
# Every column naming a branch (m1900, m1910): where a library's rows say whose they are.
BRANCH_COLUMNS = (
    ("item", "branch_id"), ("item", "transit_from_branch_id"), ("patron", "branch_id"),
    ("loan", "branch_id"), ("loan", "return_branch_id"), ("renewal", "branch_id"),
    ("visit", "branch_id"), ("reference_query", "branch_id"), ("event", "branch_id"),
    ("stocktake_session", "branch_id"),
)
# (database, workstation generation, branches added, id): the desk's branch, worked out once
# per setting, not per scan (DESIGN 6: the checkout reads no file).
_desk_cache: tuple[object, int, int, int] | None = None
_added = 0


@dataclass(frozen=True)
class BranchRow:
    id: int
    code: str
    name: str

    @property
    def shown_name(self) -> str:
        """The branch's name; the library's own for an unnamed branch 1."""
        if self.name or self.id != MAIN_BRANCH_ID:
            return self.name or self.code
        return settings.get("library_name") or self.code


def list_branches() -> list[BranchRow]:
    return [BranchRow(*row) for row in all_rows("SELECT id, code, name FROM branch ORDER BY id")]


def several_branches() -> bool:
    """More than one branch: the lists offer a choice, the whole library's report is the
    municipality's form. A library of one branch looks as it did before branches."""
    return len(list_branches()) > 1


def branch_by_code(code: str) -> BranchRow | None:
    return next((b for b in list_branches() if b.code == code.strip()), None)


def desk_branch() -> BranchRow:
    """The branch this PC's desk works for (the workstation setting); branch 1 while that is
    unset or names no branch of this database."""
    branches = list_branches()
    wanted = workstation.load().branch_code
    return next((b for b in branches if b.code == wanted),
                next(b for b in branches if b.id == MAIN_BRANCH_ID))


def desk_branch_id() -> int:
    """The id of `desk_branch()`, kept until the workstation settings, the database or the
    branches change: every checkout, return and registration records it."""
    global _desk_cache
    key = (database.obj, workstation.generation(), _added)
    cached = _desk_cache
    if cached is None or cached[0] is not key[0] or cached[1:3] != key[1:]:
        cached = _desk_cache = (*key, desk_branch().id)
    return cached[3]


def branch_names() -> dict[int, str]:
    """Each branch's id with the name shown for it."""
    return {b.id: b.shown_name for b in list_branches()}


def transit_details(*, from_branch_id: int, to_branch_id: int) -> dict[str, object]:
    """What the audit keeps of a copy's way home: both branches, by id and by code."""
    codes = {b.id: b.code for b in list_branches()}
    return {"from_branch_id": from_branch_id, "to_branch_id": to_branch_id,
            "from_code": codes.get(from_branch_id, ""), "to_code": codes.get(to_branch_id, "")}


def add_branch(*, code: str, name: str) -> BranchRow:
    code, name = code.strip(), name.strip()
    if not code or len(code) > MAX_CODE_LENGTH or not name:
        raise InvalidInput("branches.bad_branch", limit=MAX_CODE_LENGTH)

    def work() -> BranchRow:
        if branch_by_code(code) is not None:
            raise Conflict("branches.code_taken", code=code)
        new_id = insert("INSERT INTO branch (code, name, created_at) VALUES (?, ?, ?)",
                        (code, name, datetime.now().replace(microsecond=0).isoformat(sep=" ")))
        audit.record("branch.add", entity="branch", entity_id=new_id, code=code, name=name)
        return BranchRow(new_id, code, name)

    global _added
    added = transaction(work)
    _added += 1  # the workstation may name this code already
    return added


def rename_branch(*, branch_id: int, name: str) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("branches.bad_branch", limit=MAX_CODE_LENGTH)

    def work() -> None:
        if not changed("UPDATE branch SET name = ? WHERE id = ?", (name, branch_id)):
            raise NotFound("branches.unknown", code=str(branch_id))
        audit.record("branch.rename", entity="branch", entity_id=branch_id, name=name)

    transaction(work)
