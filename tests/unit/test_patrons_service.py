"""Readers: registration with its rules, search as you type, families, consents, cards."""

from __future__ import annotations

from datetime import date

import pytest

from rozupe_desk.db.models import AuditLog, Patron
from rozupe_desk.errors import Conflict, NotFound
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import FieldErrors, PatronFields

TODAY = date(2026, 3, 10)


def register(**values) -> int:
    return patrons.register(fields=PatronFields(**values), today=TODAY)


def found(text: str) -> list[str]:
    return [f"{row['first_name']} {row['last_name']}"
            for row in patrons.search(text=text, today=TODAY)]


def test_registration_offers_the_next_card_and_stores_clean_values(db_path):
    first = register(first_name=" Anna ", last_name="Bērziņa", birth="24.03.1950",
                     phone="+371 2612 3456", email="anna@inbox.lv", consent_data=True)
    second = register(first_name="Jānis", last_name="Ozoliņš", birth="2015")
    anna, janis = Patron.get_by_id(first), Patron.get_by_id(second)
    assert (anna.card_number, janis.card_number) == ("R000001", "R000002")
    assert anna.first_name == "Anna" and anna.birth_date == date(1950, 3, 24)
    assert janis.birth_year == 2015 and janis.birth_date is None
    assert anna.consent_data_on == TODAY and anna.consent_photo_on is None
    assert anna.token != janis.token and anna.token > 0
    assert anna.registered_on == TODAY
    assert patrons.next_card_number() == "R000003"
    assert AuditLog.select().where(AuditLog.action == "patron.register").count() == 2
    details = patrons.get(patron_id=second, today=TODAY)
    assert details.age_group == "child" and details.age == 10
    assert details.registration == ("registered", 2026)


def test_every_wrong_field_is_named_and_nothing_is_saved(db_path):
    register(first_name="Anna", last_name="Liepa", card_number="R000007")
    with pytest.raises(FieldErrors) as error:
        register(first_name="", last_name="  ", birth="31.02.2015", phone="12",
                 email="liepa@", card_number="R000007", guardian_card="R404")
    assert set(error.value.errors) == {"first_name", "last_name", "birth", "phone", "email",
                                       "card_number", "guardian_card"}
    assert "Tāda datuma nav" in str(error.value.errors["birth"])
    assert "R000007" in str(error.value.errors["card_number"])
    assert Patron.select().count() == 1
    for birth in ("1850", "2099-01-01", "vakar"):
        with pytest.raises(FieldErrors) as error:
            register(first_name="A", last_name="B", birth=birth)
        assert set(error.value.errors) == {"birth"}


def test_search_folds_diacritics_and_case_and_matches_card_phone_email(db_path):
    register(first_name="Anna", last_name="Bērziņa", phone="+371 2612 3456",
             email="anna.b@inbox.lv")
    register(first_name="Jānis", last_name="Ozoliņš", phone="29876543")
    register(first_name="Ķēniņš", last_name="Ābols")
    assert found("berzina") == ["Anna Bērziņa"]
    assert found("Bērziņa") == ["Anna Bērziņa"]
    assert found("OZOLINS") == ["Jānis Ozoliņš"]
    assert found("ozoliņš") == ["Jānis Ozoliņš"]
    assert found("kenins") == ["Ķēniņš Ābols"]
    assert found("jan ozo") == ["Jānis Ozoliņš"]
    assert found("R000002") == ["Jānis Ozoliņš"]
    assert found("2612 3456") == ["Anna Bērziņa"]
    assert found("26123456") == ["Anna Bērziņa"]
    assert found("anna.b@inbox") == ["Anna Bērziņa"]
    assert found("zzz") == []
    assert len(found("")) == 3 and patrons.count(text="") == 3
    assert patrons.count(text="berz") == 1


def test_search_sorts_in_sql_and_pages(db_path):
    for index, last in enumerate(("Ozols", "Bērziņš", "Kalniņš", "Ābols")):
        register(first_name=f"Vārds{index}", last_name=last)
    by_card = patrons.search(sort="card_number", descending=True, today=TODAY)
    assert [row["card_number"] for row in by_card] == ["R000004", "R000003", "R000002",
                                                       "R000001"]
    for key in patrons.SORTS:
        for descending in (False, True):
            assert len(patrons.search(text="vards", sort=key, descending=descending)) == 4
    page = patrons.search(sort="card_number", offset=1, limit=2, today=TODAY)
    assert [row["card_number"] for row in page] == ["R000002", "R000003"]


def test_an_edit_keeps_search_in_step_and_dates_consents(db_path):
    pid = register(first_name="Anna", last_name="Bērziņa")
    fields = patrons.get(patron_id=pid).fields()
    fields.last_name, fields.consent_photo = "Kalniņa", True
    patrons.update(patron_id=pid, fields=fields, today=date(2026, 4, 1))
    assert found("kalnina") == ["Anna Kalniņa"] and found("berzina") == []
    patron = Patron.get_by_id(pid)
    assert patron.consent_photo_on == date(2026, 4, 1)
    fields.consent_photo = True
    patrons.update(patron_id=pid, fields=fields, today=date(2026, 5, 1))
    assert Patron.get_by_id(pid).consent_photo_on == date(2026, 4, 1)  # kept, not re-dated
    fields.consent_photo = False
    patrons.update(patron_id=pid, fields=fields, today=date(2026, 5, 1))
    assert Patron.get_by_id(pid).consent_photo_on is None


def test_a_card_number_in_use_is_refused_on_edit_but_ones_own_is_kept(db_path):
    first = register(first_name="Anna", last_name="Liepa")
    register(first_name="Ivars", last_name="Liepa")
    fields = patrons.get(patron_id=first).fields()
    patrons.update(patron_id=first, fields=fields)
    fields.card_number = "R000002"
    with pytest.raises(FieldErrors) as error:
        patrons.update(patron_id=first, fields=fields)
    assert set(error.value.errors) == {"card_number"}
    assert Patron.get_by_id(first).card_number == "R000001"


def test_family_guardian_children_and_no_cycles(db_path):
    grandma = register(first_name="Biruta", last_name="Liepa", birth="1950")
    mother = register(first_name="Ilze", last_name="Liepa", birth="1985",
                      guardian_card="R000001")
    girl = register(first_name="Līva", last_name="Liepa", birth="2017-05-01",
                    guardian_card="R000002")
    stranger = register(first_name="Jānis", last_name="Ozols")
    relations = {m.name: m.relation for m in patrons.family(patron_id=mother, today=TODAY)}
    assert relations == {"Biruta Liepa": "guardian", "Ilze Liepa": "self",
                         "Līva Liepa": "child"}
    assert [m.id for m in patrons.family(patron_id=girl)] == [grandma, mother, girl]
    assert patrons.family(patron_id=stranger) == []
    fields = patrons.get(patron_id=grandma).fields()
    fields.guardian_card = "R000003"  # her own granddaughter
    with pytest.raises(FieldErrors) as error:
        patrons.update(patron_id=grandma, fields=fields)
    assert set(error.value.errors) == {"guardian_card"}
    fields.guardian_card = "R000001"
    with pytest.raises(FieldErrors):
        patrons.update(patron_id=grandma, fields=fields)
    assert patrons.get(patron_id=girl).guardian_card == "R000002"


def test_unknown_reader_and_card(db_path):
    with pytest.raises(NotFound):
        patrons.get(patron_id=99)
    with pytest.raises(NotFound):
        patrons.find_by_card(card="R9")
    pid = register(first_name="Anna", last_name="Liepa")
    assert patrons.find_by_card(card=" R000001 ") == pid
    assert patrons.card_holders(patron_ids=[pid, 77]) == [("Anna Liepa", "R000001")]


def test_reregistration_year_is_shown(db_path):
    pid = register(first_name="Anna", last_name="Liepa")
    Patron.update(registered_on=date(2019, 5, 2), reregistered_year=2025).where(
        Patron.id == pid).execute()
    assert patrons.get(patron_id=pid).registration == ("reregistered", 2025)


def test_an_erased_reader_cannot_be_edited(db_path):
    from rozupe_desk.services.readers import privacy

    pid = register(first_name="Anna", last_name="Liepa")
    fields = patrons.get(patron_id=pid).fields()
    privacy.erase_patron(patron_id=pid)
    with pytest.raises(Conflict):
        patrons.update(patron_id=pid, fields=fields)


def test_a_broad_search_streams_unsorted_and_counts_only_up_to_its_cap(db_path, monkeypatch):
    for last in ("Ozola", "Ābola", "Kalniņa", "Bērziņa"):
        register(first_name="Anna", last_name=last)
    register(first_name="Ivars", last_name="Liepa")
    monkeypatch.setattr(patrons, "BROAD", 2)
    assert patrons.count(text="anna") == 3  # "more than 2"
    assert patrons.count(text="") == 5  # the whole list is counted exactly
    broad = patrons.search(text="anna", sort="last_name")
    assert [row["card_number"] for row in broad] == ["R000001", "R000002", "R000003",
                                                     "R000004"]
    assert [row["card_number"] for row in patrons.search(text="anna", offset=3)] == ["R000004"]
    narrow = patrons.search(text="anna o", sort="last_name")
    assert [row["last_name"] for row in narrow] == ["Ozola"]
    assert patrons.is_search("a") and not patrons.is_search(" -- ")
