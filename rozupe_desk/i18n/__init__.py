"""The translation catalogue: every string the librarian reads, Latvian first.

Messages live in `catalogue/*.json`, one file per area of the program, each mapping a
message id to its texts: ``{"desk.title": {"lv": "Izsniegšana", "en": "Desk"}}``. The files
are one catalogue: ids are unique across them. Placeholders use ``str.format`` names.
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
