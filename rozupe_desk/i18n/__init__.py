"""The translation catalogue: every string the librarian reads, Latvian first.

Messages live in `catalogue/*.json`, one file per area of the program, each mapping a
message id to its texts: ``{"desk.title": {"lv": "Izsniegšana", "en": "Desk"}}``. The files
are one catalogue: ids are unique across them. Placeholders use ``str.format`` names.

A message with a number in it is written in the plural; where a language says the number
in the singular (Latvian 1, 21, 31, 101 but not 11: "21 karte ierakstīta"), the singular
text is the message ``lvw.one.<id>``, chosen by `plural` / `plural_key`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = ("lv", "en")
DEFAULT_LANGUAGE = "lv"

_language = DEFAULT_LANGUAGE


class UnknownMessage(KeyError):
    """A message id that the catalogue does not hold: a programming error, caught by tests."""


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages of all areas, merged; a duplicate id is an error."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files(__package__) / "catalogue"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        for key, texts in json.loads(entry.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"message id {key!r} defined twice (again in {entry.name})")
            merged[key] = texts
    return merged


def set_language(language: str) -> None:
    """Choose the language of every later message."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language = language


def current_language() -> str:
    return _language


def tr(key: str, /, **params: object) -> str:
    """The text of message `key` in the current language, with `params` filled in."""
    texts = catalogue().get(key)
    if texts is None:
        raise UnknownMessage(key)
    text = texts.get(_language) or texts[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def has_message(key: str) -> bool:
    return key in catalogue()


def plural_form(count: int, language: str | None = None) -> str:
    """"one" or "other": Latvian takes the singular after 1, 21, 31 … 101 but not after
    11, 111; English only after 1."""
    if (language or _language) == "lv":
        return "one" if count % 10 == 1 and count % 100 != 11 else "other"
    return "one" if count == 1 else "other"


def plural_key(key: str, count: int) -> str:
    """`key`, or its singular ``lvw.one.<key>`` when `count` takes the singular."""
    one = f"lvw.one.{key}"
    return one if plural_form(count) == "one" and has_message(one) else key


def plural(key: str, /, *, count_param: str = "count", **params: object) -> str:
    """The message `key` in the form its number (``params[count_param]``) asks for."""
    return tr(plural_key(key, int(params[count_param])), **params)  # type: ignore[arg-type]
