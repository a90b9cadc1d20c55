"""The branches of a demo library (issue 16): real branch libraries of the Līvāni
municipality, and where the demo's readers, copies and transactions belong.

Branch 1 is the library the demo fills (Rožupe) and keeps its name. The choices draw from
a random stream of their own, so a demo with branches holds the very same readers, copies
and loans as one without, only spread over the branches; with one branch nothing is drawn.
Readers register at their home branch and do most of their borrowing, returning and
visiting there.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from rozupe_desk.errors import InvalidInput
from rozupe_desk.services.sql import execute, follow_explicit_ids

# code, name: the libraries of the Līvāni municipality other than Rožupe's.
OTHER_BRANCHES = (
    ("LCB", "Līvānu novada Centrālā bibliotēka"),
    ("JER", "Jersikas bibliotēka"),
    ("RUD", "Rudzātu bibliotēka"),
    ("SUT", "Sutru bibliotēka"),
    ("TUR", "Turku bibliotēka"),
    ("JSI", "Jaunsilavu bibliotēka"),
)
MAX_BRANCHES = 1 + len(OTHER_BRANCHES)
AT_HOME = 0.97  # the share of a reader's transactions at their home branch


class BranchSpread:
    """Branch ids for the demo's rows; every answer is 1 when there is one branch."""

    def __init__(self, branches: int, seed: int) -> None:
        if not 1 <= branches <= MAX_BRANCHES:
            raise InvalidInput("branch_stats.demo.bad_branches", limit=MAX_BRANCHES)
        self.count = branches
        self.rng = random.Random(f"branches-{seed}-{branches}")
        # The central library (branch 2) is the largest, then Rožupe; the others alike.
        self._cumulative = list(accumulate([3, 4, *[2] * (branches - 2)][:branches]))

    def home(self) -> int:
        """A reader's or a copy's home branch, by the branches' sizes."""
        if self.count == 1:
            return 1
        return 1 + bisect(self._cumulative, self.rng.random() * self._cumulative[-1])

    def near(self, home: int) -> int:
        """The branch of a reader's transaction: mostly their home, now and then another."""
        if self.count == 1 or self.rng.random() < AT_HOME:
            return home
        return self.rng.randint(1, self.count)

    def add_branches(self, *, created_at: str) -> None:
        """Write the branches after the first (which the migration made)."""
        for number, (code, name) in enumerate(OTHER_BRANCHES[:self.count - 1], start=2):
            execute("INSERT INTO branch (id, code, name, created_at) VALUES (?, ?, ?, ?)",
                    (number, code, name, created_at))
        follow_explicit_ids("branch")
