"""SRU searchRetrieve over HTTP (urllib): the query in CQL, MARCXML records back.

Reads SRU 1.1/1.2 (`http://www.loc.gov/zing/srw/`) and 2.0 answers alike by looking at the
elements' local names; records packed as XML or as escaped strings; a record replaced by a
surrogate diagnostic is skipped, a diagnostic instead of any record is the server's refusal.
"""

from __future__ import annotations

import logging
import socket
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlsplit, urlunsplit

from rozupe_desk import __version__
from rozupe_desk.services.collection.lookup import bounded
from rozupe_desk.services.collection.lookup.query import Query
from rozupe_desk.services.collection.lookup.records import (
    MARC_NS,
    Candidate,
    from_marcxml,
    from_marcxml_text,
)
from rozupe_desk.services.collection.lookup.servers import Server

log = logging.getLogger(__name__)
MAX_RECORDS = 10
MAX_BYTES = 8 * 1024 * 1024  # an answer of 10 records is far smaller; more is not SRU


def search_url(server: Server, query: Query) -> str:
    parts = urlsplit(server.url)
    path = parts.path
    if server.database and path.strip("/") == "":
        path = "/" + server.database
    # SRU sends XML: a server set to MARC21 (meant for Z39.50) is asked for MARCXML.
    schema = "marcxml" if server.record_schema.lower() in ("marc21", "usmarc") else \
        server.record_schema
    params = urlencode({"version": "1.1", "operation": "searchRetrieve", "query": query.cql(),
                        "maximumRecords": MAX_RECORDS, "recordSchema": schema,
                        "recordPacking": "xml"})
    return urlunsplit((parts.scheme, parts.netloc, path, params, ""))


def search(server: Server, query: Query, *, cancel: threading.Event | None = None
           ) -> list[Candidate]:
    """The candidates the server holds for `query`; bounded.Unreachable when it cannot be
    asked or does not answer within its timeout."""
    url = search_url(server, query)
    request = urllib.request.Request(url, headers={"User-Agent": f"RozupeDesk/{__version__}",
                                                   "Accept": "text/xml, application/xml"})

    def fetch() -> bytes:
        with urllib.request.urlopen(request, timeout=server.timeout) as answer:
            return answer.read(MAX_BYTES + 1)

    try:
        body = bounded.run(fetch, timeout=server.timeout, cancel=cancel, server=server.name)
    except urllib.error.HTTPError as error:
        raise bounded.Unreachable("lookup.http_error", server=server.name,
                                  status=error.code) from error
    except (TimeoutError, urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, socket.timeout | TimeoutError):
            raise bounded.Unreachable("lookup.timeout", server=server.name,
                                      seconds=f"{server.timeout:g}") from error
        log.info("SRU %s: %s", url, reason)
        raise bounded.Unreachable("lookup.no_connection", server=server.name) from error
    return parse(body, server=server.name)


def parse(body: bytes, *, server: str) -> list[Candidate]:
    """The candidates of a searchRetrieve answer; Unreachable for anything that is not one."""
    if len(body) > MAX_BYTES:
        raise bounded.Unreachable("lookup.garbage", server=server)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise bounded.Unreachable("lookup.garbage", server=server) from error
    if _local(root.tag) != "searchRetrieveResponse":
        raise bounded.Unreachable("lookup.garbage", server=server)
    candidates = []
    for record in root.iter():
        if _local(record.tag) != "recordData":
            continue
        marc_record = next((e for e in record.iter() if e.tag == f"{{{MARC_NS}}}record"), None)
        if marc_record is not None:
            found = from_marcxml(marc_record, server=server)
        elif (record.text or "").lstrip().startswith("<"):
            found = from_marcxml_text(record.text.encode("utf-8"), server=server)
        else:
            found = None  # a surrogate diagnostic or a schema we cannot read
        if found is not None:
            candidates.append(found)
    if not candidates:
        diagnostic = _top_diagnostic(root)
        if diagnostic:
            raise bounded.Unreachable("lookup.server_refused", server=server, reason=diagnostic)
    return candidates


def _top_diagnostic(root: ET.Element) -> str:
    for child in root:
        if _local(child.tag) == "diagnostics":
            texts = [(e.text or "").strip() for e in child.iter()
                     if _local(e.tag) in ("message", "details") and (e.text or "").strip()]
            return "; ".join(texts)[:200] or "?"
    return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
