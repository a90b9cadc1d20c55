"""Text helpers shared by search and sorting: folding diacritics the way readers type."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: `Bērziņš` -> `berzins`, `Ķēniņš` -> `kenins`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
