"""What the catalogue readers hand over: titles with their copies as plain text fields,
each remembering where in the file it came from, before any validation; and the records a
reader could not take, each with its number and the reason in words."""

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
    branch: str = ""  # the home branch's code (Koha 952 $a), if the file names one


@dataclass
class TitleRecord:
    where: str  # translated position in the file ("ieraksts Nr. 3, baits 1234" / "rinda 5")
    fields: dict[str, str]
    copies: list[CopyRecord] = field(default_factory=list)
    marc: bytes | None = None  # the original record, kept for a faithful export
    number: int = 0  # the record's number in the file, from 1
    control: str = ""  # 001
    control_source: str = ""  # 003
    holdings_for: str | None = None  # a MARC holdings record: the 001 of its bib (its 004)
    holding_fields: int = 0  # holdings fields (952/852/876/949) that named no usable barcode
    notes: list[str] = field(default_factory=list)  # warnings in words (kept, not refused)
    raw: bytes | None = None  # the record as it was in the file (for the rejected file)


@dataclass
class Refusal:
    """A record the import did not take: which one, and why."""

    number: int
    reason: str
    control: str = ""
    title: str = ""
    raw: bytes | None = None  # the record as it was in the file, for `<name>.rejected.mrc`
    where: str = ""  # "ieraksts 5" / "rinda 7"
