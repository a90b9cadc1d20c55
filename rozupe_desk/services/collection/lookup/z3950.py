"""Z39.50 through YAZ's `zoomsh` (Debian package `yaz`; Index Data builds it for Windows):
no pure-Python Z39.50 client is packaged, and YAZ is the reference implementation.

The query goes in PQF; records come back converted by YAZ to MARCXML, MARC21 ones from the
server's character set (`marc-8` or any ISO set) to UTF-8. The process is killed when the
timeout passes or the librarian cancels.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading

from rozupe_desk.services.collection.lookup import bounded
from rozupe_desk.services.collection.lookup.query import Query
from rozupe_desk.services.collection.lookup.records import Candidate, from_marcxml_text
from rozupe_desk.services.collection.lookup.servers import Server

MAX_RECORDS = 10
_RECORD = re.compile(rb"<record xmlns=\"http://www.loc.gov/MARC21/slim\">.*?</record>", re.S)
_ERROR = re.compile(r"error: (.*)")
_CONNECT_FAILED = "ZOOM:10000"
_TIMED_OUT = "ZOOM:10007"


def zurl(server: Server) -> str:
    host = server.url.removeprefix("tcp:").removeprefix("z3950://").rstrip("/")
    return f"{host}/{server.database}" if server.database and "/" not in host else host


def commands(server: Server, query: Query) -> list[str]:
    usmarc = server.record_schema.lower() in ("marc21", "usmarc")
    charset = "marc-8" if server.charset in ("marc8", "marc-8") else server.charset
    show = f"show 0 {MAX_RECORDS} xml;charset={charset},utf-8" if usmarc else \
        f"show 0 {MAX_RECORDS} xml"
    setup = ["set preferredRecordSyntax usmarc"] if usmarc else [
        "set preferredRecordSyntax xml", f"set elementSetName {server.record_schema}"]
    return [f"set timeout {max(1, round(server.timeout))}", *setup,
            f"connect {zurl(server)}", f"search {query.pqf()}", show, "quit"]


def search(server: Server, query: Query, *, cancel: threading.Event | None = None
           ) -> list[Candidate]:
    program = shutil.which("zoomsh")
    if program is None:
        raise bounded.Unreachable("lookup.no_yaz", server=server.name)
    process = subprocess.Popen([program, "-e", *commands(server, query)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        output = bounded.run(lambda: process.communicate()[0], timeout=server.timeout,
                             cancel=cancel, on_abandon=process.kill, server=server.name)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return parse(output, server=server, failed=process.returncode != 0)


def parse(output: bytes, *, server: Server, failed: bool) -> list[Candidate]:
    candidates = [c for raw in _RECORD.findall(output)
                  if (c := from_marcxml_text(raw, server=server.name)) is not None]
    if failed and not candidates:
        text = output.decode("utf-8", "replace")
        found = _ERROR.search(text)
        reason = found.group(1).strip() if found else text.strip()[-160:]
        if _TIMED_OUT in reason:
            raise bounded.Unreachable("lookup.timeout", server=server.name,
                                      seconds=f"{server.timeout:g}")
        if _CONNECT_FAILED in reason:
            raise bounded.Unreachable("lookup.no_connection", server=server.name)
        raise bounded.Unreachable("lookup.server_refused", server=server.name,
                                  reason=reason[:200])
    return candidates
