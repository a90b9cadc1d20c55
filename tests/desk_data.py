"""A tiny library for the circulation tests: readers, titles and copies with known codes."""

from __future__ import annotations

from datetime import date, datetime

from rozupe_desk.db.models import Item, Patron, Title

NOW = datetime(2026, 3, 10, 11, 0, 0)  # a Tuesday; the branch is open Tuesday to Saturday


def make_patron(card: str, *, first: str = "Anna", last: str = "Bērziņa",
                birth: date | None = date(1980, 5, 1), birth_year: int | None = None,
                category: str = "employed", blocked: bool = False, token: int | None = None,
                guardian: Patron | None = None, consents: bool = True) -> Patron:
    return Patron.create(
        card_number=card, first_name=first, last_name=last, birth_date=birth,
        birth_year=birth_year, category=category, registered_on=date(2020, 1, 1),
        blocked=blocked, token=token or abs(hash(card)) % 2_000_000_000 + 1, guardian=guardian,
        consent_data_on=date(2020, 1, 1) if consents else None,
        consent_photo_on=date(2020, 1, 1) if consents else None, created_at=NOW)


def make_title(name: str, *, document_type: str = "book", authors: str = "") -> Title:
    return Title.create(title=name, document_type=document_type, authors=authors,
                        created_at=NOW)


def make_item(barcode: str, title: Title, *, status: str = "available") -> Item:
    return Item.create(barcode=barcode, title=title, status=status, created_at=NOW)


def small_library() -> dict[str, object]:
    """Readers A1 (adult), C1 (child, 9), B1 (blocked), K1 (adult); books and a magazine."""
    anna = make_patron("A1", first="Anna", last="Bērziņa")
    child = make_patron("C1", first="Līga", last="Bērziņa", birth=date(2016, 6, 1),
                        category="pupil", guardian=anna, consents=False)
    blocked = make_patron("B1", first="Jānis", last="Ozols", blocked=True)
    karlis = make_patron("K1", first="Kārlis", last="Kalniņš")
    book = make_title("Biškopība iesācējiem", authors="Ozoliņš, Pēteris")
    tale = make_title("Pasakas", authors="Brīvzemnieks, Fricis")
    magazine = make_title("Ilustrētā Zinātne, 2026, Nr. 2", document_type="periodical")
    items = {
        "1001": make_item("1001", book), "1002": make_item("1002", book),
        "2001": make_item("2001", tale), "3001": make_item("3001", magazine),
        "9001": make_item("9001", tale, status="discarded"),
        "9002": make_item("9002", tale, status="lost"),
        "9003": make_item("9003", tale, status="damaged"),
    }
    return {"anna": anna, "child": child, "blocked": blocked, "karlis": karlis, "book": book,
            "tale": tale, "magazine": magazine, "items": items}


def koc_text(lines: list[tuple[datetime, str, tuple[str, ...]]]) -> bytes:
    """A KOC file with the header Koha's offline tool writes."""
    from rozupe_desk.formats.koc import format_timestamp

    rows = ["Version=1.0\tGenerator=kocQt4\tGeneratorVersion=0.2"]
    rows += ["\t".join([format_timestamp(at), op, *fields]) for at, op, fields in lines]
    return ("\n".join(rows) + "\n").encode("utf-8")


def busy_day(cards: list[str], barcodes: list[str], count: int, start: datetime,
             seed: int = 7) -> list[tuple[datetime, str, tuple[str, ...]]]:
    """`count` issues and returns over the copies, with a few lines that must be rejected."""
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    lines = []
    for n in range(count):
        at = start + timedelta(seconds=7 * n, milliseconds=rng.randrange(1000))
        roll = rng.random()
        if roll < 0.03:
            lines.append((at, "issue", ("NO-SUCH-CARD", rng.choice(barcodes))))
        elif roll < 0.35:
            lines.append((at, "return", (rng.choice(barcodes),)))
        elif roll < 0.37:
            lines.append((at, "payment", (rng.choice(cards), "1.50")))
        else:
            lines.append((at, "issue", (rng.choice(cards), rng.choice(barcodes))))
    rng.shuffle(lines)  # the replay sorts by time
    return lines
