"""A manual clock: `sleep` moves it at once, and every fake that keeps time settles to the new moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a fixed moment, so runs and their folder names repeat


class FakeWaits:
    """The Waits port on a clock that only moves when told. `now` is a Clock (datetimes) in step with it."""

    def __init__(self, *, start: datetime = START) -> None:
        self._start = start
        self._elapsed = 0.0
        self._lock = threading.RLock()
        self._listeners: list[Callable[[float], None]] = []

    def monotonic(self) -> float:
        return self._elapsed

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._elapsed += max(0.0, seconds)
            for listener in self._listeners:
                listener(self._elapsed)

    def now(self) -> datetime:
        return self.at(self._elapsed)

    def at(self, elapsed: float) -> datetime:
        """The wall-clock time of a moment on this clock."""
        return self._start + timedelta(seconds=elapsed)

    def on_advance(self, listener: Callable[[float], None]) -> None:
        """Call `listener(monotonic)` after every move, in the order the listeners were added."""
        self._listeners.append(listener)
