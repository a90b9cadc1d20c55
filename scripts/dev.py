"""The two commands of the README, for any machine with Python 3.11+.

    python3 scripts/dev.py start   installs into .venv (once) and opens the window
    python3 scripts/dev.py test    installs what the tests need and runs the whole suite

Extra arguments after `start` go to `rozupe-desk`, after `test` to pytest.
"""

from __future__ import annotations

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
# Debian packages the tests use: pdftotext/pdftoppm, zbarimg, a PostgreSQL server.
TEST_SYSTEM_PACKAGES = {"pdftotext": "poppler-utils", "zbarimg": "zbar-tools"}
# Issue 17: yaz-ztest, a real Z39.50/SRU server for the look-up tests, and zoomsh, the
# Z39.50 client the look-up calls; both in Debian's `yaz`.
LOOKUP_TEST_PACKAGES = {"yaz-ztest": "yaz", "zoomsh": "yaz"}


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


def ensure_system_packages(packages: dict[str, str] = TEST_SYSTEM_PACKAGES) -> None:
    """Install the Debian packages the tests call, where we can (root on Debian)."""
    missing = sorted({pkg for tool, pkg in packages.items() if not shutil.which(tool)})
    if not missing or os.name == "nt" or not shutil.which("apt-get"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing system packages: {' '.join(missing)} …", flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def ensure_window_packages() -> None:
    """Install the Debian libraries Qt's X11 plugin needs (root on Debian), as `test` does
    for its tools: without them the window cannot open. The list is the program's own
    (rozupe_desk/screen.py), which names it when one is missing."""
    if not sys.platform.startswith("linux") or not shutil.which("apt-get"):
        return
    sys.path.insert(0, str(ROOT))
    from rozupe_desk.screen import XCB_PACKAGES

    query = ["dpkg-query", "-W", "-f=${db:Status-Status} ${Package}\\n", *XCB_PACKAGES]
    listed = subprocess.run(query, capture_output=True, text=True).stdout.splitlines()
    installed = {line.split()[1] for line in listed if line.startswith("installed ")}
    missing = [package for package in XCB_PACKAGES if package not in installed]
    if not missing:
        return
    apt = ([] if os.geteuid() == 0 else ["sudo", "-n"]) + ["apt-get"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing what the window needs: {' '.join(missing)} …", flush=True)
    subprocess.run([*apt, "update", "-qq"], check=False, env=env)
    subprocess.run([*apt, "install", "-y", "-qq", *missing], check=True, env=env)


def start(args: list[str]) -> int:
    python = ensure_venv()
    ensure_window_packages()
    return subprocess.call([str(python), "-m", "rozupe_desk", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    python = ensure_venv()
    ensure_system_packages()
    ensure_system_packages(LOOKUP_TEST_PACKAGES)
    workers = ["-n", "auto"] if not any(a.startswith("-n") for a in args) else []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(python), "-m", "pytest", *workers, *args], cwd=ROOT, env=env)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    action, rest = sys.argv[1], sys.argv[2:]
    return start(rest) if action == "start" else test(rest)


if __name__ == "__main__":
    raise SystemExit(main())
