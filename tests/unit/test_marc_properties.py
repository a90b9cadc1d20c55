"""Property tests: whatever bytes arrive as a MARC or items CSV file, the import either
succeeds or raises a DomainError, and on error the database is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rozupe_desk.db.models import AuditLog, Item, Title
from rozupe_desk.errors import DomainError
from rozupe_desk.services.collection import catalog_import
from tests.catalog_samples import sample_records

GOOD_MRC = b"".join(r.as_marc() for r in sample_records())
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _state() -> tuple[int, int, int]:
    return Title.select().count(), Item.select().count(), AuditLog.select().count()


def _import_or_refuse(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    before = _state()
    try:
        catalog_import.import_items(path=path)
    except DomainError as error:
        assert str(error)
        assert _state() == before
    else:
        assert _state()[2] == before[2] + 1


@pytest.mark.parametrize("suffix", [".mrc", ".xml", ".csv"])
@PROPERTY
@given(data=st.binary(max_size=400))
def test_any_bytes_import_or_domain_error(db_path, tmp_path, suffix, data):
    _import_or_refuse(tmp_path / f"f{suffix}", data)


@PROPERTY
@given(position=st.integers(min_value=0, max_value=len(GOOD_MRC) - 1),
       byte=st.integers(min_value=0, max_value=255), cut=st.booleans())
def test_damaged_marc_file(db_path, tmp_path, position, byte, cut):
    data = GOOD_MRC[:position] if cut else (
        GOOD_MRC[:position] + bytes([byte]) + GOOD_MRC[position + 1:])
    _import_or_refuse(tmp_path / "f.mrc", data)


@PROPERTY
@given(rows=st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), max_size=6))
def test_items_csv_of_any_text(db_path, tmp_path, rows):
    header = "barcode;title;isbn;price;acquired_on;year"
    text = "\n".join([header, *(";".join(r) for r in rows)])
    _import_or_refuse(tmp_path / "f.csv", text.encode("utf-8", "surrogatepass"))
