"""Latvian alphabetical order, written out independently of the SQL that sorts by it."""

from __future__ import annotations

# The long vowels are no letters of their own; č ģ ķ ļ ņ š ž are.
ALPHABET = "abcčdefgģhijkķlļmnņopqrŗsštuvwxyzž"
LONG_VOWELS = {"ā": "a", "ē": "e", "ī": "i", "ō": "o", "ū": "u"}


def _char_key(char: str) -> tuple[int, int]:
    char = LONG_VOWELS.get(char.lower(), char.lower())
    if char in ALPHABET:
        return (1, ALPHABET.index(char))
    return (0 if char.isascii() else 2, ord(char))  # spaces and digits first, quotes last


def latvian_sorted(texts, *, reverse: bool = False) -> list[str]:
    return sorted(texts, key=lambda text: [_char_key(char) for char in text], reverse=reverse)
