"""A server URL is shown and logged without its password (issue 16)."""

from __future__ import annotations

from rozupe_desk.services.library import shown_target


def test_the_password_of_a_server_url_is_never_shown():
    assert shown_target("postgresql://desk:slepens@10.0.0.5:5432/livani") == (
        "postgresql://desk@10.0.0.5:5432/livani")
    assert shown_target("postgresql://desk@serveris/livani") == "postgresql://desk@serveris/livani"
    assert shown_target("C:/Rozupe/rozupe-desk.sqlite") == "C:/Rozupe/rozupe-desk.sqlite"
