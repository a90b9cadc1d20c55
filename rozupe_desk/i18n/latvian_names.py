"""Latvian personal names in the genitive, dative and vocative, by their regular endings.

A name is declined as a whole: the first name tells the gender (Latvian first names end in
-s/-š/-is/-us for men and in -a/-e for women), and every part of the name, a double surname's
halves included, is declined for that gender (Jurģis Dzenis → Jurģim Dzenim, Kārlis Skalbe →
Kārlim Skalbem, Līva Zariņa → Līvai Zariņai, Anna Roze → Annai Rozei). When any part does not
end the Latvian way (Hugo, John Smith, Anna Smits) the name is not declined at all: the caller
keeps the name as written in a neutral wording, since a half-declined name reads worse.

Pure functions: no Qt, no database, no catalogue.
"""

from __future__ import annotations

CASES = ("genitive", "dative", "vocative")
FEMALE, MALE = "female", "male"

# Men's first names in -a (from Russian); every other first name in -a/-e is a woman's.
_MEN_IN_A = frozenset({"nikita", "ilja", "saša", "miša", "kostja", "vaņa", "koļa", "griša"})
_VOWELS = set("aeiouāēīōūy")

# The second declension (-is) changes the stem's last consonant in the genitive only
# (Jānis → Jāņa, Balodis → Baloža); the dative and vocative keep it (Jānim, Jāni).
_SOFT = {"n": "ņ", "l": "ļ", "s": "š", "z": "ž", "c": "č", "d": "ž", "t": "š"}
_LABIAL = set("bmpv")  # Dāvis → Dāvja, Gulbis → Gulbja

# (ending, genitive, dative, vocative) by gender, longest ending first.
_MALE_ENDINGS = (
    ("is", "a", "im", "i"),   # Jurģis, Dzenis, Balodis (2nd declension)
    ("us", "us", "um", "u"),  # Ingus, Mikus (3rd)
    ("š", "a", "am", ""),     # Kalniņš (1st)
    ("s", "a", "am", ""),     # Ozols, Andrejs, Tomass (1st)
    ("a", "as", "am", "a"),   # Nikita (4th, masculine)
    ("e", "es", "em", "e"),   # Skalbe, Roze (5th, masculine)
)
_FEMALE_ENDINGS = (
    ("a", "as", "ai", "a"),   # Līva, Zariņa (4th)
    ("e", "es", "ei", "e"),   # Roze, Pētersone (5th)
)


def gender(first_name: str) -> str | None:
    """FEMALE or MALE as the first name's ending tells, None when it does not (Hugo, Kim)."""
    word = first_name.strip().split(" ")[0].lower() if first_name.strip() else ""
    if word.endswith(("a", "e")):
        return MALE if word in _MEN_IN_A else FEMALE
    if word.endswith(("s", "š")) and _declinable_s(word):
        return MALE
    return None


def _declinable_s(word: str) -> bool:
    """-s after a vowel is foreign (Agnes, Lukas, Dolores) unless it is -is or -us."""
    return word.endswith(("is", "us", "š")) or (len(word) > 1 and word[-2] not in _VOWELS)


def _genitive_is(stem: str) -> str:
    """The stem of a 2nd-declension genitive: Jān → Jāņ, Kārl → Kārļ, Ans → Anš, Balod → Balož."""
    last, before = stem[-1:].lower(), stem[-2:-1].lower()
    if last in _LABIAL:
        return stem + "j"
    if last == "t" and not stem.lower().endswith(("īt", "iet", "ēt")):
        return stem  # Gatis, Raitis, Guntis → Gata, Raita, Gunta
    if last == "d" and before not in _VOWELS:
        return stem  # Uldis, Valdis, Andis → Ulda, Valda, Anda
    if last in _SOFT and (before in _VOWELS or (last, before) in {("l", "r"), ("s", "n")}):
        return stem[:-1] + _SOFT[last]
    return stem  # Juris → Jura, Andris → Andra, Jurģis → Jurģa


def decline_word(word: str, case: str, of_gender: str) -> str | None:
    """One name `word` in `case` for a person of `of_gender`; None when it has no Latvian
    ending for that gender."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    if "-" in word:  # Bērziņa-Kalniņa: both halves
        parts = [decline_word(part, case, of_gender) for part in word.split("-")]
        return None if None in parts else "-".join(parts)  # type: ignore[arg-type]
    lower = word.lower()
    endings = _FEMALE_ENDINGS if of_gender == FEMALE else _MALE_ENDINGS
    for ending, genitive, dative, vocative in endings:
        if not lower.endswith(ending) or len(lower) <= len(ending) + 1:
            continue
        if ending == "s" and not _declinable_s(lower):
            return None
        stem = word[: len(word) - len(ending)]
        new = {"genitive": genitive, "dative": dative, "vocative": vocative}[case]
        if ending == "is" and case == "genitive":
            stem = _genitive_is(stem)
        return stem + (new.upper() if word.isupper() else new)  # KALNIŅŠ → KALNIŅAM
    return None


def decline(full_name: str, case: str) -> str | None:
    """`full_name` ("Jurģis Dzenis") in `case` ("Jurģim Dzenim"), or None when the name
    does not decline the regular way (the caller then writes it as it is)."""
    words = full_name.split()
    of_gender = gender(words[0]) if words else None
    if of_gender is None:
        return None
    declined = [decline_word(word, case, of_gender) for word in words]
    return None if None in declined else " ".join(declined)  # type: ignore[arg-type]


def declined(full_name: str, case: str) -> str:
    """`full_name` in `case` when it declines, else as written."""
    return decline(full_name, case) or full_name.strip()
