"""Which character set a MARC record is really in, and its text decoded cleanly or not at all.

Leader/09 `a` says UTF-8, blank says MARC-8; real files lie both ways. A record is read as
the leader says when that decodes cleanly; otherwise as UTF-8 when its bytes are valid
UTF-8 (an exporter that forgot the flag), otherwise in the likely Baltic and Cyrillic code
pages, taking the one whose words look like words. Text with control characters (a broken
MARC-8 escape leaves ESC bytes behind) is never accepted: `Undecodable` says why.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
import unicodedata

from pymarc.marc8 import MARC8ToUnicode

CODE_PAGES = ("cp1257", "cp1251", "iso8859-13", "cp1252")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W\d_]{3,}")
_SEPARATORS = re.compile(rb"[\x1e\x1f]")
_CODES = re.compile(r"\x1f.|\x1e", re.DOTALL)


class Undecodable(ValueError):
    """The record's bytes are in no character set we can read cleanly."""


class _CountingMARC8(MARC8ToUnicode):
    """pymarc's MARC-8 decoder, counting the bytes it cannot map instead of printing them.

    pymarc reads `self.quiet` only where a byte has no mapping (and then writes it to stderr
    unless quiet), so the property is the one hook that tells us a byte was replaced."""

    def __init__(self) -> None:
        self.unmapped = 0
        super().__init__()

    @property
    def quiet(self) -> bool:
        self.unmapped += 1
        return True

    @quiet.setter
    def quiet(self, _value: bool) -> None:
        pass


def decode_marc8(data: bytes) -> str:
    """MARC-8 text, or Undecodable when a byte has no MARC-8 meaning."""
    converter = _CountingMARC8()
    if b"\x1b$" not in data:
        text = converter.translate(data)
    else:  # multi-byte (EACC) sets: pymarc writes their errors to stderr, unasked
        with contextlib.redirect_stderr(io.StringIO()) as said:
            text = converter.translate(data)
        converter.unmapped += bool(said.getvalue())
    if converter.unmapped:
        raise Undecodable("marc8")
    return text


def _marc8_shaped(parts: list[bytes]) -> bool:
    """Whether the bytes look like MARC-8: a diacritic (0xE0-0xFE) comes before the letter
    it sits on, so it never ends a value and stands before a space (a spacing diacritic)
    hardly ever. Windows-1257 Latvian, whose ā, ē, ī, š end words, does not look so."""
    before_space = 0
    for part in parts:
        if b"\x1b" in part or part.isascii():
            continue  # other character sets escaped to: their bytes mean other things
        if 0xE0 <= part[-1] <= 0xFE:
            return False
        before_space += sum(1 for a, b in itertools.pairwise(part)
                            if 0xE0 <= a <= 0xFE and b == 0x20)
    return before_space < 2


def _plausible(text: str) -> int:
    """How many words of the text look garbled: Latin and Cyrillic letters mixed in one word,
    or a word of accented letters only (what Cyrillic bytes become in a Baltic code page)."""
    bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in word)
        if 0 < cyrillic < len(word) or (cyrillic == 0 and not any(ch.isascii() for ch in word)):
            bad += 1
    return bad


def check_clean(text: str) -> None:
    if _CONTROL.search(text):
        raise Undecodable("control")
    if "\ufffd" in text:
        raise Undecodable("replacement")


def choose(area: bytes) -> str:
    """The encoding to read a record's data area in (its fields with their 0x1E/0x1F
    separators): "ascii", "utf-8", "marc-8" or a code page; Undecodable when none reads it
    cleanly."""
    joined = area
    if joined.isascii():
        if b"\x1b" in joined:  # MARC-8 escapes in otherwise plain ASCII
            _try(joined, "marc-8")
            return "marc-8"
        _try(joined, "ascii")  # no control characters either
        return "ascii"
    # UTF-8 first whatever the leader says: MARC-8 diacritics (a byte from 0xE0 before an
    # ASCII letter) are never valid UTF-8, so valid multi-byte UTF-8 is UTF-8.
    for encoding in ("utf-8", "marc-8"):
        try:
            _try(joined, encoding)
        except Undecodable:
            continue
        return encoding
    scored = []
    for encoding in CODE_PAGES:
        try:
            text = _try(joined, encoding)
        except Undecodable:
            continue
        words = _CODES.sub(" ", text)  # a subfield code is not part of the word after it
        scored.append((_plausible(words), CODE_PAGES.index(encoding), encoding))
    if scored:
        bad, _order, encoding = min(scored)
        if bad == 0:
            return encoding
    raise Undecodable("charset")


def _try(data: bytes, encoding: str) -> str:
    if encoding == "marc-8":  # subfield by subfield, as pymarc reads it
        parts = _SEPARATORS.split(data)
        if not _marc8_shaped(parts):
            raise Undecodable("marc8")
        # Checked as `decode` will store it: a plain ASCII part is taken as it is (a NUL
        # included), which pymarc's MARC-8 reading would have dropped unseen.
        text = "\x1f".join(decode(part, "marc-8") for part in parts)
        # A diacritic that composes with no letter (g + double acute: Windows-1257 "Rīga"
        # read as MARC-8) is not MARC-8 text; ligature and double-tilde halves never compose.
        if any(unicodedata.combining(ch) and not "\ufe20" <= ch <= "\ufe23" for ch in text):
            raise Undecodable("marc8")
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise Undecodable(encoding) from error
    check_clean(text.replace("\x1f", "").replace("\x1e", ""))
    return text


def decode(value: bytes, encoding: str) -> str:
    """One value in the chosen encoding, as it is (MARC-8 composed to NFC, as pymarc does;
    UTF-8 left as written, so the export gives back the very same bytes)."""
    if encoding == "marc-8":
        return decode_marc8(value) if not value.isascii() or b"\x1b" in value else (
            value.decode("ascii"))
    return value.decode(encoding)
