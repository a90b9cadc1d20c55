"""Network work with a deadline and a cancel button: the blocking call runs on a helper
thread while the caller waits in small steps, so a server that stops answering costs at
most its timeout and the librarian's Cancel takes effect at once. (A socket timeout alone
would not do: it bounds each read, not the whole answer, and not the name look-up that
hangs when there is no network.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from rozupe_desk.errors import DomainError, InvalidInput

T = TypeVar("T")
STEP = 0.05  # seconds between looks at the cancel flag


class Unreachable(DomainError):
    """A catalogue that did not answer (no network, refused, timed out, garbage)."""


def cancelled() -> InvalidInput:
    return InvalidInput("lookup.cancelled")


def run(work: Callable[[], T], *, timeout: float, cancel: threading.Event | None,
        on_abandon: Callable[[], None] | None = None, server: str) -> T:
    """`work()`'s result; Unreachable after `timeout` s, `cancelled()` on cancel. The helper
    thread is a daemon and ends by its own socket timeout; `on_abandon` may end it sooner."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # handed to the waiting caller as it was
            box["error"] = error

    helper = threading.Thread(target=target, name="lookup", daemon=True)
    deadline = time.monotonic() + timeout
    helper.start()
    while helper.is_alive():
        if cancel is not None and cancel.is_set():
            _abandon(on_abandon)
            raise cancelled()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            _abandon(on_abandon)
            raise Unreachable("lookup.timeout", server=server, seconds=f"{timeout:g}")
        helper.join(min(STEP, remaining))
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _abandon(on_abandon: Callable[[], None] | None) -> None:
    if on_abandon is not None:
        on_abandon()
