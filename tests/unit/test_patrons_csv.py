"""The readers' CSV file: both encodings, both separators, guardians, refusal by line."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rozupe_desk.db.connection import database
from rozupe_desk.db.models import AuditLog, Patron
from rozupe_desk.errors import DomainError
from rozupe_desk.services.readers import patrons

TODAY = date(2026, 3, 10)
GOOD = (
    "card_number;first_name;last_name;birth_date;phone;email;address;registered_on;"
    "guardian_card;shoe_size\n"
    "R100;Biruta;Ķēniņa;1950-04-02;26123456;biruta@inbox.lv;Skolas iela 2, Rožupe;2019-05-02;;38\n"
    "R101;Līva;Ķēniņa;2017;;;Skolas iela 2, Rožupe;;R100;31\n"
)


def imported(data: bytes, **kwargs) -> int:
    return patrons.import_csv_bytes(data=data, file_name="x.csv", today=TODAY,
                                    **kwargs).imported


def test_utf8_with_bom_and_semicolons(db_path):
    assert imported(b"\xef\xbb\xbf" + GOOD.encode("utf-8")) == 2
    biruta = Patron.get(Patron.card_number == "R100")
    liva = Patron.get(Patron.card_number == "R101")
    assert (biruta.last_name, biruta.birth_date, biruta.registered_on) == (
        "Ķēniņa", date(1950, 4, 2), date(2019, 5, 2))
    assert liva.guardian_id == biruta.id and liva.birth_year == 2017
    assert liva.registered_on == TODAY and liva.token != biruta.token
    assert [row["card_number"] for row in patrons.search(text="kenina")] == ["R100", "R101"]
    assert AuditLog.select().where(AuditLog.action == "patron.import").count() == 1


def test_windows_1257_with_commas_and_a_guardian_already_in_the_database(db_path):
    imported(GOOD.encode("utf-8"))
    text = ("first_name,last_name,guardian_card,birth_date\r\n"
            "Ūdris,Šmits,R100,2016-08-09\r\n"
            "Žanete,Čakste,,\r\n")
    assert imported(text.encode("cp1257")) == 2
    udris = Patron.get(Patron.first_name == "Ūdris")
    assert udris.last_name == "Šmits" and udris.guardian.card_number == "R100"
    assert Patron.get(Patron.last_name == "Čakste").first_name == "Žanete"
    assert udris.card_number.startswith("R")  # none given: the next free number


@pytest.mark.parametrize(("text", "line", "words"), [
    ("first_name,last_name,birth_date\nAnna,Liepa,1990-01-01\nIvars,Liepa,1990-02-30\n",
     3, "Tāda datuma nav"),
    ("card_number,first_name,last_name\nR1,Anna,Liepa\nR2,Ivars,Liepa\nR1,Jānis,Ozols\n",
     4, "R1"),
    ("card_number,first_name,last_name\nR1,Anna,Liepa\nR2,,Liepa\n", 3, "first_name"),
    ("first_name,last_name,guardian_card\nAnna,Liepa,R77\n", 2, "R77"),
    ("first_name,last_name,registered_on\nAnna,Liepa,2030-01-01\n", 2, "registered_on"),
    ("card_number,first_name,last_name\nR100,Anna,Liepa\n", 2, "R100"),  # in the database
])
def test_a_bad_row_refuses_the_whole_file_and_names_its_line(db_path, text, line, words):
    imported(GOOD.encode("utf-8"))
    before = (Patron.select().count(), AuditLog.select().count())
    with pytest.raises(DomainError) as error:
        imported(text.encode("utf-8"))
    message = str(error.value)
    assert f"{line}. rindā" in message and words in message
    assert (Patron.select().count(), AuditLog.select().count()) == before


@pytest.mark.parametrize("data", [b"", b"\n\n", b"name;surname\nAnna;Liepa\n",
                                  b"first_name;last_name\n", b"first_name;last_name\n\x00\x01"])
def test_files_that_are_not_readers_are_refused(db_path, data):
    with pytest.raises(DomainError):
        imported(data)
    assert Patron.select().count() == 0


def test_progress_is_reported_up_to_the_end(db_path):
    rows = "".join(f"Vārds{i},Uzvārds{i}\n" for i in range(300))
    seen: list[float] = []
    imported(("first_name,last_name\n" + rows).encode(), progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    assert Patron.select().count() == 300


def test_export_reads_back_the_same(db_path, tmp_path):
    imported(GOOD.encode("utf-8"))
    out = tmp_path / "lasitaji.csv"
    assert patrons.export_csv(path=out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Ķēniņa".encode() in raw
    Patron.update(guardian=None).execute()
    Patron.delete().execute()
    assert patrons.import_csv(path=out, today=TODAY).imported == 2
    liva = Patron.get(Patron.card_number == "R101")
    assert liva.guardian.card_number == "R100" and liva.birth_year == 2017


def test_an_unreadable_file_is_a_domain_error(db_path, tmp_path):
    with pytest.raises(DomainError):
        patrons.import_csv(path=tmp_path / "nav.csv")


HEADERS = st.sampled_from(["first_name,last_name", "first_name;last_name;birth_date",
                           "card_number,first_name,last_name,guardian_card", "x"])
CELLS = st.text(alphabet="aāčR019-.;,\"\n ", max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=200),
    st.builds(lambda header, cells: (header + "\n" + ",".join(cells)).encode(),
              HEADERS, st.lists(CELLS, max_size=8)),
))
def test_any_bytes_are_imported_or_refused_leaving_nothing_behind(db_path, data):
    before = Patron.select().count()
    try:
        count = imported(data)
    except DomainError:
        assert Patron.select().count() == before
    else:
        assert Patron.select().count() == before + count
    assert not database.in_transaction()
