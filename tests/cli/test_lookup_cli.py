"""`lookup ISBN [--server URL] [--import]` as a script runs it, against yaz-ztest."""

from __future__ import annotations

import json

from tests.cli.test_cli import run
from tests.lookup_server import ZTEST_ISBN, ZTEST_TITLE, free_port


def test_lookup_prints_imports_once_and_says_when_the_server_is_down(tmp_path, ztest):
    db = str(tmp_path / "lib.sqlite")
    shown = run("--db", db, "lookup", ZTEST_ISBN, "--server", ztest.sru_url)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Atrastie ieraksti: ") and lines[1].startswith(f"1. {ZTEST_TITLE}")
    assert "DLC 77000348" in lines[1]

    imported = run("--db", db, "lookup", ZTEST_ISBN, "--server", ztest.sru_url, "--import",
                   "--barcode", "RZ-1", "--shelf", "61 Ter")
    assert imported.returncode == 0, imported.stderr
    assert "ielasīti: 1," in imported.stdout and "Jauni eksemplāri: 1," in imported.stdout
    again = run("--db", db, "lookup", ZTEST_ISBN, "--server", ztest.z3950_address, "--import",
                "--barcode", "RZ-1", "--shelf", "61 Ter")
    assert again.returncode == 0, again.stderr
    assert "ielasīti: 0," in again.stdout and "Jauni eksemplāri: 0," in again.stdout
    check = json.loads(run("--db", db, "check", "--json").stdout)
    assert (check["titles"], check["items"]) == (1, 1)

    down = run("--db", db, "lookup", ZTEST_ISBN, "--import", "--timeout", "2",
               "--server", f"http://127.0.0.1:{free_port()}/Default")
    assert down.returncode == 1 and down.stdout == ""
    assert down.stderr.count("\n") == 1 and "Traceback" not in down.stderr
    assert down.stderr.startswith("Neviens katalogs nav sasniedzams.")
    english = run("--db", db, "--lang", "en", "lookup", "97808391088", "--server",
                  ztest.sru_url)
    assert english.returncode == 1 and "not a valid ISBN" in english.stderr
