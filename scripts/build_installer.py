"""Build the one-folder program with PyInstaller and check that it starts.

    python scripts/build_installer.py            # builds dist/rozupe-desk/, then smoke-tests it
    python scripts/build_installer.py --no-check # only builds
    python scripts/build_installer.py --dist D --work W   # other output/work folders
    py scripts\build_installer.py --installer   # Windows: also a setup.exe (Inno Setup 6)

Needs the `build` extra: `pip install -e .[build]` (PyInstaller). Build on the system you ship
to: a build made on Linux runs on Linux, one made on Windows runs on Windows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
INNO_SCRIPT = ROOT / "installer" / "rozupe-desk.iss"
NAME = "rozupe-desk"


def executable(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the program folder (`dist/rozupe-desk`)."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
                    str(SPEC)], cwd=ROOT, check=True)
    return dist / NAME


def smoke(folder: Path) -> dict:
    """Start the built program: create a database, check it, open the window and close it.

    Returns what the window reported; raises CalledProcessError when a step fails."""
    cli = executable(folder, f"{NAME}-cli")
    gui = executable(folder, NAME)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "smoke.sqlite")
        subprocess.run([str(cli), "--db", db, "init"], check=True, env=env,
                       capture_output=True, timeout=120)
        checked = subprocess.run([str(cli), "--db", db, "check", "--json"], check=True,
                                 env=env, capture_output=True, text=True, timeout=120)
        counts = json.loads(checked.stdout)
        # The windowed program has no console on Windows: it writes its report to a file.
        report = Path(tmp) / "window.json"
        subprocess.run([str(gui), "--db", db], check=True, capture_output=True, timeout=120,
                       env=dict(env, ROZUPE_DESK_SMOKE=str(report)))
        window = json.loads(report.read_text(encoding="utf-8"))
    return {"check": counts, "window": window}


def inno_setup(version: str) -> None:
    """Compile installer/rozupe-desk.iss with Inno Setup's `iscc` (Windows only)."""
    compiler = shutil.which("iscc") or next(
        (str(p) for p in (Path(os.environ.get(v, "")) / "Inno Setup 6" / "ISCC.exe"
                          for v in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"))
         if p.is_file()), None)
    if compiler is None:
        raise SystemExit("Inno Setup 6 (iscc) was not found; install it from jrsoftware.org")
    subprocess.run([compiler, f"/DAppVersion={version}", str(INNO_SCRIPT)], check=True)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from rozupe_desk import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--no-check", action="store_true", help="skip the smoke test")
    parser.add_argument("--installer", action="store_true",
                        help="then make a Windows setup file with Inno Setup 6")
    args = parser.parse_args(argv)
    started = time.monotonic()
    folder = build(args.dist, args.work)
    print(f"built {folder} in {time.monotonic() - started:.0f} s", flush=True)
    if not args.no_check:
        result = smoke(folder)
        print(f"smoke test passed: {json.dumps(result, ensure_ascii=False)}")
    if args.installer:
        inno_setup(version())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
