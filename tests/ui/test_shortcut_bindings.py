"""The shortcut list in Help is the truth: every key it shows is bound in the window to
something that acts, and no key is bound twice where both could fire."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

from rozupe_desk.app import create_window
from rozupe_desk.services import library, settings
from rozupe_desk.ui.shortcuts import SHORTCUTS, find, shortcuts

WIDGET_SCOPED = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)


def bindings(window) -> list[tuple[str, object, QWidget]]:
    """(keys, what fires, where it can fire) for every key bound in the window."""
    found = []
    for action in window.findChildren(QAction):
        if not action.isEnabled():
            continue
        scope = action.parent() if action.shortcutContext() in WIDGET_SCOPED else window
        for keys in {each.toString() for each in action.shortcuts()}:
            found.append((keys, action, scope))
    for key in window.findChildren(QShortcut):
        if key.isEnabled() and not key.key().isEmpty():
            scope = key.parent() if key.context() in WIDGET_SCOPED else window
            found.append((key.key().toString(), key, scope))
    return found


def overlaps(a: QWidget, b: QWidget) -> bool:
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def window_on(qtbot, tmp_path):
    library.open_library(tmp_path / "lib.sqlite")
    settings.update(library_name="Rožupe")
    window = create_window(tmp_path / "lib.sqlite")
    qtbot.addWidget(window)
    return window


def test_every_shortcut_in_help_is_bound_and_none_collide(qtbot, tmp_path):
    window = window_on(qtbot, tmp_path)
    bound = bindings(window)
    bound_keys = {keys for keys, _owner, _scope in bound}
    for each in SHORTCUTS:
        if each.id == "desk.scan":  # the scan field's own Enter, checked below
            continue
        for keys in each.sequences():
            assert keys.toString() in bound_keys, f"{each.id}: {keys.toString()} is not bound"
    # the desk's keys sit on the desk, the window's on the window
    desk_keys = {keys for keys, _owner, scope in bound if scope is window.desk}
    for each in SHORTCUTS:
        if each.where == "shortcut.area.desk" and each.id != "desk.scan":
            assert {keys.toString() for keys in each.sequences()} <= desk_keys, each.id
    # no two different things answer the same key where both could fire
    for index, (keys, owner, scope) in enumerate(bound):
        for other_keys, other, other_scope in bound[index + 1:]:
            assert not (keys == other_keys and owner is not other
                        and overlaps(scope, other_scope)), f"{keys} is bound twice"
    # and the list itself names every key once
    listed = [keys.toString() for each in SHORTCUTS for keys in each.sequences()]
    assert len(listed) == len(set(listed))


def test_the_desk_list_matches_its_real_keys():
    assert find("desk.renew").native_text() == "F6 / Ctrl+R"
    assert shortcuts("desk.offer") == [QKeySequence("F7")]
    assert shortcuts("desk.overdue_reload") == [QKeySequence("F5")]
    assert shortcuts("desk.slip") == [QKeySequence("Ctrl+P")]
    assert shortcuts("desk.visit_child") == [QKeySequence("Shift+F8")]
    assert shortcuts("desk.reference_child") == [QKeySequence("Shift+F9")]


def test_enter_in_the_scan_field_takes_the_code(qtbot, tmp_path):
    window = window_on(qtbot, tmp_path)
    field = window.desk.findChild(QLineEdit, "scanInput")
    assert find("desk.scan").sequence() == QKeySequence(Qt.Key.Key_Enter)
    qtbot.keyClicks(field, "NAV-TADA")
    with qtbot.waitSignal(window.desk.scanned, timeout=5_000):
        qtbot.keyClick(field, Qt.Key.Key_Enter)
    assert field.text() == ""
