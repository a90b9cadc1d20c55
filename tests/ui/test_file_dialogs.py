"""File choosers: Qt's own dialog in Latvian, opening in Documents or the folder last used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from rozupe_desk.ui import files


def test_the_dialog_is_translated_and_starts_in_documents_then_in_the_last_folder(
        qtbot, tmp_path, monkeypatch):
    documents = tmp_path / "Dokumenti"
    documents.mkdir()
    monkeypatch.setattr(files.QStandardPaths, "writableLocation", lambda _where: str(documents))
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen: list[str] = []
    dialog = files.ask_file(parent, title="x", name_filter="PDF (*.pdf)", on_chosen=chosen.append,
                            save=True, suggested="parskats.pdf")
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert Path(dialog.directory().absolutePath()) == documents
    texts = {label.text() for label in dialog.findChildren(QLabel)} | {
        button.text() for button in dialog.findChildren(QPushButton)}
    assert {"Skatīt mapē:", "Faila nosaukums:", "Faila veids:", "Saglabāt", "Atcelt"} <= texts
    target = tmp_path / "atskaites" / "parskats.pdf"
    target.parent.mkdir()
    dialog.fileSelected.emit(str(target))
    dialog.close()
    assert chosen == [str(target)]
    again = files.ask_file(parent, title="x", name_filter="", on_chosen=chosen.append,
                           save=False)
    assert Path(again.directory().absolutePath()) == target.parent
    again.close()
