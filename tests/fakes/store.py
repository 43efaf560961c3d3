"""The session table as dicts: the same optimistic locking, conditional claims and expiring records as DynamoDB."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from core.clock import Clock
from core.domain.session import Session
from core.errors import ConcurrentUpdate, NoSession
from tests.fakes.errors import aws_error


class FakeSessionStore:
    """Sessions are kept as JSON, as in the table, so a fake read returns what a real one would."""

    def __init__(self, *, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._docs: dict[str, str] = {}
        self._current: dict[str, str] = {}  # chat channel -> session id
        self._records: dict[str, tuple[int, str | None]] = {}  # "once#key" / "lease#name" -> (expires_at, holder)

    def ping(self) -> None:
        """The table is always there."""

    # sessions -------------------------------------------------------------------------------------
    def create(self, session: Session) -> Session:
        with self._lock:
            if session.id in self._docs:
                raise aws_error(
                    "ConditionalCheckFailedException", "save the new session", "The conditional request failed"
                )
            self._docs[session.id] = session.model_dump_json()
        return session

    def discard(self, session_id: str) -> None:
        with self._lock:
            self._docs.pop(session_id, None)

    def get(self, session_id: str) -> Session | None:
        doc = self._docs.get(session_id)
        return Session.model_validate_json(doc) if doc is not None else None

    def get_many(self, session_ids: Iterable[str]) -> dict[str, Session]:
        found = (self.get(i) for i in sorted(set(session_ids)))
        return {s.id: s for s in found if s is not None}

    def require(self, session_id: str) -> Session:
        session = self.get(session_id)
        if session is None:
            raise NoSession("That session no longer exists.")
        return session

    def update(self, session_id: str, change: Callable[[Session], Session], *, attempts: int = 8) -> Session:
        """`change` runs outside the lock, on the version read: a write meanwhile makes this re-read and re-apply."""
        for _ in range(attempts):
            current = self.require(session_id)
            changed = change(current)
            if changed == current:
                return current
            new = changed.model_copy(update={"version": current.version + 1})
            with self._lock:
                stored = self._docs.get(session_id)
                if stored is None or Session.model_validate_json(stored).version != current.version:
                    continue
                self._docs[session_id] = new.model_dump_json()
            return new
        raise ConcurrentUpdate("The session is changing too fast right now. Try again in a moment.")

    def sessions_for(self, chat_channel: str) -> list[Session]:
        """Newest first, by `created_at` as the index sorts it (its ISO text)."""
        mine = [s for s in self.all_sessions() if s.chat_channel == chat_channel]
        return sorted(mine, key=lambda s: s.created_at.isoformat(), reverse=True)

    def all_sessions(self) -> Iterator[Session]:
        with self._lock:
            docs = list(self._docs.values())
        yield from (Session.model_validate_json(d) for d in docs)

    # the current session of a chat channel ----------------------------------------------------------
    def current_id(self, chat_channel: str) -> str | None:
        return self._current.get(chat_channel)

    def claim_current(self, chat_channel: str, session_id: str) -> bool:
        """Only while the chat channel has no current session (the holder itself cannot claim again either)."""
        with self._lock:
            if chat_channel in self._current:
                return False
            self._current[chat_channel] = session_id
            return True

    def release_current(self, chat_channel: str, session_id: str) -> None:
        with self._lock:
            if self._current.get(chat_channel) == session_id:
                del self._current[chat_channel]

    # idempotency and leases ------------------------------------------------------------------------
    def claim_once(self, key: str, *, ttl: timedelta = timedelta(hours=1)) -> bool:
        return self._put_if_free(f"once#{key}", ttl, None)

    def acquire_lease(self, name: str, *, holder: str, ttl: timedelta) -> bool:
        return self._put_if_free(f"lease#{name}", ttl, holder, renew=True)

    def release_lease(self, name: str, *, holder: str) -> None:
        with self._lock:
            if self._records.get(f"lease#{name}", (0, None))[1] == holder:
                del self._records[f"lease#{name}"]

    def lease_holder(self, name: str) -> tuple[str, datetime] | None:
        found = self._records.get(f"lease#{name}")
        if found is None or found[1] is None:
            return None
        expires = datetime.fromtimestamp(found[0], tz=self._clock().tzinfo)
        return (found[1], expires) if expires > self._clock() else None

    def _put_if_free(self, pk: str, ttl: timedelta, holder: str | None, *, renew: bool = False) -> bool:
        """The table's condition: absent, expired (whole seconds, as stored), or, for a lease, its own holder."""
        now = self._clock()
        with self._lock:
            found = self._records.get(pk)
            free = found is None or found[0] < int(now.timestamp()) or (renew and found[1] == holder)
            if free:
                self._records[pk] = (int((now + ttl).timestamp()), holder)
            return free
