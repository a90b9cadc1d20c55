"""Shared pieces of the attack suite (issue 14): how many rounds, a demo library built once,
bytes flipped at random, the program run as the librarian runs it.

`ROZUPE_ATTACK_ROUNDS=200` runs every attack that many rounds (CI runs a few).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from pathlib import Path

from tests.cli.test_koc_cli import run

UNEXPECTED = "Negaidīta kļūda"


def rounds(ci: int) -> int:
    """`ci` rounds in CI, or as many as `ROZUPE_ATTACK_ROUNDS` asks for."""
    wanted = os.environ.get("ROZUPE_ATTACK_ROUNDS", "")
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else ci


def demo_library(folder: Path) -> Path:
    """A small demo library (300 readers, 10 000 loans), fully written to its main file."""
    path = folder / "demo.sqlite"
    done = run("--db", str(path), "demo", "--scale", "small", "--seed", "14")
    assert done.returncode == 0, done.stderr
    return path


def flipped_copy(source: Path, target: Path, rng: random.Random, *, flips: int = 8) -> Path:
    """A copy of `source` with `flips` bytes inverted at random places (the header too)."""
    shutil.copyfile(source, target)
    size = target.stat().st_size
    with target.open("r+b") as handle:
        for _ in range(flips):
            position = rng.randrange(0 if rng.random() < 0.1 else 100, size)
            handle.seek(position)
            byte = handle.read(1)
            handle.seek(position)
            handle.write(bytes([byte[0] ^ 0xFF]))
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
