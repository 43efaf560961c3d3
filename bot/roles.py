"""Who may do what (pure), and the crew group's members cached from Slack."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from enum import IntEnum


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
    """Members of one Slack user group, refreshed at most every `ttl` seconds (acks must stay fast)."""

    def __init__(self, fetch: Callable[[], frozenset[str]], *, ttl: float = 60.0) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._members: frozenset[str] = frozenset()
        self._fetched_at = -float("inf")
        self._lock = threading.Lock()

    def get(self) -> frozenset[str]:
        with self._lock:
            if time.monotonic() - self._fetched_at > self._ttl:
                try:
                    self._members = self._fetch()
                except Exception:  # a Slack hiccup must not lock the crew out; keep the last known list
                    if self._fetched_at == -float("inf"):
                        raise
                self._fetched_at = time.monotonic()
            return self._members
