"""AWS failures on the fakes: the next calls of one port method raise a domain error, as the sandbox's injected
faults (`AwsSandbox.inject_fault`) fail the next HTTP attempts of one operation."""

from __future__ import annotations

import functools
import threading
from typing import Any

from core.errors import ShelcasterError
from tests.fakes.ivs import FakeIvs
from tests.fakes.medialive import FakeMediaLive
from tests.fakes.objects import FakeObjectStore
from tests.fakes.secrets import FakeSecrets
from tests.fakes.store import FakeSessionStore

Fake = FakeMediaLive | FakeIvs | FakeSessionStore | FakeObjectStore | FakeSecrets


def failing(fake: Fake, method: str, error: ShelcasterError, *, times: int = 1) -> None:
    """The next `times` calls of `fake.method` raise `error` before doing anything; later calls run as usual.
    Make `error` with `tests.fakes.errors.aws_error`, so it is what the adapter raises for that AWS error."""
    real = getattr(fake, method)
    left = [times]
    lock = threading.Lock()

    @functools.wraps(real)
    def fail_first(*args: Any, **kwargs: Any) -> Any:
        with lock:
            fails = left[0] > 0
            left[0] -= fails
        if fails:
            raise error
        return real(*args, **kwargs)

    setattr(fake, method, fail_first)
