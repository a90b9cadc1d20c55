"""The one file chooser of the window: opened with `open()` (never a blocking `exec()`), so
the window keeps painting and tests can answer it by its object name.

It is Qt's own dialog rather than the system's, so that all of it speaks the program's
language (the qtbase translator for its buttons and columns, the catalogue for its labels),
and it opens in the folder last used, or else in the user's Documents — never in whatever
folder the program happened to be started from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from rozupe_desk import config
from rozupe_desk.i18n import tr

LAST_FOLDER = "files/last_folder"
_LABELS = {
    QFileDialog.DialogLabel.LookIn: "lvw.files.look_in",
    QFileDialog.DialogLabel.FileName: "lvw.files.file_name",
    QFileDialog.DialogLabel.FileType: "lvw.files.file_type",
    QFileDialog.DialogLabel.Reject: "lvw.files.cancel",
}


def _preferences() -> QSettings:
    """The window's own preferences, in the user data folder beside the default database."""
    return QSettings(str(config.data_dir() / "window.ini"), QSettings.Format.IniFormat)


def start_folder() -> str:
    """The folder last chosen in, if it still exists; else Documents; else the home folder."""
    last = str(_preferences().value(LAST_FOLDER, "") or "")
    if last and Path(last).is_dir():
        return last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def remember_folder(path: str) -> None:
    """Remember the folder of `path` (or `path` itself, a folder) for the next dialog."""
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    if folder.is_dir():
        preferences = _preferences()
        preferences.setValue(LAST_FOLDER, str(folder))
        preferences.sync()


def file_dialog(parent: QWidget, *, title: str, name_filter: str = "", save: bool = False,
                suggested: str = "", object_name: str = "fileDialog",
                folders: bool = False) -> QFileDialog:
    """A translated chooser in `start_folder()`, not yet open; the folder of what is chosen
    is remembered."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(object_name)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setDirectory(start_folder())
    if name_filter:
        dialog.setNameFilter(name_filter)
    if folders:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    elif save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested:
            dialog.selectFile(suggested)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    for label, key in _LABELS.items():
        dialog.setLabelText(label, tr(key))
    accept = "lvw.files.choose_folder" if folders else "lvw.files.save" if save else (
        "lvw.files.choose")
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, tr(accept))
    dialog.fileSelected.connect(remember_folder)
    return dialog


def ask_file(parent: QWidget, *, title: str, name_filter: str, on_chosen: Callable[[str], None],
             save: bool, suggested: str = "", object_name: str = "fileDialog",
             default_suffix: str = "") -> QFileDialog:
    """Ask for a file to read (or, with `save`, to write); `on_chosen(path)` runs when one
    is picked."""
    dialog = file_dialog(parent, title=title, name_filter=name_filter, save=save,
                         suggested=suggested, object_name=object_name)
    if default_suffix:
        dialog.setDefaultSuffix(default_suffix)
    dialog.fileSelected.connect(on_chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
