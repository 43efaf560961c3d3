"""One check run per deployment at a time, so a run never takes another's resources for a killed run's leftovers.

A lease in the session table, renewed while the run lasts: a killed run's lease lapses within `ttl`.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from types import TracebackType

from core.errors import Busy, ShelcasterError
from core.ports import SessionStorePort

log = logging.getLogger(__name__)


class RunLease:
    def __init__(self, store: SessionStorePort, *, deployment: str, holder: str, ttl: timedelta) -> None:
        self._store = store
        self._name = f"check-aws:{deployment}"
        self._holder = holder
        self._ttl = ttl
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> RunLease:
        if not self._store.acquire_lease(self._name, holder=self._holder, ttl=self._ttl):
            raise Busy(
                "Another `shelcaster check-aws` is running on this deployment (a killed run's hold lapses within "
                f"{self._ttl.total_seconds():.0f} s): try again then."
            )
        self._thread = threading.Thread(target=self._renew, name="check-aws-lease", daemon=True)
        self._thread.start()
        return self

    def _renew(self) -> None:
        while not self._stop.wait(self._ttl.total_seconds() / 3):
            try:
                self._store.acquire_lease(self._name, holder=self._holder, ttl=self._ttl)
            except ShelcasterError as error:  # the next renewal tries again, well before the lease lapses
                log.warning("could not renew the check-aws lease: %s", error)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._store.release_lease(self._name, holder=self._holder)
