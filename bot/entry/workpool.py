"""The bot's own workers for crew actions: bounded, so a burst is told to wait instead of queueing without end,
and drained on shutdown."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager

log = logging.getLogger(__name__)

WORKERS = 16  # concurrent AWS work: each action holds one worker for its DynamoDB and AWS calls
WAITING = 64  # actions allowed to wait for a worker; past that the requester is told to try again
NOTICES = 64  # "busy" replies waiting for the notice thread; past that they are dropped (and logged)


class _Tally:
    """A warning logged at most every `every` seconds with a count: a burst of refusals is one line, not
    thousands, and formatting them does not slow the acks that report them."""

    def __init__(self, message: str, *, every: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._message, self._every, self._clock = message, every, clock
        self._count, self._last = 0, -every
        self._lock = threading.Lock()

    def tick(self) -> None:
        with self._lock:
            self._count += 1
            now = self._clock()
            if now - self._last < self._every:
                return
            count, self._count, self._last = self._count, 0, now
        log.warning(self._message, count)


class WorkPool:
    def __init__(
        self,
        *,
        workers: int = WORKERS,
        waiting: int = WAITING,
        turn: Callable[[], AbstractContextManager[None]] | None = None,
    ) -> None:
        self._turn = turn  # around each piece of work on its worker: its start waits its turn behind the acks
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="shelcaster-work")
        # A busy reply goes through Slack's response_url: one thread of its own, so it never waits behind
        # the work it could not take, nor holds up the ack that reported it.
        self._notices = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shelcaster-notice")
        self._room = threading.BoundedSemaphore(workers + waiting)
        self._notice_room = threading.BoundedSemaphore(NOTICES)
        self._running: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._dropped = _Tally("too many busy replies waiting: %d dropped")
        self._busy = _Tally("work pool full: %d request(s) answered busy")
        self.stopping = threading.Event()  # long waits (panel follow-up) end early when set

    def submit(self, work: Callable[[], None]) -> bool:
        """Run `work` on a worker; False, and nothing runs, when the pool is full or shutting down."""
        if self.stopping.is_set():
            log.warning("shutting down: a request arrived late and was not run")
            return False
        if not self._room.acquire(blocking=False):
            self._busy.tick()
            return False
        future = self._executor.submit(self._run, work)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._done)
        return True

    def _run(self, work: Callable[[], None]) -> None:
        if self._turn is None or self.stopping.is_set():
            work()
            return
        with self._turn():
            work()

    def notify(self, notice: Callable[[], object]) -> None:
        """Send a short reply off the request thread (best effort: a full notice queue drops it)."""
        if not self._notice_room.acquire(blocking=False):
            self._dropped.tick()
            return

        def send() -> None:
            try:
                notice()
            except Exception:  # a lost "busy" reply must not kill the notice thread
                log.warning("could not send a busy reply", exc_info=True)
            finally:
                self._notice_room.release()

        self._notices.submit(send)

    def _done(self, future: Future[None]) -> None:
        with self._lock:
            self._running.discard(future)
        self._room.release()

    def drain(self, timeout: float) -> bool:
        """Take no more work and wait for what runs; True when everything finished in time."""
        self.stopping.set()
        with self._lock:
            running = set(self._running)
        pending = wait(running, timeout=timeout).not_done
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._notices.shutdown(wait=False, cancel_futures=True)
        return not pending
