"""Data for the overdue reminder letters: the open loans past their due date, by reader.

A letter goes to the reader, or to a child's guardian when the reader is a child on the
day of the letter and has a guardian on record. Loans whose reader was anonymised cannot
be written to and are left out. A branch writes about its own copies (`branch_id`: the
copy's home branch), or the library about all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rozupe_desk.db.connection import database
from rozupe_desk.i18n import latvian_names, tr
from rozupe_desk.services import settings
from rozupe_desk.services.readers.ages import age_group
from rozupe_desk.services.statistics.stats import Library, library_info


@dataclass(frozen=True)
class OverdueCopy:
    title: str
    authors: str
    barcode: str
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class Letter:
    card_number: str
    reader_name: str
    addressee_name: str
    addressee_form: str  # "female", "male" or "" (the neutral salutation)
    address: str
    for_child: bool  # written to the guardian about their child
    copies: list[OverdueCopy]


@dataclass(frozen=True)
class ReminderBatch:
    library: Library
    on: date
    text: str
    letters: list[Letter]
    child_text: str  # the default text speaks of what "your child" borrowed

    @property
    def copies(self) -> int:
        return sum(len(letter.copies) for letter in self.letters)


_OVERDUE_SQL = """
    SELECT p.id, p.card_number, p.first_name, p.last_name, p.address, p.birth_date,
           p.birth_year, g.first_name, g.last_name, g.address,
           t.title, t.authors, i.barcode, l.due_on
      FROM loan l
      JOIN patron p ON p.id = l.patron_id
      JOIN item i ON i.id = l.item_id
      JOIN title t ON t.id = i.title_id
      LEFT JOIN patron g ON g.id = p.guardian_id
     WHERE l.returned_at IS NULL AND l.due_on < ? {branch}
     ORDER BY p.last_key, p.first_key, p.id, l.due_on, i.barcode
"""


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def salutation_form(first: str, last: str) -> str:
    """"female" or "male" when the whole name declines the Latvian way (Dzidra Gailīte,
    Kārlis Kalniņš, Kārlis Skalbe: the first name tells), else "": a wrong "Cienījamā" on a
    letter is worse than the neutral "Cienījamā/-ais"."""
    if latvian_names.decline(f"{first} {last}", "vocative") is None:
        return ""
    return latvian_names.gender(first) or ""


def reminder_letters(*, on: date | None = None, branch_id: int | None = None) -> ReminderBatch:
    """One letter per reader with copies due before `on` (default today) still out; of
    the branch `branch_id`'s copies only, or of all (None)."""
    on = on or date.today()
    sql, params = _OVERDUE_SQL.format(branch=""), [on.isoformat()]
    if branch_id is not None:
        sql = _OVERDUE_SQL.format(branch="AND i.branch_id = ?")
        params.append(branch_id)
    letters: list[Letter] = []
    current: int | None = None
    for (pid, card, first, last, address, birth_date, birth_year, g_first, g_last, g_address,
         title, authors, barcode, due) in database.execute_sql(sql, params):
        if pid != current:
            current = pid
            child = age_group(_date(birth_date), birth_year, on) == "child"
            to_guardian = child and g_first is not None
            letters.append(Letter(
                card_number=card,
                reader_name=f"{first} {last}",
                addressee_name=f"{g_first} {g_last}" if to_guardian else f"{first} {last}",
                addressee_form=salutation_form(g_first, g_last) if to_guardian
                else salutation_form(first, last),
                address=(g_address or address) if to_guardian else address,
                for_child=to_guardian,
                copies=[],
            ))
        due_on = _date(due)
        letters[-1].copies.append(OverdueCopy(title, authors, barcode, due_on,
                                              (on - due_on).days))
    custom = settings.get("reminder_text")
    return ReminderBatch(library_info(), on, custom or tr("reminder.default_text"), letters,
                         child_text=custom or tr("lvw.reminder.child_text"))
