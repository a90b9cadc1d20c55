"""What the catalogue readers hand over: titles with their copies as plain text fields,
each remembering where in the file it came from, before any validation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CopyRecord:
    barcode: str
    acquired_on: str = ""
    price: str = ""
    shelf: str = ""
    source: str = ""
    status: str = "available"  # available, lost, damaged or discarded (from Koha 952 flags)


@dataclass
class TitleRecord:
    where: str  # translated position in the file ("ieraksts Nr. 3, baits 1234" / "rinda 5")
    fields: dict[str, str]
    copies: list[CopyRecord] = field(default_factory=list)
    marc: bytes | None = None  # the original record, kept for a faithful export
