"""The scheduler lease: of several replicas on one table, only the holder runs the scheduled jobs.

The lease item is taken and renewed with conditional writes; another replica can take it over only once
it has expired, so a replica that dies hands the jobs on within one lease period.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta

from core.clock import Clock
from core.ports import SessionStorePort

log = logging.getLogger(__name__)


def scheduler_lease(deployment: str) -> str:
    """One lease per deployment: bots of different deployments sharing a table each run their own jobs."""
    return f"scheduler#{deployment}"


def holder_id() -> str:
    """Names this process in the lease item (and in /healthz): host, pid and a nonce for restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Lease:
    def __init__(self, store: SessionStorePort, *, name: str, holder: str, ttl: timedelta, clock: Clock) -> None:
        self._store = store
        self._holder = holder
        self._ttl = ttl
        self._clock = clock
        self._name = name
        self._lock = threading.Lock()
        self._checked_at: datetime | None = None
        self._held = False

    @property
    def holder(self) -> str:
        return self._holder

    @property
    def is_held(self) -> bool:
        """As last checked, without asking the table."""
        return self._held

    def held(self) -> bool:
        """Whether this replica holds the lease, renewing it once a third of its life has passed.

        Checking is cheap between renewals, so a job that runs every few seconds does not write each time.
        """
        with self._lock:
            now = self._clock()
            if self._checked_at is not None and now - self._checked_at < self._ttl / 3:
                return self._held
            return self._renew(now)

    def renew(self) -> bool:
        """Take or renew it now (before work that must not overlap another replica's)."""
        with self._lock:
            return self._renew(self._clock())

    def _renew(self, now: datetime) -> bool:
        try:
            held = self._store.acquire_lease(self._name, holder=self._holder, ttl=self._ttl)
        except Exception:
            # Unsure means not held: a replica that cannot reach the table must not act on its own.
            log.warning("could not renew the %s lease; acting as a follower", self._name, exc_info=True)
            held = False
        if held != self._held:
            log.info("%s lease %s by %s", self._name, "taken" if held else "lost", self._holder)
        self._held, self._checked_at = held, now
        return held

    def release(self) -> None:
        """Hand the lease on at once (graceful shutdown) instead of making the others wait for expiry."""
        with self._lock:
            if self._held:
                self._store.release_lease(self._name, holder=self._holder)
            self._held, self._checked_at = False, None
