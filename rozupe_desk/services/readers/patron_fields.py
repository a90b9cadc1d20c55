"""What a reader's form holds and the rules its fields must keep.

The form, the CSV import and the command line all hand the patrons service a
`PatronFields` of plain text; `check` turns it into clean values or raises `FieldErrors`,
which names every wrong field with its own message, so the form can say it beside the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rozupe_desk.db.models import PATRON_CATEGORIES
from rozupe_desk.errors import DomainError, InvalidInput
from rozupe_desk.i18n import tr
from rozupe_desk.i18n.dates import numeric_date

EARLIEST_BIRTH_YEAR = 1900
MAX_NAME = 100
MAX_CARD = 32
ERASED_CARD_PREFIX = "ERASED-"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+?\d{7,15}$")
_CARD = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-/.]*$")


@dataclass
class PatronFields:
    """The reader's form as typed: text, with the consents as ticks."""

    first_name: str = ""
    last_name: str = ""
    card_number: str = ""  # empty: the next free number is given
    birth: str = ""  # YYYY-MM-DD, DD.MM.YYYY or only the year
    phone: str = ""
    email: str = ""
    address: str = ""
    village: str = ""
    category: str = "other"
    guardian_card: str = ""
    consent_data: bool = False
    consent_photo: bool = False
    notes: str = ""
    registered_on: str = ""  # only the import sets it; empty: today


@dataclass
class CleanFields:
    first_name: str
    last_name: str
    card_number: str
    birth_date: date | None
    birth_year: int | None
    phone: str
    email: str
    address: str
    village: str
    category: str
    notes: str
    registered_on: date | None
    consent_data: bool
    consent_photo: bool


class FieldErrors(InvalidInput):
    """Several fields are wrong; `errors` maps each field name to its own error."""

    def __init__(self, errors: dict[str, DomainError]) -> None:
        super().__init__("patrons.form_invalid")
        self.errors = errors

    @property
    def message(self) -> str:
        parts = [f"{tr(f'patrons.field.{name}')}: {error}" for name, error in self.errors.items()]
        return tr("patrons.form_invalid", details=" ".join(parts))


class ImpossibleDate(ValueError):
    """Written the right way, but no such day: 31.02.2015."""


def parse_date(text: str) -> date:
    """A date as YYYY-MM-DD or DD.MM.YYYY (the Latvian way); ValueError otherwise."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        year, month, day = (int(part) for part in text.split("-"))
    elif re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}\.?", text):
        day, month, year = (int(part) for part in text.rstrip(".").split(".")[:3])
    else:
        raise ValueError(text)
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ImpossibleDate(text) from error


def parse_birth(text: str, today: date) -> tuple[date | None, int | None]:
    """(birth date, birth year) from the form's text; InvalidInput when implausible."""
    text = text.strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not EARLIEST_BIRTH_YEAR <= year <= today.year:
            raise InvalidInput("patrons.error.birth_range", earliest=EARLIEST_BIRTH_YEAR)
        return None, year
    try:
        born = parse_date(text)
    except ImpossibleDate as error:
        raise InvalidInput("patrons.error.no_such_day", text=text) from error
    except ValueError as error:
        raise InvalidInput("patrons.error.birth_format") from error
    if not date(EARLIEST_BIRTH_YEAR, 1, 1) <= born <= today:
        raise InvalidInput("patrons.error.birth_range", earliest=EARLIEST_BIRTH_YEAR)
    return born, None


def phone_digits(phone: str) -> str:
    """The digits of a phone number, with a leading + kept: `+371 2612 3456` -> `+37126123456`."""
    stripped = phone.strip()
    digits = re.sub(r"\D", "", stripped)
    return ("+" + digits) if stripped.startswith("+") else digits


def _check_phone(phone: str) -> str:
    phone = " ".join(phone.split())
    if phone and not _PHONE.match(phone_digits(phone)):
        raise InvalidInput("patrons.error.phone")
    return phone


def _check_email(email: str) -> str:
    email = email.strip()
    if email and not _EMAIL.match(email):
        raise InvalidInput("patrons.error.email")
    return email


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("patrons.error.name_required")
    if len(name) > MAX_NAME:
        raise InvalidInput("patrons.error.too_long", limit=MAX_NAME)
    return name


def check_card_format(card: str) -> str:
    card = card.strip()
    if card.upper().startswith(ERASED_CARD_PREFIX) or len(card) > MAX_CARD or (
            card and not _CARD.match(card)):
        raise InvalidInput("patrons.error.card_format", limit=MAX_CARD)
    return card


def _check_registered(text: str, today: date) -> date | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as error:
        raise InvalidInput("patrons.error.registered_format") from error
    if not date(EARLIEST_BIRTH_YEAR, 1, 1) <= day <= today:
        raise InvalidInput("patrons.error.registered_range")
    return day


def check(fields: PatronFields, *, today: date) -> CleanFields:
    """The clean values of the form, or `FieldErrors` naming every wrong field.

    Only rules of the values themselves: the service adds the ones that need the database
    (a card number in use, a guardian who does not exist).
    """
    errors: dict[str, DomainError] = {}
    clean: dict[str, object] = {}

    def take(name: str, rule, *args) -> None:
        try:
            clean[name] = rule(*args)
        except DomainError as error:
            errors[name] = error

    take("first_name", _check_name, fields.first_name)
    take("last_name", _check_name, fields.last_name)
    take("card_number", check_card_format, fields.card_number)
    take("birth", parse_birth, fields.birth, today)
    take("phone", _check_phone, fields.phone)
    take("email", _check_email, fields.email)
    take("registered_on", _check_registered, fields.registered_on, today)
    if fields.category not in PATRON_CATEGORIES:
        errors["category"] = InvalidInput("patrons.error.category")
    if len(fields.notes) > 4000:
        errors["notes"] = InvalidInput("patrons.error.too_long", limit=4000)
    if errors:
        raise FieldErrors(errors)
    birth_date, birth_year = clean["birth"]
    return CleanFields(
        first_name=clean["first_name"], last_name=clean["last_name"],
        card_number=clean["card_number"], birth_date=birth_date, birth_year=birth_year,
        phone=clean["phone"], email=clean["email"], address=" ".join(fields.address.split()),
        village=" ".join(fields.village.split()), category=fields.category,
        notes=fields.notes.strip(), registered_on=clean["registered_on"],
        consent_data=fields.consent_data, consent_photo=fields.consent_photo,
    )


def category_for_age(age: int | None) -> str | None:
    """The category a child's age tells (preschool under 7, pupil to 17); None for adults
    and an unknown age, whose category only the reader can say."""
    if age is None or age >= 18:
        return None
    return "preschool" if age < 7 else "pupil"


def birth_text(birth_date: date | None, birth_year: int | None) -> str:
    """The form's text for a stored birth: `04.03.2015`, `1950` or empty."""
    if birth_date is not None:
        return numeric_date(birth_date)
    return str(birth_year) if birth_year is not None else ""

