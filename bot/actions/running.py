"""A crew action while it runs: what it has come to so far, and a ticker that keeps its show's panel moving.

A start, an end or an apply can hold the show for minutes, and the scheduler's follow-up leaves a show alone
while an action holds it. So while the action runs its panel is redrawn every few seconds from the store: the
crew sees who is doing what and for how long, from the first second after the click.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


class PanelTicker:
    """Calls `redraw` after `first` seconds, then every `every` seconds, until stopped."""

    def __init__(self, redraw: Callable[[], None], *, first: float, every: float) -> None:
        self._redraw = redraw
        self._first, self._every = first, every
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="panel-ticker", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        wait = self._first
        while not self._stopped.wait(wait):
            try:
                self._redraw()
            except Exception:  # a missed redraw only delays the clock; the action's own result is drawn anyway
                log.debug("panel ticker: redraw failed", exc_info=True)
            wait = self._every

    def stop(self) -> None:
        """Stop, and wait for a redraw under way, so nothing older is drawn after the action's result."""
        self._stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=15)


@dataclass
class RunningAction:
    """What the log line says of an action: the show it acted on and what came of it."""

    ticker: PanelTicker | None = None
    session_id: str | None = None
    outcome: str = "done"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def settle(self) -> None:
        """The result is about to be drawn: no ticking after this."""
        with self._lock:
            ticker, self.ticker = self.ticker, None
        if ticker is not None:
            ticker.stop()
