"""Text helpers shared by search and sorting: folding diacritics the way readers type."""

from __future__ import annotations

import unicodedata


class _FoldedChars(dict):
    """Each character's folded form, worked out once: a MARC import folds every title."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code).casefold())
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = folded
        return folded


_FOLDED = _FoldedChars()


def fold(text: str) -> str:
    """Lower case without diacritics: `Bērziņš` -> `berzins`, `Ķēniņš` -> `kenins`."""
    return text.translate(_FOLDED)
