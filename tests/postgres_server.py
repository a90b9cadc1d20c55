"""A throw-away PostgreSQL cluster for the tests: initdb into a temp folder, its own port.

One cluster per test process (each pytest-xdist worker has its own, so workers never wait
for each other's databases); it is started at the first test that needs it and stopped at
the end of the session. The cluster trades durability for speed (`fsync=off`): it holds only
test data. initdb refuses to run as root, so as root the cluster belongs to `nobody`.

A test database is a copy of a template migrated once per session: `CREATE DATABASE …
TEMPLATE` copies the files, far faster than running the migrations for every test.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

UNPRIVILEGED = "nobody"
TEMPLATE = "rozupe_template"


def binaries() -> Path | None:
    """The folder of initdb/pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A running cluster; `url(name)` connects to one of its databases."""

    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed: run `python3 scripts/dev.py test`"
                               " (it installs the Debian package) or apt-get install postgresql")
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="rozupe-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = "rozupe"
        self._counter = 0
        as_root = os.name != "nt" and os.geteuid() == 0
        self._prefix = ["runuser", "-u", UNPRIVILEGED, "--"] if as_root else []
        if as_root:
            shutil.chown(self.folder, UNPRIVILEGED)
            self.folder.chmod(0o700)
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "--encoding=UTF8", "--locale=C", "--no-sync")
        self.start_server()
        self.server_url = f"postgresql://{self.user}@127.0.0.1:{self.port}"

    def start_server(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port}"
                   f" -c unix_socket_directories={self.folder} -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")

    def stop_server(self) -> None:
        """Stop the server as a line drop looks to a desk: its connections cut at once."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run([*self._prefix, str(self.bin / tool), *args],
                                capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({result.returncode}):\n{result.stdout}\n"
                               f"{result.stderr}\n{tail}")

    def url(self, name: str) -> str:
        return f"{self.server_url}/{name}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction on the maintenance database."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def fresh_database(self, template: str | None = None) -> str:
        """A new empty database (a copy of `template` when given); returns its URL."""
        self._counter += 1
        name = f"t{os.getpid()}_{self._counter}"
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.admin(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        for _ in range(3):
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
                break
            except RuntimeError:
                time.sleep(0.5)
        shutil.rmtree(self.folder, ignore_errors=True)
