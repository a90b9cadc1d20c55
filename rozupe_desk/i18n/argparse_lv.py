"""Puts argparse's own words (usage, errors, help headings) through our catalogue.

argparse looks its messages up with a module-level `_`; we replace it with a function that
maps the English originals to catalogue messages and leaves any other text as it is.
"""

from __future__ import annotations

import argparse

from rozupe_desk.i18n import catalogue, current_language

# argparse's original text -> our message id.
MESSAGES = {
    "usage: ": "argparse.usage",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_required",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
}


def translate(text: str) -> str:
    key = MESSAGES.get(text)
    if key is None:
        return text
    texts = catalogue()[key]
    return texts.get(current_language()) or texts["lv"]


def translate_argparse() -> None:
    argparse._ = translate  # type: ignore[attr-defined]
