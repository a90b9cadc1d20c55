"""A damaged database file (issue 14): random bytes flipped in a real library.

`check` always reports (never "Negaidīta kļūda"): unsound, exit 1, the advice to restore.
A file found damaged is opened read-only from then on: commands that write refuse with a
clear Latvian line and leave the file's bytes as they were; a restore from a good backup
ends the read-only state. `ROZUPE_ATTACK_ROUNDS` sets the number of trials.
"""

from __future__ import annotations

import random

import pytest

from tests.cli.test_koc_cli import run
from tests.crash.attack import UNEXPECTED, demo_library, digest, flipped_copy, rounds

pytestmark = pytest.mark.slow

TRIALS = rounds(8)
SEED = 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_library(tmp_path_factory.mktemp("demo"))


def test_check_never_crashes_and_a_damaged_file_takes_no_write(demo, tmp_path):
    rng = random.Random(SEED)
    readers = tmp_path / "readers.csv"
    readers.write_text("card_number,first_name,last_name,registered_on\n"
                       "R90001,Ilze,Kalniņa,2026-01-05\n", encoding="utf-8")
    damaged = 0
    for trial in range(TRIALS):
        path = flipped_copy(demo, tmp_path / f"flip{trial}.sqlite", rng)
        check = run("--db", str(path), "check")
        said = check.stdout + check.stderr
        assert UNEXPECTED not in said and "Traceback" not in said, (trial, said)
        assert check.returncode in (0, 1), said
        if "Atjaunojiet to no rezerves kopijas" not in check.stdout:
            continue  # the flips hit only free space or rows the invariants caught
        damaged += 1
        assert check.returncode == 1
        before = digest(path)
        for command in (["privacy", "anonymize"], ["import", "patrons", str(readers)]):
            done = run("--db", str(path), *command)
            assert done.returncode == 1, (trial, command, done.stdout)
            assert "tikai lasīšanai" in done.stderr and UNEXPECTED not in done.stderr
        assert digest(path) == before  # nothing written into the damage
    assert damaged >= min(TRIALS, 3)


def test_a_restore_ends_the_read_only_state_of_a_damaged_file(demo, tmp_path):
    good = tmp_path / "good.sqlite"
    assert run("--db", str(demo), "backup", "-o", str(good)).returncode == 0
    rng = random.Random(5)
    path = flipped_copy(demo, tmp_path / "broken.sqlite", rng, flips=40)
    assert run("--db", str(path), "check").returncode == 1
    refused = run("--db", str(path), "privacy", "anonymize")
    assert refused.returncode == 1 and "tikai lasīšanai" in refused.stderr
    restored = run("--db", str(path), "restore", str(good))
    assert restored.returncode == 0, restored.stderr
    assert run("--db", str(path), "check").returncode == 0
    assert run("--db", str(path), "privacy", "anonymize").returncode == 0
