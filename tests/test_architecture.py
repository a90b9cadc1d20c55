"""The layers point one way: ui -> services -> db; reports take plain data."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rozupe_desk"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(*parts: str) -> list[Path]:
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def test_ui_and_reports_never_touch_the_database_directly():
    for path in _files("ui") + _files("reports"):
        bad = {n for n in _imports(path) if n == "peewee" or n.startswith(("rozupe_desk.db",
                                                                           "playhouse"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_services_db_and_reports_never_import_qt():
    for path in _files("services") + _files("db") + _files("reports") + _files("formats"):
        bad = {n for n in _imports(path) if n.startswith(("PySide6", "rozupe_desk.ui"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_db_never_imports_services():
    for path in _files("db"):
        bad = {n for n in _imports(path) if n.startswith("rozupe_desk.services")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
