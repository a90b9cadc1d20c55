"""`import items` and `export items` as the librarian runs them."""

from __future__ import annotations

import pymarc

from tests.catalog_samples import record, sample_records, write_mrc, write_xml
from tests.cli.test_cli import run


def test_import_export_and_refusal(tmp_path):
    db = str(tmp_path / "lib.sqlite")
    assert run("--db", db, "init").returncode == 0
    imported = run("--db", db, "import", "items", str(write_mrc(tmp_path / "a.mrc",
                                                                  sample_records())))
    assert imported.returncode == 0, imported.stderr
    assert "5 jauni nosaukumi" in imported.stdout
    again = run("--db", db, "import", "items", str(write_xml(tmp_path / "a.xml",
                                                               sample_records())))
    assert again.returncode == 0 and "0 jauni nosaukumi" in again.stdout

    bad = tmp_path / "bad.mrc"
    bad.write_bytes(record("Labs").as_marc() + b"01234garbage")
    refused = run("--db", db, "import", "items", str(bad))
    assert refused.returncode == 1
    assert "Nr. 2" in refused.stderr and "Traceback" not in refused.stderr

    out = tmp_path / "out.mrc"
    exported = run("--db", db, "export", "items", str(out))
    assert exported.returncode == 0, exported.stderr
    records = list(pymarc.MARCReader(out.read_bytes()))
    assert len(records) == 5 and sum(len(r.get_fields("952")) for r in records) == 5
    assert run("--db", db, "--lang", "en", "import", "items", str(tmp_path / "x.txt")
               ).returncode == 1
