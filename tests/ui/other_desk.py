"""Another desk, in a process of its own, on the same library (the refresh tests).

    python -m tests.ui.other_desk TARGET lend BARCODE CARD | return BARCODE | rename CARD NAME
"""

from __future__ import annotations

import os
import sys

from rozupe_desk.services import library
from rozupe_desk.services.circulation import circulation
from rozupe_desk.services.readers import patrons
from rozupe_desk.services.readers.patron_fields import PatronFields


def main(target: str, action: str, *args: str) -> None:
    os.environ["ROZUPE_DESK_ID"] = "otra-vieta"
    library.open_library(target)
    if action == "lend":
        circulation.checkout(barcode=args[0], patron_id=patrons.find_by_card(card=args[1]))
    elif action == "return":
        circulation.checkin(barcode=args[0])
    elif action == "rename":
        details = patrons.get(patron_id=patrons.find_by_card(card=args[0]))
        patrons.update(patron_id=details.id, fields=PatronFields(
            first_name=args[1], last_name=details.last_name, card_number=details.card_number,
            birth=details.birth_date.isoformat() if details.birth_date else "",
            category=details.category, consent_data=bool(details.consent_data_on),
            consent_photo=bool(details.consent_photo_on), notes=details.notes))
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main(*sys.argv[1:])
