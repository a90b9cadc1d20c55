"""The README's command table names every command the program has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from rozupe_desk.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    """Every runnable command, `import koc` style (groups are opened to their leaves)."""
    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                inner = commands(sub, f"{prefix}{name} ")
                found |= inner or {f"{prefix}{name}"}
    return found


def test_the_command_table_lists_every_command():
    table = [line for line in README.read_text(encoding="utf-8").splitlines()
             if line.startswith("| `")]
    listed = {" ".join(word for word in re.match(r"\| `([^`]*)`", line)[1].split()
                       if re.fullmatch(r"[a-z][a-z-]*", word))
              for line in table}
    missing = {name for name in commands(build_parser())
               if not any(entry == name or entry.startswith(name + " ") for entry in listed)}
    assert not missing, f"README lacks rows for: {sorted(missing)}"
    assert {"init", "import koc", "report overdue", "privacy absent"} <= commands(build_parser())
