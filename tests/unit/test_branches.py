"""Branches (issue 16): every library starts as branch 1, new branches get their own code,
and the desk works for the branch this PC's settings name."""

from __future__ import annotations

import pytest

from rozupe_desk import workstation
from rozupe_desk.db.models import Item
from rozupe_desk.errors import Conflict, InvalidInput
from rozupe_desk.services import settings
from rozupe_desk.services.branches import branches
from rozupe_desk.services.collection import catalog


def test_a_library_is_branch_one_named_as_the_library_until_named(db_path):
    settings.update(library_name="Rožupes bibliotēka")
    (main,) = branches.list_branches()
    assert (main.id, main.code, main.name) == (1, "1", "")
    assert main.shown_name == "Rožupes bibliotēka"
    title = catalog.save_title(values={"title": "Zaķīša pasakas"})
    catalog.add_copy(title_id=title, values={"barcode": "B1"})
    assert Item.get(Item.barcode == "B1").branch_id == 1


def test_branches_have_unique_codes_and_names(db_path):
    added = branches.add_branch(code="LIV", name="Līvānu centrālā bibliotēka")
    assert branches.branch_by_code(" LIV ") == added
    with pytest.raises(Conflict):
        branches.add_branch(code="LIV", name="Cita")
    with pytest.raises(InvalidInput):
        branches.add_branch(code="", name="Bez koda")
    branches.rename_branch(branch_id=added.id, name="Līvānu bibliotēka")
    assert branches.branch_by_code("LIV").shown_name == "Līvānu bibliotēka"


def test_the_desk_works_for_the_branch_this_pc_names(db_path):
    added = branches.add_branch(code="ROZ", name="Rožupes filiāle")
    assert branches.desk_branch().id == 1
    workstation.store(branch_code="ROZ")
    assert branches.desk_branch() == added
    assert workstation.load().branch_code == "ROZ"
    workstation.store(branch_code="NAV")  # a code this database does not know
    assert branches.desk_branch().id == 1
