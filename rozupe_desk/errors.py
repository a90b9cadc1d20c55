"""Domain errors: what went wrong, as a message id of the catalogue with its parameters.

A service either completes or raises one of these; the caller (window or command line)
shows `str(error)`, already translated into the current language.
"""

from __future__ import annotations

from rozupe_desk.i18n import tr


class DomainError(Exception):
    """An expected refusal: bad input, unknown code, a rule that forbids the action."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    @property
    def message(self) -> str:
        return tr(self.key, **self.params)

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """A code, id or file that does not exist."""


class InvalidInput(DomainError):
    """Input that breaks a rule of the data: a wrong date, a malformed file."""


class Conflict(DomainError):
    """An action that the current state forbids: a copy already on loan, a duplicate."""
