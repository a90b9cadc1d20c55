"""The desk driven as a scanner drives it: codes typed into `scanInput`, then Enter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from rozupe_desk.app import create_window
from rozupe_desk.db.models import Hold, Item, Loan, ReferenceQuery, Visit
from rozupe_desk.services.circulation import circulation
from tests.desk_data import small_library
from tests.ui.windows import shown_window


@pytest.fixture
def desk(qtbot, db_path):
    data = small_library()
    window = shown_window(qtbot, db_path)
    window.activateWindow()
    tab = window.desk
    tab.open_files = False
    tab.data = data
    qtbot.waitUntil(tab.scan_input.hasFocus)
    yield tab  # the fixture keeps `window` alive for the test
    window.close()


def scan(qtbot, desk, code: str) -> None:
    field = desk.findChild(QLineEdit, "scanInput")
    with qtbot.waitSignal(desk.scanned, timeout=3000):
        qtbot.keyClicks(field, code)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def message(desk) -> tuple[str, str]:
    bar = desk.findChild(QLabel, "messageBar")
    return bar.property("level"), bar.text()


def loans_shown(desk) -> int:
    return desk.findChild(QTableView, "loansTable").model().rowCount()


def press(qtbot, desk, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(desk.findChild(QLineEdit, "scanInput"), key, modifier)


def answer_dialog(qtbot, desk, *keys: str | Qt.Key, then: tuple = ()) -> list[tuple[str, str]]:
    """Answer the desk dialog the next action opens, with these keys (text is typed as a
    scanner types it), and the dialogs after it with the key tuples in `then`; returns the
    (object name, text) of each dialog answered."""
    seen: list[tuple[str, str]] = []
    answers = [keys, *then]
    answered: list[object] = []
    tries = iter(range(1000))

    def press_keys() -> None:
        dialog = desk.dialog
        if dialog is None or not dialog.isActiveWindow() or dialog in answered:
            if next(tries, None) is not None:
                QTimer.singleShot(10, press_keys)
            return
        answered.append(dialog)
        seen.append((dialog.objectName(), dialog.findChild(QLabel, "deskDialogText").text()))
        for key in answers[len(seen) - 1]:
            if isinstance(key, str):
                qtbot.keyClicks(dialog, key)
            else:
                qtbot.keyClick(dialog, key)
        if len(seen) < len(answers):
            QTimer.singleShot(10, press_keys)

    QTimer.singleShot(0, press_keys)
    return seen


def test_checkout_and_checkin_by_scanning(qtbot, desk):
    scan(qtbot, desk, "A1")
    assert message(desk)[0] == "ok" and "Anna Bērziņa" in message(desk)[1]
    assert "Anna Bērziņa" in desk.patron_panel.name_label.text()
    scan(qtbot, desk, "1001")
    level, text = message(desk)
    assert level == "ok" and "Izsniegts" in text and "Biškopība" in text
    assert loans_shown(desk) == 1 and Item.get(Item.barcode == "1001").status == "on_loan"
    assert desk.findChild(QLineEdit, "scanInput").text() == ""
    press(qtbot, desk, Qt.Key.Key_Escape)
    assert desk.patron_id is None and loans_shown(desk) == 0
    scan(qtbot, desk, "1001")
    assert message(desk)[0] == "ok" and "Saņemts" in message(desk)[1]
    assert Item.get(Item.barcode == "1001").status == "available"


def test_a_fast_scanner_loses_no_code(qtbot, desk):
    field = desk.findChild(QLineEdit, "scanInput")
    results = []
    desk.scanned.connect(results.append)
    for code in ("A1", "1001", "1002", "2001", "3001"):
        qtbot.keyClicks(field, code)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(results) == 5)
    assert Loan.select().where(Loan.returned_at.is_null()).count() == 4
    assert loans_shown(desk) == 4


def test_own_copy_comes_back_and_f6_renews_it_instead(qtbot, desk):
    scan(qtbot, desk, "A1")
    scan(qtbot, desk, "1001")
    scan(qtbot, desk, "1001")
    assert "F6" in message(desk)[1] and desk.offer_button.isVisible()
    press(qtbot, desk, Qt.Key.Key_F6)
    level, text = message(desk)
    assert level == "ok" and "Pagarināts" in text
    loan = Loan.get()
    assert loan.returned_at is None and loan.renewals == 1 and loans_shown(desk) == 1


def test_renew_selected_loans(qtbot, desk):
    scan(qtbot, desk, "A1")
    scan(qtbot, desk, "1001")
    scan(qtbot, desk, "2001")
    press(qtbot, desk, Qt.Key.Key_F6)
    assert message(desk)[0] == "notice"  # nothing chosen yet
    desk.loans_table.selectAll()
    press(qtbot, desk, Qt.Key.Key_F6)
    assert "Pagarināti eksemplāri: 2" in message(desk)[1]
    assert [loan.renewals for loan in Loan.select()] == [1, 1]


def test_hold_pickup(qtbot, desk):
    data = desk.data
    circulation.checkout(barcode="2001", patron_id=data["anna"].id)
    circulation.place_hold(patron_id=data["karlis"].id, barcode="2001")
    answer_dialog(qtbot, desk, Qt.Key.Key_Escape)  # the hold dialog, closed without a slip
    scan(qtbot, desk, "2001")
    level, text = message(desk)
    assert level == "notice" and "lasītājam Kārlim Kalniņam" in text and "malā" in text
    scan(qtbot, desk, "K1")
    assert message(desk)[0] == "notice" and "Pasakas" in desk.patron_panel.details.text()
    scan(qtbot, desk, "2001")
    assert message(desk)[0] == "ok" and "rezervētais" in message(desk)[1]
    assert Hold.get().status == "collected"


def test_reserved_copy_refused_then_f7_reserves_it_for_the_loaded_reader(qtbot, desk):
    data = desk.data
    circulation.checkout(barcode="2001", patron_id=data["anna"].id)
    circulation.place_hold(patron_id=data["karlis"].id, barcode="2001")
    circulation.checkin(barcode="2001")
    scan(qtbot, desk, "C1")
    scan(qtbot, desk, "2001")
    assert message(desk)[0] == "refusal" and "rezervēts" in message(desk)[1]
    assert desk.offer_button.isVisible()
    press(qtbot, desk, Qt.Key.Key_F7)
    assert message(desk)[0] == "ok" and "rindā 1." in message(desk)[1]
    assert Hold.select().where(Hold.patron == data["child"].id).count() == 1


@pytest.mark.parametrize(("codes", "fragment"), [
    (["A1", "nav-tada-koda"], "Nezināms kods"),
    (["A1", "9001"], "norakstīts"),
    (["A1", "9002"], "pazudis"),
    (["A1", "9003"], "bojāts"),
    (["B1", "1001"], "bloķēts"),
    (["2001"], "vispirms skenējiet lasītāja karti"),
])
def test_every_refusal_says_what_is_wrong_and_changes_nothing(qtbot, desk, codes, fragment):
    for code in codes[:-1]:
        scan(qtbot, desk, code)
    before = (Loan.select().count(), [i.status for i in Item.select().order_by(Item.id)])
    scan(qtbot, desk, codes[-1])
    level, text = message(desk)
    assert level in ("refusal", "notice") and fragment in text, text
    assert (Loan.select().count(), [i.status for i in Item.select().order_by(Item.id)]) == before
    assert "background:#" in desk.message_bar.styleSheet()


def test_undo_with_ctrl_z_in_the_scan_field(qtbot, desk):
    scan(qtbot, desk, "A1")
    scan(qtbot, desk, "1001")
    press(qtbot, desk, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert message(desk)[0] == "notice" and "Atsaukt" in message(desk)[1]
    assert Loan.select().count() == 0 and loans_shown(desk) == 0
    press(qtbot, desk, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert message(desk)[0] == "refusal" and "Nav darbības" in message(desk)[1]


def test_visit_and_reference_question_keys(qtbot, desk):
    scan(qtbot, desk, "C1")
    press(qtbot, desk, Qt.Key.Key_F8)
    press(qtbot, desk, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, desk, Qt.Key.Key_F9)
    assert [(v.patron_id, v.age_group) for v in Visit.select().order_by(Visit.id)] == [
        (desk.data["child"].id, "child"), (None, "child")]
    assert ReferenceQuery.get().age_group == "child"
    qtbot.waitUntil(lambda: "apmeklējumi 2" in desk.counts_label.text())
    assert "uzziņas 1" in desk.counts_label.text()


def test_loan_slip_on_request(qtbot, desk, tmp_path):
    scan(qtbot, desk, "A1")
    scan(qtbot, desk, "1001")
    press(qtbot, desk, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert desk.last_slip is not None and desk.last_slip.read_bytes().startswith(b"%PDF")
    assert "Kvīts" in message(desk)[1]


def test_overdue_list_is_sortable_and_counts_days(qtbot, desk):
    data = desk.data
    today = date.today()
    for barcode, who, days_ago in (("1001", "anna", 60), ("2001", "karlis", 40)):
        circulation.checkout(barcode=barcode, patron_id=data[who].id,
                             at=circulation.now() - timedelta(days=days_ago))
    desk.lists.setCurrentWidget(desk.overdue)
    model = desk.overdue.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert model.data(model.index(0, 6)) == "1001"
    first_days = int(model.data(model.index(0, 0)))
    assert first_days == (today - Loan.get(Loan.item == Item.get(Item.barcode == "1001"))
                          .due_on).days > 0
    desk.overdue.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, 2)).startswith("Bērziņa")
    assert "2" in desk.overdue.total.text()


def test_english_desk(qtbot, db_path):
    small_library()
    window = create_window(db_path, lang="en")
    qtbot.addWidget(window)
    window.desk.open_files = False
    window.desk.enqueue("A1")
    qtbot.waitUntil(lambda: window.desk.patron_id is not None)
    assert window.desk.message_bar.text().endswith("Reader: Anna Bērziņa")


def test_a_scanner_that_ends_codes_with_tab_and_hand_typed_lower_case(qtbot, desk):
    field = desk.findChild(QLineEdit, "scanInput")
    with qtbot.waitSignal(desk.scanned, timeout=3000):
        qtbot.keyClicks(field, "a1")
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert desk.patron_id == desk.data["anna"].id and field.hasFocus()
    scan(qtbot, desk, "1001")
    assert Item.get(Item.barcode == "1001").status == "on_loan"


def test_reader_holds_tab_lists_and_cancels(qtbot, desk):
    data = desk.data
    circulation.checkout(barcode="2001", patron_id=data["anna"].id)
    circulation.place_hold(patron_id=data["karlis"].id, barcode="2001")
    circulation.place_hold(patron_id=data["karlis"].id, barcode="1001")
    circulation.checkin(barcode="2001")
    scan(qtbot, desk, "K1")
    model = desk.holds.model
    assert model.rowCount() == 2 and desk.lists.tabText(1).endswith("(2)")
    assert model.data(model.index(0, 0)) == "Pasakas"
    assert "gaida izsniegšanu līdz" in model.data(model.index(0, 1))
    assert model.data(model.index(1, 1)) == "rindā"
    desk.lists.setCurrentWidget(desk.holds)
    desk.holds.table.selectRow(0)
    qtbot.mouseClick(desk.holds.cancel_button, Qt.MouseButton.LeftButton)
    assert message(desk)[0] == "ok" and "Pasakas" in message(desk)[1]
    assert model.rowCount() == 1 and Item.get(Item.barcode == "2001").status == "available"
    assert desk.lists.currentWidget() is desk.holds
    scan(qtbot, desk, "2001")  # a checkout shows the loans again
    assert desk.lists.currentWidget() is desk.loans_table and loans_shown(desk) == 1


def test_the_answer_is_there_when_enter_returns(qtbot, desk):
    field = desk.findChild(QLineEdit, "scanInput")
    qtbot.keyClicks(field, "A1")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "1001")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert loans_shown(desk) == 1 and "Izsniegts" in message(desk)[1]


def test_a_code_arriving_during_another_waits_its_turn(qtbot, desk):
    order = []
    real = desk.handle_scan

    def handle(code):
        order.append(("start", code))
        if code == "A1":
            desk.enqueue("1001")  # as if the scanner sent the next code meanwhile
        result = real(code)
        order.append(("end", code))
        return result

    desk.handle_scan = handle
    desk.enqueue("A1")
    assert order == [("start", "A1"), ("end", "A1"), ("start", "1001"), ("end", "1001")]
    assert Loan.get().patron_id == desk.data["anna"].id
