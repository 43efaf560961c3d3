"""Claiming a session for one action: concurrent calls act exactly once, repeats are no-ops that say so."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from core import messages
from core.clock import Clock
from core.domain.session import BusyMark, Session, SessionStatus
from core.errors import Busy, NeedsConfirmation, NotReady, SessionEnded, ShelcasterError
from core.ports import SessionStorePort

HOLD_FOR = timedelta(minutes=15)  # a crashed worker's hold expires; the next call then proceeds


@dataclass(frozen=True)
class Outcome:
    session: Session
    changed: bool
    message: str


class Unchanged(Exception):
    """The session is already in the asked-for state."""

    session: Session | None = None  # as it was read when this was found, so no second read is needed


def require_ready(session: Session) -> None:
    if session.status in (SessionStatus.ENDED, SessionStatus.ENDING):
        raise SessionEnded(messages.SHOW_ENDED)
    if session.status is SessionStatus.FAILED:
        raise SessionEnded(messages.SETUP_FAILED)
    if session.status is SessionStatus.CREATING:
        raise NotReady(messages.STILL_SETTING_UP)


Change = tuple[Callable[[Session], Session], str]  # how to update the session, and what to tell the crew
Work = Callable[[Session], Change]


class Claims:
    def __init__(self, *, store: SessionStorePort, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._held: dict[str, BusyMark] = {}  # session id -> this process's mark, while its work runs
        self._lock = threading.Lock()

    def hand_back(self) -> list[str]:
        """On shutdown: clear the marks of actions this process is still running, so the next command (or
        the watchdog) can finish them at once instead of waiting for the marks to expire. Every step of an
        action is recorded as it happens, so what was done is not lost."""
        with self._lock:
            held = dict(self._held)
        for session_id, mark in held.items():
            self._store.update(session_id, _clear_if(mark))
        return list(held)

    def act(
        self,
        session_id: str,
        *,
        action: str,
        actor: str,
        check: Callable[[Session], None],
        work: Work,
    ) -> Outcome:
        now = self._clock()

        def claim(s: Session) -> Session:
            if s.busy and s.busy.until > now:
                raise Busy(
                    f"{s.busy.actor} is already running `{s.busy.action}` on this show. Try again when it is done."
                )
            try:
                check(s)
            except Unchanged as same:
                same.session = s
                raise
            return s.claimed(BusyMark(action=action, actor=actor, since=now, until=now + HOLD_FOR))

        try:
            held = self._store.update(session_id, claim)
        except Unchanged as same:
            return Outcome(session=same.session or self._store.require(session_id), changed=False, message=str(same))
        assert held.busy
        with self._lock:
            self._held[session_id] = held.busy
        try:
            return self._run(session_id, held, work)
        finally:
            with self._lock:
                self._held.pop(session_id, None)

    def _run(self, session_id: str, held: Session, work: Work) -> Outcome:
        change: Callable[[Session], Session] = lambda s: s  # noqa: E731
        try:
            change, message = work(held)
        except NeedsConfirmation:
            self._store.update(session_id, lambda s: s.released_keeping_error())
            raise
        except ShelcasterError as error:
            reason = str(error)
            self._store.update(session_id, lambda s: s.released(error=reason))
            raise
        except BaseException:
            self._store.update(session_id, lambda s: s.released_keeping_error())
            raise
        done = self._store.update(session_id, lambda s: change(s).released())
        return Outcome(session=done, changed=True, message=message)


def _clear_if(mark: BusyMark) -> Callable[[Session], Session]:
    """Clear the session's busy mark only if it is still this one."""
    return lambda s: s.released_keeping_error() if s.busy == mark else s
