"""Readiness for /healthz: can the bot work right now? Store reachable, Slack token accepted, lease state."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from core.clock import Clock
from core.errors import ShelcasterError

OK = "ok"
# Reports which replica runs the scheduled sweep, e.g. "held" or "standby"; informative, never a failure.
LeaseState = Callable[[], str]
# Whether the Socket Mode websocket is up: "ok", or what is wrong. Without it the bot hears nothing.
SocketState = Callable[[], str]


class SlackAuth:
    """auth.test, remembered for a minute so frequent health probes do not spend Slack's rate limit."""

    def __init__(self, client: WebClient, *, clock: Clock, ttl: timedelta = timedelta(minutes=1)) -> None:
        self._client = client
        self._clock = clock
        self._ttl = ttl
        self._lock = threading.Lock()
        self._last: tuple[datetime, str] | None = None

    def __call__(self) -> str:
        with self._lock:
            now = self._clock()
            if self._last is None or now - self._last[0] >= self._ttl:
                self._last = (now, self._check())
            return self._last[1]

    def _check(self) -> str:
        try:
            self._client.auth_test()
        except SlackApiError as error:
            return f"auth failed: {error.response.get('error', 'error')}"
        except Exception as error:  # any transport failure means Slack cannot be reached from here
            return f"unreachable: {type(error).__name__}"
        return OK


def readiness(
    *,
    ping_store: Callable[[], None],
    slack: Callable[[], str],
    lease: LeaseState | None,
    socket: SocketState | None = None,
) -> dict[str, Any]:
    """`ok` is false when the store, Slack or the Socket Mode connection fails: then the bot cannot serve a
    single command."""
    checks: dict[str, str] = {}
    try:
        ping_store()
        checks["store"] = OK
    except ShelcasterError as error:
        checks["store"] = f"unreachable: {error}"
    except Exception as error:  # whatever the failure, the store is not usable
        checks["store"] = f"unreachable: {type(error).__name__}"
    checks["slack"] = slack()
    if socket is not None:
        checks["socket"] = socket()
    report: dict[str, Any] = {"ok": all(v == OK for v in checks.values()), **checks}
    if lease is not None:
        try:
            report["scheduler"] = lease()
        except Exception as error:  # the lease is informative; a failure to read it must not hide the rest
            report["scheduler"] = f"unknown: {type(error).__name__}"
    return report
