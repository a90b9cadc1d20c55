"""`branch list|add|rename` and `report overdue --branch` as a script runs them: a real
process on a real database; without `--branch`, every branch as before."""

from __future__ import annotations

from datetime import timedelta

from rozupe_desk.db.connection import close_database
from rozupe_desk.db.models import Item
from rozupe_desk.services.branches import branches
from rozupe_desk.services.circulation import circulation
from tests.cli.test_cli import run
from tests.desk_data import NOW, small_library


def test_branches_are_listed_added_and_renamed(db_path, tmp_path):
    db = str(db_path)
    small_library()
    close_database()
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    assert run("--db", db, "branch", "list", env=env).stdout.splitlines() == ["* 1\t1"]
    added = run("--db", db, "branch", "add", "ROZ", "Rožupes filiāle", env=env)
    assert added.returncode == 0 and "Filiāle pievienota: Rožupes filiāle (ROZ)" in added.stdout
    again = run("--db", db, "branch", "add", "ROZ", "Cita", env=env)
    assert again.returncode == 1 and again.stderr.strip() == "Filiāle ar kodu ROZ jau ir."
    renamed = run("--db", db, "branch", "rename", "ROZ", "Rožupes bibliotēka", env=env)
    assert renamed.returncode == 0, renamed.stderr
    unknown = run("--db", db, "branch", "rename", "NAV", "X", env=env)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert run("--db", db, "branch", "list", env=env).stdout.splitlines() == [
        "* 1\t1", "  ROZ\tRožupes bibliotēka"]


def test_report_overdue_for_one_branch_or_all(db_path, tmp_path):
    db = str(db_path)
    library = small_library()
    roz = branches.add_branch(code="ROZ", name="Rožupes filiāle")
    Item.update(branch_id=roz.id).where(Item.barcode == "1001").execute()
    circulation.checkout(barcode="1001", patron_id=library["anna"].id, at=NOW)
    circulation.checkout(barcode="1002", patron_id=library["karlis"].id, at=NOW)
    close_database()
    late = (NOW + timedelta(days=60)).date().isoformat()
    every = run("--db", db, "report", "overdue", "-o", str(tmp_path / "a.pdf"), "--on", late)
    assert every.returncode == 0 and "Atgādinājumu vēstules: 2;" in every.stdout
    own = run("--db", db, "report", "overdue", "-o", str(tmp_path / "r.pdf"), "--on", late,
              "--branch", "ROZ")
    assert own.returncode == 0 and "Atgādinājumu vēstules: 1;" in own.stdout, own.stderr
    wrong = run("--db", db, "report", "overdue", "-o", str(tmp_path / "x.pdf"),
                "--branch", "NAV")
    assert wrong.returncode == 1 and wrong.stderr.strip() == "Filiāle NAV nav atrasta."
