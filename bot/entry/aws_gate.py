"""At most a couple of threads build or read AWS requests at once, so acks find the interpreter free.

botocore serializes, signs and parses every call in Python, holding the GIL for a few milliseconds each time.
With the work pool's sixteen workers doing that together, a request thread waits behind them for the GIL:
measured under load, the ack's p99 was 3 to 5 times the minimal Bolt app's. The gate covers only those CPU
stretches of a call: up to the moment the request is sent, and from the moment the answer arrives until it is
parsed. Waiting on AWS is never limited, so a slow AWS does not slow other calls.
"""

from __future__ import annotations

import threading
from typing import Any

# botocore's client events around the CPU stretches of one call (botocore/client.py, botocore/endpoint.py):
# enter when the call starts and when its answer arrives; leave when it is sent, retried or done.
_ENTER = ("provide-client-params", "before-parse")
_LEAVE = ("before-send", "needs-retry", "after-call", "after-call-error")


class CpuGate:
    def __init__(self, *, slots: int = 2, wait: float = 1.0) -> None:
        self._slots = threading.Semaphore(slots)
        self._wait = wait  # past this a call goes ahead anyway: the gate may slow work, never stop it
        self._held = threading.local()

    def enter(self, **_: Any) -> None:
        if not getattr(self._held, "on", False):
            self._held.on = self._slots.acquire(timeout=self._wait)

    def leave(self, **_: Any) -> None:
        if getattr(self._held, "on", False):
            self._held.on = False
            self._slots.release()

    def attach(self, client: Any) -> None:
        """Gate every call of one boto3 client (its handlers return None, so they change nothing else)."""
        for event in _ENTER:
            client.meta.events.register(event, self.enter)
        for event in _LEAVE:
            client.meta.events.register(event, self.leave)
