"""The line to the server drops mid-session (issue 16, point 5): a real server, stopped.

A desk works online, the server is stopped under it (`pg_ctl stop -m fast`: the desk's
connection is cut as a line drop cuts it), the desk keeps lending and taking back into its
journal, the server starts again, and after the return every transaction is on the server,
none twice. The cluster is this test's own, not the session's: stopping it must not stop
the other tests.
"""

from __future__ import annotations

from datetime import datetime

from rozupe_desk.services.circulation import desk
from rozupe_desk.services.offline.link import DeskLink
from rozupe_desk.services.sql import all_rows, scalar
from tests.offline_server import own_server, small_branch

__all__ = ["own_server"]  # the fixture


class Desk:
    """The desk tab's scan path without the window: online `desk.scan`, offline the link."""

    def __init__(self, link: DeskLink) -> None:
        self.link, self.patron_id, self.card = link, None, None

    def scan(self, code: str) -> str:
        if not self.link.offline:
            try:
                result = desk.scan(code=code, patron_id=self.patron_id, overdue_seen=True)
            except Exception as error:
                if not self.link.lost(error):
                    raise
            else:
                self.patron_id = result.patron_id
                self.card = code if result.patron_id and code.startswith("R") else self.card
                return result.level
        offline = self.link.scan(code=code, card=self.card)
        self.card = offline.card
        return "offline-" + offline.level


def test_a_server_drop_mid_session_loses_and_duplicates_nothing(own_server, tmp_path):
    url = own_server.url("library")
    small_branch(url)
    link = DeskLink(desk_id="galds-1", where=tmp_path)
    assert link.refresh_readers() == 3
    counter = Desk(link)
    assert [counter.scan(code) for code in ("R000001", "2001", "2002")] == ["ok"] * 3

    own_server.stop_server()
    started = datetime.now()
    # The first scan finds the server gone and is journalled, not refused.
    assert counter.scan("R000002") == "offline-ok"
    assert link.offline and (datetime.now() - started).total_seconds() < 10
    for code in ("2003", "2004"):  # lent to R000002
        assert counter.scan(code) == "offline-ok"
    counter.card = None  # Esc: nobody at the desk, the next copies come back
    for code in ("2001", "2003"):
        assert counter.scan(code) == "offline-ok"
    assert counter.scan("R000001") == "offline-ok"
    assert counter.scan("2002") == "offline-ok"  # she has it: a renewal on the replay
    assert counter.scan("2005") == "offline-ok"
    assert link.come_back() is None  # still away: nothing sealed, nothing lost
    assert link.offline

    own_server.start_server()
    result = link.come_back()
    assert result is not None and result.refused == []
    assert result.applied == 6  # 3 checkouts, 2 check-ins, 1 renewal
    assert link.go_online()
    # Online again on the same thread: the dropped connection is replaced by itself.
    assert scalar("SELECT count(*) FROM koc_transaction") == 6
    loans = sorted(all_rows(
        "SELECT i.barcode, p.card_number, l.returned_at IS NULL FROM loan l"
        " JOIN item i ON i.id = l.item_id JOIN patron p ON p.id = l.patron_id"))
    assert loans == [("2001", "R000001", False), ("2002", "R000001", True),
                     ("2003", "R000002", False), ("2004", "R000002", True),
                     ("2005", "R000001", True)]
    assert scalar("SELECT count(*) FROM renewal") == 1
    assert scalar("SELECT count(*) FROM loan WHERE returned_at IS NULL") == 3
    assert link.come_back().applied == 0  # nothing waits: a second return does nothing
    assert counter.scan("2004") == "ok"  # the desk is online again
