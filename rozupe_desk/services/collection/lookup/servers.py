"""The catalogues to ask, as a setting (`lookup_servers`): a list tried in order, each
with a name, an address, its protocol, database, record schema, character set and timeout.

Presets are only servers whose public address their own documentation gives: the Library of
Congress (www.loc.gov/z3950/lcserver.html: `lx2.loc.gov`, port 210, database `LCDB` with
UTF-8 records, SRU base `http://lx2.loc.gov:210/LCDB`). No Latvian union catalogue address
could be confirmed from its own pages, so none is shipped; the librarian adds the central
library's one in the settings, first in the list.
"""

from __future__ import annotations

import codecs
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from rozupe_desk.errors import InvalidInput
from rozupe_desk.i18n import tr
from rozupe_desk.services import settings

PROTOCOLS = ("sru", "z3950")
SCHEMAS = ("marcxml", "marc21")
DEFAULT_TIMEOUT = 5.0
MAX_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    name: str
    url: str  # SRU: http(s)://host:port/path; Z39.50: host:port (tcp: or z3950:// allowed)
    protocol: str = "sru"
    database: str = ""
    record_schema: str = "marcxml"  # SRU recordSchema / Z39.50: marc21 = USMARC, else XML
    charset: str = "utf-8"  # of the MARC21 records a Z39.50 server sends
    timeout: float = DEFAULT_TIMEOUT

    def as_setting(self) -> dict[str, Any]:
        return asdict(self)


PRESETS = (
    Server(name="Library of Congress (SRU)", url="http://lx2.loc.gov:210/LCDB",
           protocol="sru", database="LCDB"),
    Server(name="Library of Congress (Z39.50)", url="lx2.loc.gov:210", protocol="z3950",
           database="LCDB"),
)


def clean(values: dict[str, Any]) -> Server:
    """A server from the settings' values; InvalidInput names what is wrong."""
    name = " ".join(str(values.get("name") or "").split())
    url = str(values.get("url") or "").strip()
    protocol = str(values.get("protocol") or "sru").strip().lower()
    if protocol not in PROTOCOLS:
        raise InvalidInput("lookup.bad_protocol", name=name or url)
    if not url:
        raise InvalidInput("lookup.no_url", name=name)
    if protocol == "sru":
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput("lookup.bad_url", url=url)
    elif ":" not in url.removeprefix("tcp:").removeprefix("z3950://"):
        raise InvalidInput("lookup.bad_zurl", url=url)
    charset = str(values.get("charset") or "utf-8").strip().lower()
    try:
        codecs.lookup("latin-1" if charset in ("marc-8", "marc8") else charset)
    except LookupError as error:
        raise InvalidInput("lookup.bad_charset", charset=charset) from error
    try:
        given = values.get("timeout")
        timeout = DEFAULT_TIMEOUT if given in (None, "") else float(given)
    except (TypeError, ValueError) as error:
        raise InvalidInput("lookup.bad_timeout", limit=int(MAX_TIMEOUT)) from error
    if not 1 <= timeout <= MAX_TIMEOUT:
        raise InvalidInput("lookup.bad_timeout", limit=int(MAX_TIMEOUT))
    return Server(name=name or url, url=url, protocol=protocol,
                  database=str(values.get("database") or "").strip(),
                  record_schema=str(values.get("record_schema") or "marcxml").strip(),
                  charset=charset, timeout=timeout)


def configured() -> list[Server]:
    """The catalogues of the settings, in the order they are asked."""
    stored = settings.get("lookup_servers")
    if stored is None:
        return [PRESETS[0]]
    return [clean(values) for values in stored]


def save(*, servers: list[dict[str, Any]]) -> list[Server]:
    """Store the list (checked whole first), in one audited transaction."""
    cleaned = [clean(values) for values in servers]
    settings.update(lookup_servers=[server.as_setting() for server in cleaned])
    return cleaned


def from_address(address: str, *, timeout: float | None = None) -> Server:
    """A server given by address alone (`lookup --server`): an http(s) URL is SRU,
    anything else (`host:port/database`) Z39.50."""
    address = address.strip()
    if address.startswith(("http://", "https://")):
        server = clean({"name": address, "url": address, "protocol": "sru"})
    else:
        host, _slash, database = address.removeprefix("z3950://").partition("/")
        server = clean({"name": address, "url": host, "protocol": "z3950",
                        "database": database or "Default"})
    return replace(server, timeout=timeout) if timeout else server



def check_setting(values: dict[str, Any], errors: dict[str, str]) -> None:
    """The settings dialog's check of `lookup_servers`: the first wrong row, by number."""
    for number, server in enumerate(values.get("lookup_servers") or [], start=1):
        try:
            clean(server)
        except InvalidInput as error:
            errors["lookup_servers"] = tr("lookup.server_row", number=number,
                                          message=str(error))
            return
