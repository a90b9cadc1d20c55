"""Every keyboard shortcut of the program, in one list: the menus take their keys from it
and the help shows it, so what the guide says is what the keys do.

`keys` is Qt's portable text for QKeySequence ("Ctrl+N"); `what` and `where` are message
ids. A tab that adds a shortcut adds it here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Shortcut:
    id: str
    keys: str
    what: str
    where: str
    also: tuple[str, ...] = ()  # other keys for the same thing (shown after the first)

    def sequence(self) -> QKeySequence:
        return QKeySequence(self.keys)

    def sequences(self) -> list[QKeySequence]:
        """Every key sequence that does it, the main one first."""
        return [QKeySequence(keys) for keys in (self.keys, *self.also)]

    def native_text(self) -> str:
        """The keys as the librarian's keyboard labels them ("Ctrl+N", "F6 / Ctrl+R")."""
        return " / ".join(each.toString(QKeySequence.SequenceFormat.NativeText)
                          for each in self.sequences())


def _desk(shortcut_id: str, keys: str, *also: str) -> Shortcut:
    return Shortcut(f"desk.{shortcut_id}", keys, f"shortcut.desk.{shortcut_id}",
                    "shortcut.area.desk", also)


SHORTCUTS: tuple[Shortcut, ...] = (
    # The desk (ui/desk/tab.py binds these by id; Enter is the scan field's own key).
    _desk("scan", "Enter"),
    _desk("renew", "F6", "Ctrl+R"),
    _desk("offer", "F7"),
    _desk("undo", "Ctrl+Z"),
    _desk("visit", "F8"),
    _desk("visit_child", "Shift+F8"),
    _desk("reference", "F9"),
    _desk("reference_child", "Shift+F9"),
    _desk("slip", "Ctrl+P"),
    _desk("overdue_reload", "F5"),
    _desk("clear", "Esc"),
    _desk("programme", "Ctrl+J"),
    Shortcut("patrons.new", "Ctrl+N", "shortcut.patrons.new", "shortcut.area.patrons"),
    Shortcut("events.new", "Ctrl+Shift+N", "shortcut.events.new", "shortcut.area.events"),
    Shortcut("events.delete", "Del", "shortcut.events.delete", "shortcut.area.events"),
    *(Shortcut(f"window.tab{n}", f"Ctrl+{n}", f"shortcut.window.tab{n}",
               "shortcut.area.window") for n in range(1, 7)),
    Shortcut("window.settings", "Ctrl+,", "shortcut.window.settings", "shortcut.area.window"),
    Shortcut("window.help", "F1", "shortcut.window.help", "shortcut.area.window"),
    Shortcut("window.quit", "Ctrl+Q", "shortcut.window.quit", "shortcut.area.window"),
)


def find(shortcut_id: str) -> Shortcut:
    """The shortcut `shortcut_id` (KeyError when there is none)."""
    for each in SHORTCUTS:
        if each.id == shortcut_id:
            return each
    raise KeyError(shortcut_id)


def shortcut(shortcut_id: str) -> QKeySequence:
    """The (main) key sequence of the shortcut `shortcut_id` (KeyError when there is none)."""
    return find(shortcut_id).sequence()


def shortcuts(shortcut_id: str) -> list[QKeySequence]:
    """Every key sequence of the shortcut `shortcut_id`, the main one first."""
    return find(shortcut_id).sequences()


def with_standard(shortcut_id: str, standard: QKeySequence.StandardKey,
                  platform_keys: list[QKeySequence] | None = None) -> list[QKeySequence]:
    """The shortcut's keys and then the platform's for `standard`, each key once: on Linux
    the standard Quit is Ctrl+Q itself, and an action given a key twice answers it with
    "Ambiguous shortcut overload" and does nothing."""
    keys: list[QKeySequence] = []
    extra = QKeySequence.keyBindings(standard) if platform_keys is None else platform_keys
    for each in (*shortcuts(shortcut_id), *extra):
        if each not in keys:
            keys.append(each)
    return keys
