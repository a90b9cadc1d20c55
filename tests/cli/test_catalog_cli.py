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
    assert "Ierakstu failā: 5; ielasīti: 5," in imported.stdout and imported.stderr == ""
    again = run("--db", db, "import", "items", str(write_xml(tmp_path / "a.xml",
                                                               sample_records())))
    assert again.returncode == 0 and "ielasīti: 0, jau bija katalogā: 5" in again.stdout

    bad = tmp_path / "bad.mrc"
    bad.write_bytes(record("Labs").as_marc() + b"01234garbage")
    strict = run("--db", db, "import", "items", str(bad), "--strict")
    assert strict.returncode == 1 and "stingrais režīms" in strict.stderr
    refused = run("--db", db, "import", "items", str(bad))
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "ieraksts 2: ieraksts ir nepilnīgs: tam nav beigu zīmes (fails beidzas vai sākas nākamais "
        "ieraksts)"]
    assert "ielasīti: 1," in refused.stdout and "bad.rejected.mrc" in refused.stdout
    assert (tmp_path / "bad.rejected.mrc").read_bytes() == b"01234garbage"

    out = tmp_path / "out.mrc"
    exported = run("--db", db, "export", "items", str(out))
    assert exported.returncode == 0, exported.stderr
    records = list(pymarc.MARCReader(out.read_bytes()))
    assert len(records) == 6 and sum(len(r.get_fields("952")) for r in records) == 5
    assert run("--db", db, "export", "items", str(tmp_path / "out.xml")).returncode == 0
    assert len(pymarc.parse_xml_to_array(str(tmp_path / "out.xml"))) == 6
    assert run("--db", db, "--lang", "en", "import", "items", str(tmp_path / "x.txt")
               ).returncode == 1
