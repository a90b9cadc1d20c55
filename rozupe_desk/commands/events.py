"""Commands of the events area."""

from __future__ import annotations

from rozupe_desk.commands import Registry


def register(registry: Registry) -> None:
    """No commands yet."""
