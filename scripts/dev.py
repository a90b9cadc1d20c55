"""The two commands of the README, for any machine with Python 3.11+.

    python3 scripts/dev.py start   installs into .venv (once) and opens the window
    python3 scripts/dev.py test    installs what the tests need and runs the whole suite

Extra arguments after `start` go to `rozupe-desk`, after `test` to pytest. `test` runs the
suite on SQLite, then the database tests (tests/unit, tests/cli) again on a throw-away
PostgreSQL cluster; `test --engine=postgresql [paths]` runs only the server pass.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
# Debian packages the tests use: pdftotext/pdftoppm, zbarimg.
TEST_SYSTEM_PACKAGES = {"pdftotext": "poppler-utils", "zbarimg": "zbar-tools"}
# Issue 17: yaz-ztest, a real Z39.50/SRU server for the look-up tests, and zoomsh, the
# Z39.50 client the look-up calls; both in Debian's `yaz`.
LOOKUP_TEST_PACKAGES = {"yaz-ztest": "yaz", "zoomsh": "yaz"}
# The database tests that run a second time on a PostgreSQL server.
SERVER_TEST_PATHS = ["tests/unit", "tests/cli"]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    """Create .venv and install the project with its dev tools when pyproject changed."""
    if not venv_python().exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        print("Installing Rožupe Desk and its dependencies into .venv …", flush=True)
        subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "-e", f"{ROOT}[dev]"], check=True)
        STAMP.write_text(digest)
    return venv_python()


def apt_install(packages: list[str], what: str) -> None:
    """Install Debian packages where we can (root, or sudo without a password, on Debian)."""
    if not packages or os.name == "nt" or not shutil.which("apt-get"):
        return
    apt = ([] if os.geteuid() == 0 else ["sudo", "-n"]) + ["apt-get"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing {what}: {' '.join(packages)} …", flush=True)
    subprocess.run([*apt, "update", "-qq"], check=False, env=env)
    subprocess.run([*apt, "install", "-y", "-qq", "--no-install-recommends", *packages],
                   check=True, env=env)


def ensure_system_packages(packages: dict[str, str] = TEST_SYSTEM_PACKAGES) -> None:
    """The Debian packages of the tools the tests call, when a tool is missing."""
    apt_install(sorted({pkg for tool, pkg in packages.items() if not shutil.which(tool)}),
                "system packages")


def ensure_window_packages() -> None:
    """The Debian libraries Qt's X11 plugin needs, as `test` does for its tools: without
    them the window cannot open. The list is the program's own (rozupe_desk/screen.py),
    which names it when one is missing."""
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return
    sys.path.insert(0, str(ROOT))
    from rozupe_desk.screen import XCB_PACKAGES

    query = ["dpkg-query", "-W", "-f=${db:Status-Status} ${Package}\\n", *XCB_PACKAGES]
    listed = subprocess.run(query, capture_output=True, text=True).stdout.splitlines()
    installed = {line.split()[1] for line in listed if line.startswith("installed ")}
    apt_install([p for p in XCB_PACKAGES if p not in installed], "what the window needs")


def ensure_postgresql() -> None:
    """Debian's PostgreSQL server (initdb, pg_ctl, pg_dump) for the server tests."""
    if shutil.which("initdb") or glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return
    apt_install(["postgresql", "postgresql-contrib"], "system packages")


def start(args: list[str]) -> int:
    python = ensure_venv()
    ensure_window_packages()
    return subprocess.call([str(python), "-m", "rozupe_desk", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    python = ensure_venv()
    ensure_system_packages()
    ensure_system_packages(LOOKUP_TEST_PACKAGES)
    ensure_postgresql()
    workers = ["-n", "auto"] if not any(a.startswith("-n") for a in args) else []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def pytest(*more: str) -> int:
        return subprocess.call([str(python), "-m", "pytest", *workers, *more], cwd=ROOT, env=env)

    if any(a.startswith("--engine") for a in args):
        return pytest(*args)
    status = pytest(*args)
    if args:  # a chosen selection runs on SQLite only
        return status
    print("The database tests again, on PostgreSQL (--engine=postgresql) …", flush=True)
    return pytest("--engine=postgresql", *SERVER_TEST_PATHS) or status


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    action, rest = sys.argv[1], sys.argv[2:]
    return start(rest) if action == "start" else test(rest)


if __name__ == "__main__":
    raise SystemExit(main())
