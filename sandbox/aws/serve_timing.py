"""Opt-in response headers saying how long the sandbox spent on each request, and how long it waited first.

The sandbox is one process: concurrent requests share one interpreter, so a request's time on the client
includes time spent behind other requests, which AWS, serving each call on its own, does not add. With
timing on, requests are served one at a time behind a lock, so that waiting is explicit: ``x-sandbox-queued``
is the time from reading the request line to holding the lock (parsing it among other requests' threads, then
waiting), ``x-sandbox-served`` the time spent serving once the lock was held (seconds).
A client subtracts the first from its own measure to see the call as a free server would answer it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
QUEUED_HEADER = "x-sandbox-queued"
SERVED_HEADER = "x-sandbox-served"
ARRIVED = "sandbox.arrived"  # environ key: when the server read the request line (perf_counter), if it says


class OneAtATime:
    """Wraps a WSGI app: one request at a time, each response carrying its queued and served seconds."""

    def __init__(self, app: WsgiApp, *, clock: Callable[[], float] = time.perf_counter) -> None:
        self._app = app
        self._clock = clock
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        arrived = float(environ.get(ARRIVED, self._clock()))
        with self._lock:
            began = self._clock()

            def timed_start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
                served = self._clock() - began
                extra = [(QUEUED_HEADER, f"{began - arrived:.6f}"), (SERVED_HEADER, f"{served:.6f}")]
                return start(status, [*headers, *extra], *rest)

            # The body is produced inside the lock, so its work counts as served, not as the next one's queue.
            return list(self._app(environ, timed_start))
