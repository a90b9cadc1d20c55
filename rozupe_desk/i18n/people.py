"""People's names inside sentences: declined in Latvian, with the noun before them agreeing.

`person("Līva Zariņa", "dative")` is "Līvai Zariņai" in Latvian and the name as written in
English; `reader(...)` puts the agreeing noun before it ("lasītājai Līvai Zariņai",
"lasītājam Jurģim Dzenim"). A name that does not decline the regular way keeps its written
form after the noun, which carries the case ("lasītājam John Smith"). A sentence about a
woman ("Lasītāja … ir bloķēta") is the message ``lvw.female.<id>``, chosen by `about`.
"""

from __future__ import annotations

from rozupe_desk.i18n import current_language, has_message, latvian_names, tr


def person(name: str, case: str) -> str:
    """`name` in `case` in Latvian; as written in English or when it does not decline."""
    if current_language() != "lv":
        return name.strip()
    return latvian_names.declined(name, case)


def reader(name: str, case: str) -> str:
    """'lasītājai Līvai Zariņai': the word "reader" and the name, both in `case` (genitive or dative)."""
    words = name.split()
    declines = latvian_names.decline(name, case) is not None
    of_gender = latvian_names.gender(words[0]) if words and declines else None
    return tr(f"lvw.reader.{case}.{of_gender or 'neutral'}", name=person(name, case))


def about(key: str, name: str) -> str:
    """`key`, or its woman's wording ``lvw.female.<key>`` when `name` is a woman's."""
    words = name.split()
    female = (bool(words) and latvian_names.gender(words[0]) == latvian_names.FEMALE
              and latvian_names.decline(name, "dative") is not None)
    return f"lvw.female.{key}" if female and has_message(f"lvw.female.{key}") else key
