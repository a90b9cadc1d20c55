"""Fuzzing the importers and the date rules (hypothesis).

In CI each property runs a small, fixed number of examples (the whole folder stays under
~40 s of CPU); for a long local hunt set `ROZUPE_FUZZ_EXAMPLES=5000` (examples per
property) or `HYPOTHESIS_PROFILE=long` (2 000 each):

    ROZUPE_FUZZ_EXAMPLES=5000 .venv/bin/pytest -q -n 2 tests/fuzz
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def fuzz(ci_examples: int) -> settings:
    """The settings of one property: `ci_examples` in CI, more when asked for."""
    wanted = os.environ.get("ROZUPE_FUZZ_EXAMPLES", "")
    if wanted.isdigit() and int(wanted) > 0:
        examples = int(wanted)
    elif os.environ.get("HYPOTHESIS_PROFILE") == "long":
        examples = 2000
    else:
        examples = ci_examples
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])
