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

    def sequence(self) -> QKeySequence:
        return QKeySequence(self.keys)

    def native_text(self) -> str:
        """The keys as the librarian's keyboard labels them ("Ctrl+N", "Enter")."""
        return self.sequence().toString(QKeySequence.SequenceFormat.NativeText)


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("desk.scan", "Enter", "shortcut.desk.scan", "shortcut.area.desk"),
    Shortcut("desk.clear", "Esc", "shortcut.desk.clear", "shortcut.area.desk"),
    Shortcut("desk.undo", "Ctrl+Z", "shortcut.desk.undo", "shortcut.area.desk"),
    Shortcut("desk.renew", "F5", "shortcut.desk.renew", "shortcut.area.desk"),
    Shortcut("patrons.new", "Ctrl+N", "shortcut.patrons.new", "shortcut.area.patrons"),
    Shortcut("events.new", "Ctrl+Shift+N", "shortcut.events.new", "shortcut.area.events"),
    *(Shortcut(f"window.tab{n}", f"Ctrl+{n}", f"shortcut.window.tab{n}",
               "shortcut.area.window") for n in range(1, 6)),
    Shortcut("window.settings", "Ctrl+,", "shortcut.window.settings", "shortcut.area.window"),
    Shortcut("window.help", "F1", "shortcut.window.help", "shortcut.area.window"),
    Shortcut("window.quit", "Ctrl+Q", "shortcut.window.quit", "shortcut.area.window"),
)


def shortcut(shortcut_id: str) -> QKeySequence:
    """The key sequence of the shortcut `shortcut_id` (KeyError when there is none)."""
    for each in SHORTCUTS:
        if each.id == shortcut_id:
            return each.sequence()
    raise KeyError(shortcut_id)
