"""The reader form the Latvian way: dates as 04.05.2016, consent left for the reader to
give, a child's category from the age."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from rozupe_desk.services import library
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields
from tests.ui.windows import shown_window


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "lib.sqlite"
    library.open_library(path)
    patrons.register(fields=PatronFields(first_name="Jānis", last_name="Ozoliņš",
                                         birth="1980-02-03", consent_data=True))
    return shown_window(qtbot, path)


def _registration(qtbot, window):
    window.tabs.setCurrentWidget(window.patrons)
    window.patrons.new_patron()
    return window.patrons.form


def test_a_typed_birth_date_stays_as_typed_in_the_form_and_the_list(qtbot, window):
    form = _registration(qtbot, window)
    form.inputs["first_name"].setText("Līva")
    form.inputs["last_name"].setText("Zariņa")
    form.inputs["birth"].setText("04.05.2016")
    assert form.save()
    assert form.inputs["birth"].text() == "04.05.2016"
    tab = window.patrons
    tab.run_search()
    births = {tab.model.row_data(r)["first_name"]: tab.model.index(r, 3).data()
              for r in range(tab.model.rowCount())}
    assert births == {"Līva": "04.05.2016", "Jānis": "03.02.1980"}
    assert form.history_model.columnCount() == 5
    assert str(date.today().year) in form.summary.text()
    assert date.today().strftime("%d.%m.%Y") in form.summary.text()  # registered on


def test_a_new_reader_gives_consent_herself(qtbot, window):
    form = _registration(qtbot, window)
    assert not form.consent_data.isChecked() and not form.consent_photo.isChecked()


def test_a_child_s_category_follows_the_age_until_chosen_by_hand(qtbot, window):
    form = _registration(qtbot, window)
    ten_years_ago = date.today().year - 10
    form.inputs["birth"].setText(str(ten_years_ago))
    assert form.category.currentData() == "pupil"
    form.inputs["birth"].setText(str(date.today().year - 4))
    assert form.category.currentData() == "preschool"
    form.inputs["birth"].setText("1970")
    assert form.category.currentData() == "other"
    form.category.setFocus()
    qtbot.keyClick(form.category, Qt.Key.Key_Up)  # she picks one herself …
    chosen = form.category.currentData()
    assert chosen == "unemployed"
    form.inputs["birth"].setText(str(ten_years_ago))
    assert form.category.currentData() == chosen  # … and the age no longer overrides it


def test_the_form_fits_the_opening_window_without_scrolling(qtbot, window):
    window.resize(1200, 780)
    form = _registration(qtbot, window)
    form.inputs["birth"].setText("2016")
    qtbot.wait(50)
    scroll = form.findChild(QScrollArea, "patronDetailsScroll")
    assert scroll.isVisible()
    assert not scroll.verticalScrollBar().isVisible()
    assert not scroll.horizontalScrollBar().isVisible()
    assert form.family_list.wordWrap()  # a long family line wraps instead of being cut
