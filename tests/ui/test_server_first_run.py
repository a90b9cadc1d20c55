"""The first run's server choice: this PC alone, or the library's server; a connection test
that says what is wrong, an empty database made a library, the desk's branch chosen among the
server's, and the window working on the server from then on (a real test cluster)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from rozupe_desk import config, password_file, workstation
from rozupe_desk.db.connection import close_database
from rozupe_desk.services import library, settings
from rozupe_desk.services.branches import branches
from tests.postgres_server import TEMPLATE
from tests.server_logins import password_login
from tests.ui.windows import shown_window

SHOTS = Path("/tmp/shots/i16-server-desk")


@pytest.fixture
def login(postgres_cluster, monkeypatch):
    # The password file the dialog writes, where libpq looks (set here so it is unset again).
    monkeypatch.setenv(password_file.ENV_VAR, str(password_file.path()))
    return password_login(postgres_cluster)


@pytest.fixture
def server_database(postgres_cluster):
    made: list[str] = []

    def make(template: str | None = None) -> str:
        made.append(postgres_cluster.fresh_database(template))
        return made[-1].rsplit("/", 1)[1]

    yield make
    close_database()
    for url in made:
        postgres_cluster.drop_database(url)


def first_run_dialog(qtbot, window) -> QDialog:
    qtbot.waitUntil(lambda: window.findChild(QDialog, "firstRunDialog") is not None
                    and window.findChild(QDialog, "firstRunDialog").isVisible())
    return window.findChild(QDialog, "firstRunDialog")


def click(qtbot, dialog, name):
    button = dialog.findChild(QAbstractButton, name)
    assert button.isVisible() and button.isEnabled(), name
    # A radio button takes clicks on its circle and text only, not on its whole width.
    where = QPoint(8, button.height() // 2) if isinstance(button, QRadioButton) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def server_dialog(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite", register=False)
    dialog = first_run_dialog(qtbot, window)
    click(qtbot, dialog, "whereServer")
    return dialog


def type_slip(qtbot, dialog, login, database: str, password: str | None = None) -> None:
    for name, text in (("serverHost", login.host), ("serverPort", str(login.port)),
                       ("serverDatabase", database), ("serverUser", login.user),
                       ("serverPassword", login.password if password is None else password)):
        dialog.findChild(QLineEdit, name).setText(text)  # keyClicks takes no "ā"


def checked_message(qtbot, dialog) -> str:
    """Press "Pārbaudīt savienojumu" and wait for the answer (the test runs off the GUI
    thread, so the dialog stays responsive meanwhile)."""
    message = dialog.findChild(QLabel, "serverMessage")
    click(qtbot, dialog, "serverCheck")
    assert message.text() == "Pārbauda savienojumu…"
    qtbot.waitUntil(lambda: message.text() != "Pārbauda savienojumu…", timeout=20000)
    return message.text()


def test_the_first_question_is_this_pc_or_the_server(qtbot, tmp_path):
    window = shown_window(qtbot, tmp_path / "lib.sqlite")
    dialog = first_run_dialog(qtbot, window)
    local = dialog.findChild(QAbstractButton, "whereLocal")
    assert local.text() == "Tikai šajā datorā" and local.isChecked()
    assert dialog.findChild(QWidget, "setting_library_name").isVisible()
    assert not dialog.findChild(QLineEdit, "serverHost").isVisible()
    click(qtbot, dialog, "whereServer")
    assert dialog.findChild(QAbstractButton, "whereServer").text() == (
        "Pieslēgties bibliotēkas serverim")
    for name in ("serverHost", "serverPort", "serverDatabase", "serverUser", "serverPassword"):
        assert dialog.findChild(QLineEdit, name).isVisible(), name
    assert dialog.findChild(QLineEdit, "serverPassword").echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.findChild(QWidget, "setting_library_name").isVisible()
    assert not dialog.findChild(QAbstractButton, "firstRunNext").isEnabled()
    assert not dialog.findChild(QAbstractButton, "serverConnect").isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(100)  # the shown panel's layout settles before the picture
    dialog.grab().save(str(SHOTS / "first-run-server-choice.png"))
    click(qtbot, dialog, "whereLocal")  # back: the library's own fields again
    assert dialog.findChild(QWidget, "setting_library_name").isVisible()
    assert dialog.findChild(QAbstractButton, "firstRunNext").isEnabled()
    dialog.reject()


def test_a_wrong_password_or_database_is_told_and_nothing_is_kept(
        qtbot, tmp_path, login, server_database):
    dialog = server_dialog(qtbot, tmp_path)
    name = server_database(TEMPLATE)
    type_slip(qtbot, dialog, login, name, password="nepareiza")
    assert checked_message(qtbot, dialog) == (
        f'Serveris neatļāva pieslēgties: lietotājs "{login.user}" vai parole nav pareiza.')
    qtbot.wait(100)
    dialog.grab().save(str(SHOTS / "first-run-wrong-password.png"))
    assert not dialog.findChild(QAbstractButton, "serverConnect").isEnabled()
    type_slip(qtbot, dialog, login, name + "_nav")
    assert f'nav datubāzes "{name}_nav"' in checked_message(qtbot, dialog)
    assert not dialog.findChild(QAbstractButton, "serverConnect").isEnabled()
    assert workstation.load().server_url == "" and not password_file.path().exists()
    dialog.reject()
    dialog.parentWidget().close()


def test_an_empty_database_becomes_the_library_and_the_window_opens_there(
        qtbot, tmp_path, login, server_database):
    dialog = server_dialog(qtbot, tmp_path)
    name = server_database()
    type_slip(qtbot, dialog, login, name)
    assert "vēl ir tukša" in checked_message(qtbot, dialog)
    message = dialog.findChild(QLabel, "serverMessage")
    click(qtbot, dialog, "serverCreate")
    qtbot.waitUntil(lambda: "ir gatava" in message.text(), timeout=60000)
    click(qtbot, dialog, "serverConnect")
    new = dialog.new_window
    qtbot.addWidget(new)
    url = f"postgresql://{login.user}@{login.host}:{login.port}/{name}"
    assert new.db_target == url and workstation.load().server_url == url  # no password
    assert workstation.load().branch_code == "1"
    kept = password_file.path()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text(encoding="utf-8") == (
        f"{login.host}:{login.port}:{name}:{login.user}:Rudzāti\\:2026\n")
    # Nobody set the library up yet: its first run goes on, on the server, without the question.
    again = first_run_dialog(qtbot, new)
    assert not again.findChild(QWidget, "serverChoice").isVisible()
    assert again.findChild(QWidget, "setting_library_name").isVisible()
    again.reject()


def test_a_set_up_library_opens_for_the_chosen_branch_and_on_the_next_starts(
        qtbot, tmp_path, login, server_database, monkeypatch):
    name = server_database(TEMPLATE)
    library.open_library(f"postgresql://rozupe@{login.host}:{login.port}/{name}")
    settings.update(library_name="Līvānu novada bibliotēka")
    branches.add_branch(code="RZ", name="Rožupes filiāle")
    close_database()
    dialog = server_dialog(qtbot, tmp_path)
    type_slip(qtbot, dialog, login, name)
    assert checked_message(qtbot, dialog) == (
        f'Savienojums ir. Datubāzē "{name}" ir bibliotēka ar 2 filiālēm. Izvēlieties šī'
        ' datora filiāli un spiediet "Pieslēgties".')
    combo = dialog.findChild(QComboBox, "serverBranch")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "1 — Līvānu novada bibliotēka", "RZ — Rožupes filiāle"]
    combo.setCurrentIndex(1)
    qtbot.wait(100)
    dialog.grab().save(str(SHOTS / "first-run-server-branch.png"))
    click(qtbot, dialog, "serverConnect")
    new = dialog.new_window
    qtbot.addWidget(new)
    assert workstation.load().branch_code == "RZ"
    assert branches.desk_branch().code == "RZ"
    assert new.windowTitle() == "Rožupe Desk — Līvānu novada bibliotēka · filiāle: Rožupes filiāle"
    qtbot.wait(50)
    assert new.findChild(QDialog, "firstRunDialog") is None
    # The next start with no --db and no ROZUPE_DESK_DB opens the server; both still win.
    url = f"postgresql://{login.user}@{login.host}:{login.port}/{name}"
    assert config.default_db_target() == url
    monkeypatch.setenv(config.DB_ENV_VAR, str(tmp_path / "other.sqlite"))
    assert config.default_db_target() == str(tmp_path / "other.sqlite")


def test_a_server_gone_between_the_check_and_connecting_leaves_this_pc_as_it_was(
        qtbot, tmp_path, login, server_database, postgres_cluster):
    dialog = server_dialog(qtbot, tmp_path)
    name = server_database(TEMPLATE)
    type_slip(qtbot, dialog, login, name)
    assert "ir gatava" in checked_message(qtbot, dialog)
    postgres_cluster.drop_database(postgres_cluster.url(name))
    click(qtbot, dialog, "serverConnect")
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "firstRunMessage").isVisible()
    assert workstation.load().server_url == ""
    assert config.default_db_target().endswith("rozupe-desk.sqlite")
    assert dialog.parentWidget().isVisible() and library.is_first_run()  # the file, as it was
    dialog.reject()
    dialog.parentWidget().close()
