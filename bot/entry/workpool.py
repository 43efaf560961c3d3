"""The bot's own workers for crew actions, with a drain for graceful shutdown."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

log = logging.getLogger(__name__)


class WorkPool:
    def __init__(self, *, workers: int = 16) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="shelcaster-work")
        self._running: set[Future[None]] = set()
        self._lock = threading.Lock()
        self.stopping = threading.Event()  # long waits (panel follow-up) end early when set

    def submit(self, work: Callable[[], None]) -> None:
        if self.stopping.is_set():
            log.warning("shutting down: a request arrived late and was not run")
            return
        future = self._executor.submit(work)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future[None]) -> None:
        with self._lock:
            self._running.discard(future)

    def drain(self, timeout: float) -> bool:
        """Take no more work and wait for what runs; True when everything finished in time."""
        self.stopping.set()
        with self._lock:
            running = set(self._running)
        pending = wait(running, timeout=timeout).not_done
        self._executor.shutdown(wait=False, cancel_futures=True)
        return not pending
