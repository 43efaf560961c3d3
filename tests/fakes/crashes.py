"""`kill -9` on the fakes: a bot process whose every later call fails, so nothing after the kill point runs in it.

A `Process` is the core's services composed on the shared fakes, as one `serve` replica is: its own claims
holder and heartbeat, and a store handle that dies with it. `dies_at` arms one AWS call to kill whichever process
makes it next, before or after AWS acted (AWS did it, the bot never recorded it).
"""

from __future__ import annotations

import functools
import threading
from typing import Any, cast

from core.composition import CoreServices
from core.config import CoreSettings
from core.ports import SessionStorePort
from tests.fakes.faults import Fake
from tests.fakes.world import FakeAws, core_on


class ProcessDied(BaseException):
    """Raised where a killed process would simply stop: no handler of the product's catches it."""


class _DyingStore:
    """The session store as one process reaches it: once the process is dead, every call fails."""

    def __init__(self, store: SessionStorePort, process: Process) -> None:
        self._store = store
        self._process = process

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._store, name)
        if not callable(real):
            return real

        @functools.wraps(real)
        def call(*args: Any, **kwargs: Any) -> Any:
            self._process.check_alive()
            return real(*args, **kwargs)

        return call


class Process:
    """One bot process on the shared fake account."""

    def __init__(self, settings: CoreSettings, aws: FakeAws, *, name: str) -> None:
        self.name = name
        self.alive = True
        self.services: CoreServices = core_on(settings, aws, store=cast(SessionStorePort, _DyingStore(aws.store, self)))
        aws.waits.on_advance(self._beat)

    def _beat(self, _: float) -> None:
        """Its heartbeat, on the manual clock, while it is alive."""
        if self.alive:
            self.services.claims.renew_due()

    def kill(self) -> None:
        self.alive = False

    def check_alive(self) -> None:
        if not self.alive:
            raise ProcessDied(self.name)


_current = threading.local()


def acting_as(process: Process) -> None:
    """Which process makes the next calls (the test runs one process's action at a time)."""
    _current.process = process


def dies_at(fake: Fake, method: str, *, after: bool) -> None:
    """The next call of `fake.method` kills the process making it: before AWS acts, or just after."""
    real = getattr(fake, method)
    armed = [True]

    @functools.wraps(real)
    def die(*args: Any, **kwargs: Any) -> Any:
        process: Process | None = getattr(_current, "process", None)
        if not armed[0] or process is None or not process.alive:
            return real(*args, **kwargs)
        armed[0] = False
        if after:
            real(*args, **kwargs)
        process.kill()
        raise ProcessDied(f"{process.name} killed at {method}")

    setattr(fake, method, die)
