"""The catalogue: every message in Latvian and English, every id used in code defined,
and no user-visible string literal in the window or PDFs that bypasses the catalogue."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from rozupe_desk.i18n import LANGUAGES, UnknownMessage, catalogue, set_language, tr

PACKAGE = Path(__file__).resolve().parents[2] / "rozupe_desk"
LATVIAN_LETTERS = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")
# Qt calls whose first string argument is shown to the librarian.
VISIBLE_CALLS = {
    "setText", "setPlaceholderText", "setToolTip", "setWindowTitle", "addTab", "addMenu",
    "setStatusTip", "QLabel", "QPushButton", "QAction", "QCheckBox", "QRadioButton",
    "QGroupBox", "setTitle", "showMessage", "information", "warning", "critical", "question",
    "setLabelText", "addItem", "setHeaderLabels", "Paragraph", "drawString", "drawCentredString",
    "drawRightString",
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_latvian_and_english_with_the_same_placeholders():
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        if not key.startswith("argparse."):
            assert _placeholders(texts["lv"]) == _placeholders(texts["en"]), key


def test_latvian_texts_are_really_latvian():
    """Most Latvian messages carry a diacritic; a catalogue where none do was not translated."""
    lv = [texts["lv"] for texts in catalogue().values()]
    with_diacritics = sum(any(ch in LATVIAN_LETTERS for ch in text) for text in lv)
    assert with_diacritics / len(lv) > 0.5


def _python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_message_id_used_in_code_is_in_the_catalogue():
    known = catalogue()
    missing = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    in {"tr", "plural", "DomainError", "NotFound", "InvalidInput", "Conflict"}
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", node.args[0].value)
                    and node.args[0].value not in known):
                missing.append(f"{path.name}:{node.lineno} {node.args[0].value}")
    assert missing == []


def test_no_visible_string_literal_bypasses_the_catalogue():
    offenders = []
    for path in _python_files():
        if not ({"ui", "reports"} & set(path.relative_to(PACKAGE).parts)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in VISIBLE_CALLS:
                continue
            for arg in node.args:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and re.search(r"[A-Za-zĀ-ž]{3,}", arg.value)):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {arg.value!r}")
    assert offenders == []


def test_tr_switches_language_and_fills_placeholders():
    set_language("en")
    assert tr("tab.patrons") == "Readers"
    set_language("lv")
    assert tr("tab.patrons") == "Lasītāji"
    assert "R0001" in tr("status.database", target="R0001")


def test_an_unknown_message_is_an_error():
    with pytest.raises(UnknownMessage):
        tr("no.such.message")
