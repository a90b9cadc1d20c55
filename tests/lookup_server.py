"""Real catalogue servers for the look-up tests (issue 17), started and stopped by pytest.

`ztest`: Index Data's yaz-ztest (Debian package `yaz`, installed by `scripts/dev.py test`),
a real Z39.50 and SRU server on one port that serves 24 built-in Library of Congress MARC
records; one per test session (so one per xdist worker), on a free port. `stoppable_ztest`:
one of its own, single-process (`-S`), that a test can freeze with SIGSTOP mid-search.
`garbage_server`: a tiny HTTP server of ours that answers every request with junk.

What yaz-ztest answers: any CQL index is accepted; the hit count of an SRU search is a hash
of the CQL text modulo 24 (so fixed per query), of a Z39.50 search the value of a numeric
term (an ISBN gives thousands of millions, served from the 24 records over and over); the
records come in their fixed order whatever was asked. Record 6 is ISBN 0839108826.
It can serve records of one's own too: with YAZ_ZTEST_XML_FETCH=PREFIX in its environment, a
request for a record schema other than marcxml/OP/pz2 (SRU recordSchema, Z39.50 element set)
reads the file PREFIX<schema>.<position>.xml; a position without a file comes back as a
surrogate diagnostic (which the look-up skips). These tests keep to the built-in records.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ZTEST_ISBN = "0839108826"  # 020 $a of yaz-ztest's record 6 (LC 77000348)
ZTEST_TITLE = "Reconstruction tomography in diagnostic radiology and nuclear medicine"
# An ISBN for which yaz-ztest's SRU finds nothing: the hash of the CQL our query module
# writes for it (`bath.isbn=9789934000355 or bath.isbn=…`) is 0 modulo 24.
ZTEST_NOTHING_ISBN = "9789934000355"


@dataclass
class Ztest:
    process: subprocess.Popen
    port: int

    @property
    def sru_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/Default"

    @property
    def z3950_address(self) -> str:
        return f"127.0.0.1:{self.port}/Default"

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def start_ztest(log: Path, *extra: str) -> Ztest:
    program = shutil.which("yaz-ztest")
    if program is None:
        pytest.fail("yaz-ztest is missing: `python3 scripts/dev.py test` installs Debian's yaz")
    for _attempt in range(5):  # another worker may take the free port first
        port = free_port()
        process = subprocess.Popen([program, *extra, "-l", str(log), f"tcp:127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(port):
                return Ztest(process, port)
            time.sleep(0.05)
        stop(process)
    pytest.fail("yaz-ztest did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def ztest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ztest]:
    if os.name == "nt":
        pytest.skip("yaz-ztest is started from Debian's package")
    server = start_ztest(tmp_path_factory.mktemp("ztest") / "ztest.log")
    yield server
    stop(server.process)


@pytest.fixture
def stoppable_ztest(tmp_path: Path) -> Iterator[Ztest]:
    if os.name == "nt":
        pytest.skip("SIGSTOP is POSIX")
    server = start_ztest(tmp_path / "ztest.log", "-S")
    yield server
    stop(server.process)


class _Junk(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"\x00\xffnot <xml at all & {]" * 20
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture
def garbage_server() -> Iterator[str]:
    """The URL of a local HTTP server that answers every request with junk."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Junk)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/Default"
    server.shutdown()
    server.server_close()
