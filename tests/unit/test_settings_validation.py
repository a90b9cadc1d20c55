"""The rules of the settings: what `library_setup` accepts, refuses, and how it stores."""

from __future__ import annotations

import json

import pytest

from rozupe_desk.db.models import AuditLog
from rozupe_desk.services import library, library_setup, settings


def good_values(tmp_path) -> dict:
    values = settings.get_all()
    values.update(library_name="  Rožupes bibliotēka ", library_email="roz@livani.lv",
                  library_phone="+371 65300000", backup_folder=str(tmp_path),
                  closed_weekdays=[6, 0], opening_hours={str(d): "9-17" for d in range(1, 6)})
    return values


def test_valid_settings_are_stored_normalized_in_one_audited_change(db_path, tmp_path):
    assert library.is_first_run()
    before = AuditLog.select().count()
    library_setup.save(values=good_values(tmp_path))
    assert settings.get("library_name") == "Rožupes bibliotēka"
    assert settings.get("closed_weekdays") == [0, 6]
    assert settings.get("opening_hours") == {str(d): "09:00-17:00" for d in range(1, 6)}
    assert not library.is_first_run()
    entries = list(AuditLog.select().where(AuditLog.id > before))
    assert [entry.action for entry in entries] == ["settings.update"]
    assert "library_name" in json.loads(entries[0].details)["keys"]


@pytest.mark.parametrize(("change", "field"), [
    ({"library_name": "   "}, "library_name"),
    ({"library_email": "nav-adrese"}, "library_email"),
    ({"library_phone": "zvaniet"}, "library_phone"),
    ({"backup_folder": "/no/such/folder/anywhere"}, "backup_folder"),
    ({"logo_path": "/no/such/logo.png"}, "logo_path"),
    ({"closed_weekdays": list(range(7))}, "closed_weekdays"),
    ({"opening_hours": {str(d): "18-10" for d in range(1, 6)}}, "opening_hours.1"),
    ({"loan_days": {**settings.DEFAULTS["loan_days"], "book": 0}}, "loan_days.book"),
    ({"max_loans": 1000}, "max_loans"),
    ({"backup_warn_days": 0}, "backup_warn_days"),
    ({"font_size": 40}, "font_size"),
    ({"label_layout": "a5_9x9"}, "label_layout"),
    ({"language": "de"}, "language"),
])
def test_a_wrong_field_is_named_and_nothing_is_stored(db_path, tmp_path, change, field):
    values = {**good_values(tmp_path), **change}
    with pytest.raises(library_setup.SettingsInvalid) as caught:
        library_setup.save(values=values)
    assert field in caught.value.errors
    assert caught.value.errors[field].strip()
    assert "izlabojiet" in str(caught.value)
    assert library.is_first_run()
    assert settings.get("library_email") == ""


def test_hours_are_read_in_the_forms_librarians_write():
    assert library_setup.parse_hours("10-18") == (600, 1080)
    assert library_setup.parse_hours(" 9:30 – 17:15 ") == (570, 1035)
    assert library_setup.parse_hours("18-10") is None
    assert library_setup.parse_hours("10:75-12") is None
    assert library_setup.parse_hours("no") is None
    assert library_setup.format_hours(570, 1035) == "09:30-17:15"


def test_closed_days_need_no_hours(db_path, tmp_path):
    values = good_values(tmp_path)
    values["closed_weekdays"] = [0, 5, 6]
    values["opening_hours"] = {"1": "10-18", "2": "10-18", "3": "10-18", "4": "10-18"}
    assert library_setup.validate(values) == {}


def test_new_look_settings_have_defaults(db_path):
    assert settings.get("high_contrast") is False
    assert settings.get("font_size") == 12
    assert settings.get("label_layout") in library_setup.LABEL_LAYOUTS
