"""Numbers in messages take the Latvian singular after 1, 21, 31 … but not after 11."""

from __future__ import annotations

import string

import pytest

from rozupe_desk.i18n import catalogue, plural, plural_form, plural_key, set_language


@pytest.mark.parametrize("count", [1, 21, 31, 101, 1001, 2021])
def test_latvian_singular_numbers(count):
    assert plural_form(count, "lv") == "one"


@pytest.mark.parametrize("count", [0, 2, 5, 10, 11, 12, 15, 19, 20, 111, 211, 1011])
def test_latvian_plural_numbers(count):
    assert plural_form(count, "lv") == "other"


def test_english_singular_is_only_one():
    assert [plural_form(n, "en") for n in (1, 21, 11, 0)] == ["one", "other", "other", "other"]


def test_the_cards_message_agrees_with_its_number():
    assert plural("patrons.cards_written", count=1, file="k.pdf") == (
        "1 karte ierakstīta failā k.pdf.")
    assert plural("patrons.cards_written", count=21, file="k.pdf") == (
        "21 karte ierakstīta failā k.pdf.")
    assert plural("patrons.cards_written", count=11, file="k.pdf") == (
        "11 kartes ierakstītas failā k.pdf.")
    assert plural("patrons.absent.count", count=4, years=1, count_param="years").startswith(
        "Lasītāji, kas nav nākuši vismaz 1 gadu: 4.")
    set_language("en")
    try:
        assert plural("patrons.cards_written", count=21, file="k.pdf") == (
            "21 cards written to k.pdf.")
    finally:
        set_language("lv")


def test_a_message_without_a_singular_form_is_used_for_every_number():
    assert plural_key("desk.panel.loans", 1) == "desk.panel.loans"


def test_every_singular_form_belongs_to_a_message_with_the_same_placeholders():
    def names(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    messages = catalogue()
    singulars = [key for key in messages if key.startswith("lvw.one.")]
    assert len(singulars) >= 15
    for key in singulars:
        base = messages[key.removeprefix("lvw.one.")]
        assert names(base["lv"]) == names(messages[key]["lv"]), key
