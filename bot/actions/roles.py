"""Who may do what (pure), and the crew group's members cached from Slack."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import IntEnum

log = logging.getLogger(__name__)


class Role(IntEnum):
    VIEWER = 0
    CREW = 1
    ADMIN = 2


def role_of(
    user: str,
    *,
    crew_users: frozenset[str],
    crew_group_members: frozenset[str],
    admins: frozenset[str],
    open_crew: bool,
) -> Role:
    if user in admins:
        return Role.ADMIN
    if open_crew or user in crew_users or user in crew_group_members:
        return Role.CREW
    return Role.VIEWER


class GroupMembers:
    """Members of one Slack user group. Acks must stay fast, so only the first lookup waits for Slack; after
    that a stale list is answered at once and refreshed in the background (at most every `ttl` seconds)."""

    def __init__(self, fetch: Callable[[], frozenset[str]], *, ttl: float = 60.0) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._members: frozenset[str] | None = None
        self._fetched_at = -float("inf")
        self._lock = threading.Lock()
        self._refreshing = False

    def get(self) -> frozenset[str]:
        with self._lock:
            if self._members is None:
                self._members = self._fetch()
                self._fetched_at = time.monotonic()
            elif time.monotonic() - self._fetched_at > self._ttl and not self._refreshing:
                self._refreshing = True
                threading.Thread(target=self._refresh, name="crew-group-refresh", daemon=True).start()
            return self._members

    def _refresh(self) -> None:
        try:
            members = self._fetch()
        except Exception:  # a Slack hiccup must not lock the crew out: keep the last known list
            log.warning("could not refresh the crew group; keeping the last known members", exc_info=True)
            members = None
        with self._lock:
            if members is not None:
                self._members = members
            self._fetched_at = time.monotonic()
            self._refreshing = False
