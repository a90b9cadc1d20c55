"""A combo box choosing one of the library's branches, or "all branches" for a list.

A library of one branch has nothing to choose: `several_branches()` tells the forms and
lists whether to show the choice at all, so such a library looks as it did before.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from rozupe_desk.i18n import tr
from rozupe_desk.services.branches import branches


def branch_combo(parent: QWidget, name: str, *, selected: int | None,
                 with_all: bool = False) -> QComboBox:
    """The branches by name (data: the id; None for "Visas filiāles" when `with_all`),
    `selected` chosen (None: all, or the first)."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    fill_branches(combo, selected=selected, with_all=with_all)
    return combo


def fill_branches(combo: QComboBox, *, selected: int | None, with_all: bool = False) -> None:
    combo.blockSignals(True)
    combo.clear()
    if with_all:
        combo.addItem(tr("branches.all"), None)
    for branch in branches.list_branches():
        combo.addItem(tr("branches.choice", name=branch.shown_name, code=branch.code),
                      branch.id)
    index = combo.findData(selected)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def desk_branch_text() -> str:
    """The branch this desk works for, as the window's title and status bar add it
    (" · filiāle: Rožupes filiāle"); nothing in a library of one branch."""
    if not branches.several_branches():
        return ""
    return " · " + tr("branches.works_for", name=branches.desk_branch().shown_name)
