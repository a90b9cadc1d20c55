"""Latvian names declined by their endings, checked against hand-written forms of real names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rozupe_desk.i18n import latvian_names, set_language, tr
from rozupe_desk.i18n.people import about, person, reader

ROWS = list(csv.DictReader((Path(__file__).parent.parent / "data" / "latvian_names.csv")
                           .open(encoding="utf-8")))


def test_the_list_holds_at_least_forty_real_names_of_both_genders():
    declinable = [row for row in ROWS if row["dative"]]
    genders = {latvian_names.gender(row["first"]) for row in declinable}
    assert len(declinable) >= 40 and genders == {"female", "male"}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['first']} {row['last']}")
@pytest.mark.parametrize("case", latvian_names.CASES)
def test_each_name_declines_as_written_by_hand(row, case):
    full = f"{row['first']} {row['last']}"
    assert latvian_names.decline(full, case) == (row[case] or None)
    assert latvian_names.declined(full, case) == (row[case] or full)


def test_capitals_stay_capitals_and_a_one_word_name_declines():
    assert latvian_names.decline("JURĢIS DZENIS", "dative") == "JURĢIM DZENIM"
    assert latvian_names.decline("Līva", "dative") == "Līvai"
    assert latvian_names.decline("", "dative") is None


def test_a_reader_in_a_sentence_gets_the_agreeing_noun_or_the_neutral_wording():
    assert reader("Līva Zariņa", "dative") == "lasītājai Līvai Zariņai"
    assert reader("Jurģis Dzenis", "dative") == "lasītājam Jurģim Dzenim"
    assert reader("Paula Grīnberga", "genitive") == "lasītājas Paulas Grīnbergas"
    assert reader("John Smith", "dative") == "lasītājam John Smith"
    assert person("Kārlis Kalniņš", "vocative") == "Kārli Kalniņ"
    set_language("en")
    try:
        assert reader("Līva Zariņa", "dative") == person("Līva Zariņa", "dative") == "Līva Zariņa"
    finally:
        set_language("lv")


def test_a_woman_is_blocked_in_the_feminine():
    assert tr(about("desk.msg.reader_blocked", "Līva Zariņa"), name="Līva Zariņa") == (
        "Lasītāja Līva Zariņa ir bloķēta: izsniegt nevar, saņemt atpakaļ var.")
    assert about("desk.msg.reader_blocked", "Jurģis Dzenis") == "desk.msg.reader_blocked"
    assert about("desk.msg.reader_blocked", "Kim Smith") == "desk.msg.reader_blocked"


@pytest.mark.parametrize("row", [row for row in ROWS if row["dative"]],
                         ids=lambda row: f"{row['first']} {row['last']}")
def test_every_name_of_the_list_reads_right_in_the_desk_s_sentences(row):
    full = f"{row['first']} {row['last']}"
    noun = "lasītājai" if latvian_names.gender(row["first"]) == "female" else "lasītājam"
    assert tr("desk.msg.undone.checkout", title="Pasakas", reader=reader(full, "dative")) == (
        f"Atsaukta „Pasakas” izsniegšana {noun} {row['dative']}")
    assert tr("reminder.child_intro", child=person(full, "dative")).startswith(
        f"Jūsu bērnam {row['dative']} bibliotēkā")
