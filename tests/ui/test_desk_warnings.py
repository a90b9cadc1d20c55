"""The desk's warnings, as Koha's circulation screen gives them: overdue copies before the
first checkout, whose copy came back and how late, a copy caught for a hold (a dialog and a
slip), the limits the librarian may override (asked, and in the audit log)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from rozupe_desk.db.models import AuditLog, Hold, Item, Loan
from rozupe_desk.services import settings
from rozupe_desk.services.circulation import circulation
from tests.ui import test_desk_scanning
from tests.ui.test_desk_scanning import answer_dialog, message, press, scan

desk = test_desk_scanning.desk  # the same window on the same small library


def lend_weeks_ago(barcode: str, patron, weeks: int) -> int:
    """Lend it as if weeks ago; returns the days it is overdue today."""
    outcome = circulation.checkout(barcode=barcode, patron_id=patron.id,
                                   at=circulation.now() - timedelta(weeks=weeks))
    return (date.today() - outcome.due_on).days


def test_overdue_copies_are_said_at_the_card_and_asked_before_the_first_checkout(qtbot, desk):
    late = lend_weeks_ago("1001", desk.data["anna"], 8)
    scan(qtbot, desk, "A1")
    level, text = message(desk)
    assert level == "notice" and "Anna Bērziņa" in text and "Kavēti eksemplāri: 1" in text
    assert f"ilgākais kavējums: {late} d." in text and late > 20
    desk.grab().save("/tmp/shots/i15-desk/overdue-at-card.png")
    asked = answer_dialog(qtbot, desk, Qt.Key.Key_Escape)
    scan(qtbot, desk, "2001")
    assert asked and asked[0][0] == "overdueQuestion" and "Pasakas" in asked[0][1]
    assert "kavēti eksemplāri: 1" in asked[0][1]
    assert Item.get(Item.barcode == "2001").status == "available"
    assert message(desk)[0] == "notice" and "Nav izsniegts" in message(desk)[1]
    qtbot.waitUntil(desk.scan_input.hasFocus)
    asked = answer_dialog(qtbot, desk, Qt.Key.Key_Return)  # Enter: lend anyway
    scan(qtbot, desk, "2001")
    assert asked and Item.get(Item.barcode == "2001").status == "on_loan"
    assert message(desk)[0] == "ok" and "Izsniegts" in message(desk)[1]
    scan(qtbot, desk, "3001")  # confirmed once for this visit: no second question
    assert desk.dialog is None and Item.get(Item.barcode == "3001").status == "on_loan"
    qtbot.waitUntil(desk.scan_input.hasFocus)


def test_a_reader_without_overdue_copies_is_not_asked(qtbot, desk):
    scan(qtbot, desk, "K1")
    assert message(desk) == ("ok", "✔  Lasītājs: Kārlis Kalniņš")
    scan(qtbot, desk, "2001")
    assert desk.dialog is None and message(desk)[0] == "ok"


def test_a_code_scanned_into_the_question_is_not_an_answer_and_not_lost(qtbot, desk):
    lend_weeks_ago("1001", desk.data["anna"], 8)
    scan(qtbot, desk, "A1")
    asked = answer_dialog(qtbot, desk, "3001", Qt.Key.Key_Return, then=[(Qt.Key.Key_Return,)])
    scan(qtbot, desk, "2001")  # the scanned 3001 is asked about in its turn, and lent
    assert [name for name, _text in asked] == ["overdueQuestion", "overdueQuestion"]
    assert "Pasakas" in asked[0][1] and "Ilustrētā Zinātne" in asked[1][1]
    assert Item.get(Item.barcode == "2001").status == "available"
    assert Item.get(Item.barcode == "3001").status == "on_loan"


def test_a_check_in_without_a_card_says_whose_it_was_and_how_late(qtbot, desk):
    late = lend_weeks_ago("1001", desk.data["anna"], 8)
    circulation.checkout(barcode="2001", patron_id=desk.data["karlis"].id)
    scan(qtbot, desk, "1001")
    assert message(desk) == ("ok", "✔  Saņemts: „Biškopība iesācējiem”. Lasītājs: Anna"
                                   f" Bērziņa · kavējums: {late} d.")
    scan(qtbot, desk, "2001")
    assert message(desk)[1].endswith("Lasītājs: Kārlis Kalniņš · nodots laikā")


def test_a_copy_caught_for_a_hold_opens_a_dialog_and_prints_its_slip(qtbot, desk):
    data = desk.data
    circulation.checkout(barcode="2001", patron_id=data["anna"].id)
    circulation.place_hold(patron_id=data["karlis"].id, barcode="2001")
    shown = answer_dialog(qtbot, desk, Qt.Key.Key_Return)
    scan(qtbot, desk, "2001")
    assert shown and shown[0][0] == "holdDialog"
    assert "Pasakas" in shown[0][1] and "Kārlis Kalniņš" in shown[0][1] and "K1" in shown[0][1]
    assert desk.dialog is None
    qtbot.waitUntil(desk.scan_input.hasFocus)
    assert desk.last_hold_slip is not None
    assert desk.last_hold_slip.read_bytes().startswith(b"%PDF")
    assert Hold.get().status == "ready" and "malā" in message(desk)[1]  # the bar stays


def test_the_loan_limit_is_asked_overridden_and_audited(qtbot, desk):
    settings.update(max_loans=1)
    scan(qtbot, desk, "K1")
    scan(qtbot, desk, "1001")
    asked = answer_dialog(qtbot, desk, Qt.Key.Key_Escape)
    scan(qtbot, desk, "2001")
    assert asked and asked[0][0] == "overrideQuestion" and "limits" in asked[0][1]
    assert Loan.select().count() == 1 and "Nav izsniegts" in message(desk)[1]
    asked = answer_dialog(qtbot, desk, Qt.Key.Key_Return)
    scan(qtbot, desk, "2001")
    assert asked and Loan.select().count() == 2 and message(desk)[0] == "ok"
    entry = AuditLog.select().where(AuditLog.action == "desk.checkout").order_by(
        AuditLog.id.desc()).get()
    details = json.loads(entry.details)
    assert details["override"] is True
    assert details["override_reason"] == "circulation.limit_reached"


def test_a_hold_on_a_title_she_has_is_asked_overridden_and_audited(qtbot, desk):
    data = desk.data
    circulation.checkout(barcode="1001", patron_id=data["karlis"].id)
    circulation.checkout(barcode="1002", patron_id=data["anna"].id)
    circulation.place_hold(patron_id=data["child"].id, barcode="1002")
    scan(qtbot, desk, "K1")
    answer_dialog(qtbot, desk, Qt.Key.Key_Escape)  # the hold dialog of 1002
    scan(qtbot, desk, "1002")  # returned, kept for the child: F7 offers a hold
    assert desk.offer is not None and desk.offer.kind == "hold"
    qtbot.waitUntil(desk.scan_input.hasFocus)
    asked = answer_dialog(qtbot, desk, Qt.Key.Key_Return)
    press(qtbot, desk, Qt.Key.Key_F7)
    assert asked and asked[0][0] == "overrideQuestion" and "jau ir izsniegts" in asked[0][1]
    hold = Hold.get(Hold.patron == data["karlis"].id)
    entry = AuditLog.get(AuditLog.action == "desk.hold_place", AuditLog.entity_id == str(hold.id))
    assert json.loads(entry.details)["override_reason"] == "circulation.hold_has_copy"
    assert "rindā 1." in message(desk)[1]


TWO_LINES = ("Lasītājs: Jurģis Dzenis · Kavēti eksemplāri: 3 (ilgākais kavējums: 45 d.) – lūdziet"
             " tos atgriezt. Ēģiptes ķēniņu ūdensrožu dārzs, Ģirts Čākstiņš, Žanis Šķēle, Ļena"
             " Ņikitina – izsniegt tomēr?")


def test_a_two_line_message_fits_the_bar_whatever_the_font(qtbot, desk):
    desk.window().resize(1200, 780)
    bar = desk.findChild(QLabel, "messageBar")
    for level in ("ok", "notice", "refusal"):
        desk.show_message(level, TWO_LINES)
        qtbot.waitUntil(lambda: bar.heightForWidth(bar.width()) > 0)
        assert bar.fontMetrics().horizontalAdvance(bar.text()) > bar.contentsRect().width()
        assert bar.heightForWidth(bar.width()) <= bar.height()
    font = bar.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # Iestatījumi: a larger font
    bar.setFont(font)
    desk.show_message("notice", TWO_LINES[:120])
    assert bar.heightForWidth(bar.width()) <= bar.height()


def test_the_overdue_tab_shows_the_title_whole_headers_and_a_guardians_phone(qtbot, desk):
    from rozupe_desk.db.models import Patron, Title

    data = desk.data
    Patron.update(phone="29111222").where(Patron.id == data["anna"].id).execute()
    Title.update(title="Ēģiptes ķēniņu ūdensrožu dārzs").where(
        Title.id == data["tale"].id).execute()
    lend_weeks_ago("2001", data["child"], 8)
    desk.window().resize(1200, 780)
    desk.lists.setCurrentWidget(desk.overdue)
    table = desk.overdue.table
    qtbot.waitUntil(lambda: desk.overdue.model.rowCount() == 1)
    model, header = table.model(), table.horizontalHeader()
    assert model.data(model.index(0, 4)) == "29111222 (aizbildnis)"
    title = model.data(model.index(0, 5))
    assert header.sectionSize(5) >= table.fontMetrics().horizontalAdvance(title)
    assert header.sectionViewportPosition(5) + header.sectionSize(5) <= table.viewport().width()
    bold = header.font()
    bold.setBold(True)
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        assert QFontMetrics(bold).horizontalAdvance(text) + 18 <= header.sectionSize(column), text
    desk.window().grab().save("/tmp/shots/i15-desk/overdue-tab-test-1200x780.png")
