"""Acks first: a cap on the AWS calls this process has in flight, and calls wait while requests are acked.

botocore builds, signs and parses every call in Python, holding the GIL for milliseconds each time; with the
work pool's workers all calling AWS at once, a request thread waits behind them for the GIL (measured under
load: the ack's p99 three to five times the minimal Bolt app's). So at most `slots` calls are in flight, and each
attempt waits (up to `patience`) while any request is being handled. The work still moves: a burst of crew
actions queues on the pool, which says "busy" when full, rather than on the interpreter. A call waiting to retry
holds no slot.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# botocore's client events (botocore/client.py, botocore/endpoint.py). From before-call on, botocore always
# ends a call with after-call or after-call-error; each attempt starts at before-send and is judged at
# needs-retry, whose handlers sleep before the next attempt.
_ENTER = ("before-call", "before-send")
_LEAVE = ("needs-retry", "after-call", "after-call-error")
SLOTS = 2  # measured on two CPUs: four let the acks' p99 drift back towards 2x the minimal app's
PATIENCE = 0.05  # a call waits at most this long for the acks in progress, so a flood of requests slows work


class AwsCallGate:
    def __init__(self, *, slots: int = SLOTS, wait: float = 5.0, patience: float = PATIENCE) -> None:
        self._slots = threading.Semaphore(slots)
        self._wait = wait  # past this a call goes ahead anyway: the cap may slow work, never stop it
        self._patience = patience  # the longest a call waits for acks in progress
        self._held = threading.local()
        self._acking = 0
        self._quiet = threading.Condition()

    @contextmanager
    def ack(self) -> Iterator[None]:
        """Around the handling of one request: AWS calls (attempts) starting meanwhile wait for it, briefly."""
        with self._quiet:
            self._acking += 1
        try:
            yield
        finally:
            with self._quiet:
                self._acking -= 1
                if not self._acking:
                    self._quiet.notify_all()

    def enter(self, **_: Any) -> None:
        if getattr(self._held, "on", False):
            return
        if self._patience:
            with self._quiet:
                self._quiet.wait_for(lambda: not self._acking, timeout=self._patience)
        self._held.on = self._slots.acquire(timeout=self._wait)

    def leave(self, **_: Any) -> None:
        if getattr(self._held, "on", False):
            self._held.on = False
            self._slots.release()

    def attach(self, client: Any) -> None:
        """Cap every call of one boto3 client (its handlers return None, so they change nothing else)."""
        for event in _ENTER:
            client.meta.events.register(f"{event}.*.*", self.enter)
        for event in _LEAVE:
            client.meta.events.register(f"{event}.*.*", self.leave)
