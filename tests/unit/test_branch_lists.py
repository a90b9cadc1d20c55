"""Lists for one branch or all (issue 16): the overdue list and reminder letters, the
stocktaking (a branch counts its own copies), discards and the catalogue's copies."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest

from rozupe_desk import workstation
from rozupe_desk.db.models import Item
from rozupe_desk.errors import Conflict
from rozupe_desk.reports.stocktake_report import write_stocktake_report
from rozupe_desk.services.branches import branches
from rozupe_desk.services.circulation import circulation, desk, overdue
from rozupe_desk.services.collection import catalog, discards, stocktake
from tests.desk_data import NOW, small_library

LATE = NOW.date() + timedelta(days=60)


@pytest.fixture
def lib(db_path):
    library = small_library()
    library["roz"] = branches.add_branch(code="ROZ", name="Rožupes filiāle")
    # 1001 and 2001 are Rožupe's, the rest the library's (branch 1).
    Item.update(branch_id=library["roz"].id).where(Item.barcode.in_(["1001", "2001"])).execute()
    return library


def test_overdue_list_and_letters_for_one_branch_or_all(lib):
    circulation.checkout(barcode="1001", patron_id=lib["anna"].id, at=NOW)
    circulation.checkout(barcode="1002", patron_id=lib["karlis"].id, at=NOW)
    roz = lib["roz"].id
    everyone = overdue.reminder_letters(on=LATE)
    assert sorted(letter.card_number for letter in everyone.letters) == ["A1", "K1"]
    own = overdue.reminder_letters(on=LATE, branch_id=roz)
    assert [(letter.card_number, [c.barcode for c in letter.copies]) for letter in own.letters] \
        == [("A1", ["1001"])]
    assert [row["barcode"] for row in desk.overdue_page(0, 10, today=LATE, branch_id=roz)] == [
        "1001"]
    assert len(desk.overdue_page(0, 10, today=LATE)) == 2
    assert (desk.overdue_count(today=LATE, branch_id=roz), desk.overdue_count(today=LATE),
            desk.overdue_count(today=LATE, branch_id=1)) == (1, 2, 1)


def test_a_branch_counts_its_own_copies_and_names_another_branchs(lib, tmp_path):
    # 3001, made Rožupe's here, was checked in at another branch: on its way home, so not
    # missing from Rožupe's shelves.
    Item.update(branch_id=lib["roz"].id, transit_from_branch_id=1, transit_since=NOW.date()
                ).where(Item.barcode == "3001").execute()
    session = stocktake.start(branch_id=lib["roz"].id)
    scanned = stocktake.scan(session_id=session, barcode="1002")
    assert (scanned.kind, scanned.branch) == ("other_branch", branches.list_branches()[
        0].shown_name)  # branch 1: the library's own name
    assert stocktake.scan(session_id=session, barcode="1001").kind == "ok"
    now = stocktake.outcome(session_id=session)
    assert now.expected == 2  # 1001 and 2001: Rožupe's on the shelf
    assert [line.barcode for line in now.missing] == ["2001"]
    assert [line.barcode for line in now.other_branch] == ["1002"]
    done = stocktake.finish(session_id=session, mark_missing_lost=True)
    assert Item.get(Item.barcode == "2001").status == "lost"
    assert Item.get(Item.barcode == "3001").status == "available"  # in transit: not lost
    assert Item.get(Item.barcode == "9003").status == "damaged"  # the library's: not counted
    pdf = write_stocktake_report(done, tmp_path / "st.pdf", library_name="Rožupes bibliotēka")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Filiāle: Rožupes filiāle" in text and "Citas filiāles eksemplāri" in text


def test_a_stocktaking_of_all_branches_counts_as_before(lib):
    session = stocktake.start()
    assert stocktake.scan(session_id=session, barcode="1002").kind == "ok"
    now = stocktake.outcome(session_id=session)
    assert now.expected == 5 and now.other_branch == []  # 4 on the shelf, 1 damaged


def test_a_branch_discards_its_own_copies(lib):
    roz = lib["roz"].id
    with pytest.raises(Conflict, match="pieder citai filiālei"):
        discards.create_act(barcodes=["1001", "1002"], reason="worn", branch_id=roz)
    assert Item.get(Item.barcode == "1001").status == "available"  # all or nothing
    own = discards.create_act(barcodes=["1001"], reason="worn", branch_id=roz,
                              act_date=date(2026, 3, 1))
    other = discards.create_act(barcodes=["1002"], reason="worn", act_date=date(2026, 3, 2))
    assert [a.id for a in discards.list_acts(branch_id=roz)] == [own]
    assert [a.id for a in discards.list_acts(branch_id=1)] == [other]
    assert [a.id for a in discards.list_acts()] == [other, own]


def test_the_catalogues_copies_show_their_branch_and_transit(lib):
    workstation.store(branch_code="ROZ")
    circulation.checkout(barcode="1002", patron_id=lib["anna"].id, at=NOW)
    circulation.checkin(barcode="1002", at=NOW)
    copies = {c.barcode: c for c in catalog.get_title(title_id=lib["book"].id).copies}
    assert (copies["1001"].branch, copies["1001"].in_transit) == ("Rožupes filiāle", False)
    assert copies["1002"].in_transit and copies["1002"].branch == branches.list_branches()[
        0].shown_name
