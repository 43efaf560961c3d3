"""Acks first: the bot's own work (AWS calls, Slack Web API calls) waits for a pause in the requests being handled,
and few AWS calls are in flight at once.

botocore builds, signs and parses every call in Python, holding the GIL for milliseconds each time; with the work
pool's workers all calling AWS, a request thread waits behind them for the GIL (measured under a flood of requests,
each of which makes work: the ack's p99 three to five times the minimal Bolt app's). So every attempt of an AWS call,
each Web API call through the bot's client and each piece of pool work first waits, up to `patience`, until no
request has been handled for `quiet`, and so does the parsing of each AWS answer; at most `slots` AWS calls are in
flight (one waiting to retry holds none), and at most `lanes` threads of the bot's own work run Python at once. The
work still moves: under a flood it slows down, the pool fills and says "busy", and the acks stay close to the
minimal app's. A request thread itself never waits for the pause it is part of. The hooks are botocore's client
events, wired by `core.adapters.aws.clients.gate_calls`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# A cap, not a throttle (the pause below is what keeps acks first): parallel reads, a sweep's or the fleet view's,
# still fan out. Two, tried first, made those slower than their tests allow.
SLOTS = 8
# Requests have paused once none has been handled for QUIET; a call waits at most PATIENCE for that, so a flood of
# requests slows the work without stopping it. Crew traffic leaves gaps far longer than QUIET: only a flood waits.
# Measured (bench/ack_latency.py, 300 back-to-back requests): patience 0.05 s left the acks' p50 at 3x the minimal
# app's at 1 client, 0.2 s at 1.5x, 1 s within noise of it. A quiet of 5 ms let a burst's work start in the ~10 ms
# before the next burst and run on into it (p99 at 20 clients 1.5-2.0x the minimal app's); 20 ms, 1.3-1.8x. Work
# starts 20 ms after the last request at the latest: nothing a person can see.
QUIET = 0.02
PATIENCE = 1.0
# Threads of the bot's own work that run Python at once: building and signing a call, parsing its answer, starting
# a piece of pool work. Under the GIL more would not finish sooner, and a request arriving just after a pause would
# queue behind every worker that the pause let go (measured: the ack's p99 at 20 clients 1.7-1.9x the minimal app's
# with sixteen at once). Waiting on the network needs no lane.
LANES = 2


class AcksFirst:
    def __init__(
        self,
        *,
        slots: int = SLOTS,
        lanes: int = LANES,
        wait: float = 5.0,
        patience: float = PATIENCE,
        quiet: float = QUIET,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._slots = threading.Semaphore(slots)
        self._lanes = threading.Semaphore(lanes)
        self._wait = wait  # past this a call goes ahead anyway: the cap may slow work, never stop it
        self._patience = patience  # the longest a call waits for a pause in the requests (0: it never waits)
        self._quiet = quiet  # how long no request must have been handled for the requests to have paused
        self._clock = clock
        self._held = threading.local()
        self._acking = 0
        self._last_ack = -float("inf")
        self._lock = threading.Lock()

    @contextmanager
    def ack(self) -> Iterator[None]:
        """Around the handling of one request: work starting meanwhile waits for a pause."""
        with self._lock:
            self._acking += 1
        self._held.acking = True
        try:
            yield
        finally:
            self._held.acking = False
            with self._lock:
                self._acking -= 1
                self._last_ack = self._clock()

    def _until_paused(self) -> float:
        """0 once the requests have paused, else how much longer they must stay quiet."""
        with self._lock:
            if self._acking:
                return self._quiet
            return max(0.0, self._last_ack + self._quiet - self._clock())

    def wait_for_pause(self) -> None:
        """Until no request has been handled for `quiet`, or `patience` is out. Nobody is woken when an ack ends
        (sixteen workers woken per request would be the very contention this avoids): a waiting thread looks
        again after a while, twice as long each time."""
        self._free_lane()  # never wait in a lane
        if getattr(self._held, "acking", False):
            return
        deadline, nap = self._clock() + self._patience, self._quiet
        while (left := self._until_paused()) and (now := self._clock()) < deadline:
            time.sleep(min(max(left, nap), deadline - now))
            nap *= 2

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Around a piece of the bot's own work starting: after a pause, in a lane (until its first call)."""
        self.after_pause()
        try:
            yield
        finally:
            self._free_lane()

    def after_pause(self, **_: Any) -> None:
        """Wait for a pause in the requests, then take a lane for the Python work that follows. A thread never
        waits for anything while it holds a lane, so lanes and slots cannot wait on each other."""
        self.wait_for_pause()
        self._held.lane = self._lanes.acquire(timeout=self._wait)

    def _free_lane(self) -> None:
        if getattr(self._held, "lane", False):
            self._held.lane = False
            self._lanes.release()

    def enter(self, **_: Any) -> None:
        """A call or an attempt starts: it waits for a pause and holds a slot (none while it waits to retry); the
        network needs no lane."""
        self._free_lane()
        if not getattr(self._held, "on", False):
            self.wait_for_pause()
            self._held.on = self._slots.acquire(timeout=self._wait)

    def working(self, **_: Any) -> None:
        """Python work on a call follows (building it, parsing its answer): after a pause, in a lane."""
        self.after_pause()

    def leave(self, **_: Any) -> None:
        self._free_lane()
        if getattr(self._held, "on", False):
            self._held.on = False
            self._slots.release()
