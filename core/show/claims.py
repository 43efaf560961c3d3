"""Claiming a session for one action: concurrent calls act exactly once, repeats are no-ops that say so."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import messages
from core.clock import Clock
from core.domain.session import BusyMark, Session, SessionStatus
from core.errors import Busy, NeedsConfirmation, NotReady, SessionEnded, ShelcasterError
from core.ports import SessionStorePort

log = logging.getLogger(__name__)

# A live holder renews its mark every BEAT; one not renewed for HOLD_FOR belongs to a dead worker (kill -9, a lost
# host) and the next call takes it over, so a crash holds a show for seconds, not minutes. Three beats must fail in
# a row (the store unreachable) before a live holder's mark can be taken.
HOLD_FOR = timedelta(seconds=30)
BEAT = timedelta(seconds=10)


@dataclass(frozen=True)
class Outcome:
    session: Session
    changed: bool
    message: str


class Unchanged(Exception):
    """The session is already in the asked-for state."""

    session: Session | None = None  # as it was read when this was found, so no second read is needed


def unattended(session: Session, now: datetime) -> bool:
    """A setup or an end nobody is working on: its worker stopped renewing the mark, or it was never claimed (a
    session stored unclaimed is given one hold's time for its first claim, as `check-aws` stores its own)."""
    if session.status not in (SessionStatus.CREATING, SessionStatus.ENDING):
        return False
    if session.busy is not None:
        return not session.busy.alive(now)
    return now - session.created_at >= HOLD_FOR


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
    def __init__(
        self, *, store: SessionStorePort, clock: Clock, holder: str | None = None, heartbeat: bool = True
    ) -> None:
        """`heartbeat`: renew held marks from a thread on real time; tests on a manual clock call `renew_due`."""
        self._store = store
        self._clock = clock
        self.holder = holder or uuid.uuid4().hex[:12]
        self._heartbeat = heartbeat
        self._held: dict[str, BusyMark] = {}  # session id -> this process's mark, while its work runs
        self._lock = threading.Lock()
        self._beating: threading.Thread | None = None
        self._stopped = threading.Event()

    def hand_back(self) -> list[str]:
        """On shutdown: clear the marks of actions this process is still running, so the next command (or
        the watchdog) can finish them at once instead of waiting for the marks to expire. Every step of an
        action is recorded as it happens, so what was done is not lost."""
        self._stopped.set()
        with self._lock:
            held = dict(self._held)
        for session_id, mark in held.items():
            self._store.update(session_id, _clear_if(mark))
        return list(held)

    def renew_due(self) -> None:
        """The heartbeat: push out every held mark that is due (older than one beat)."""
        now = self._clock()
        with self._lock:
            due = {k: m for k, m in self._held.items() if m.until - now <= HOLD_FOR - BEAT}
        for session_id, mark in due.items():
            fresh = mark.renewed(now + HOLD_FOR)
            try:
                self._store.update(session_id, _renew_if(mark, fresh))
            except _Lost:
                log.warning(
                    "session %s: `%s` lost its claim (not renewed in time); another worker holds it",
                    session_id,
                    mark.action,
                )
                self._forget(session_id, mark)
                continue
            except Exception:  # the store is unreachable: keep beating, the mark lasts HOLD_FOR
                log.warning("session %s: could not renew the claim on `%s`", session_id, mark.action, exc_info=True)
                continue
            with self._lock:
                if self._held.get(session_id) == mark:
                    self._held[session_id] = fresh

    def _forget(self, session_id: str, mark: BusyMark) -> None:
        with self._lock:
            if self._held.get(session_id) == mark:
                del self._held[session_id]

    def begin(self, session: Session, *, action: str, actor: str, work: Work) -> Outcome:
        """Store a new session already claimed for its first action, so no other worker can see it unclaimed."""
        held = self._store.create(session.claimed(self._mark(action, actor)))
        return self._holding(session.id, held, work)

    def act(
        self,
        session_id: str,
        *,
        action: str,
        actor: str,
        check: Callable[[Session], None],
        work: Work,
    ) -> Outcome:
        mark = self._mark(action, actor)
        dead: list[BusyMark] = []  # a mark its worker stopped renewing, taken over here

        def claim(s: Session) -> Session:
            dead.clear()
            if s.busy and s.busy.alive(mark.since):
                raise Busy(
                    f"{s.busy.actor} is already running `{s.busy.action}` on this show. Try again when it is done."
                )
            try:
                check(s)
            except Unchanged as same:
                same.session = s
                raise
            dead.extend([s.busy] if s.busy else [])
            return s.claimed(mark)

        try:
            held = self._store.update(session_id, claim)
        except Unchanged as same:
            return Outcome(session=same.session or self._store.require(session_id), changed=False, message=str(same))
        for gone in dead:
            log.warning(
                "session %s: took over from `%s` (worker %s), which stopped renewing its claim",
                session_id,
                gone.action,
                gone.holder or "unknown",
            )
        return self._holding(session_id, held, work)

    def _mark(self, action: str, actor: str) -> BusyMark:
        now = self._clock()
        return BusyMark(action=action, actor=actor, since=now, until=now + HOLD_FOR, holder=self.holder)

    def _holding(self, session_id: str, held: Session, work: Work) -> Outcome:
        assert held.busy
        with self._lock:
            self._held[session_id] = held.busy
            self._start_beating()
        try:
            return self._run(session_id, held, work)
        finally:
            with self._lock:
                self._held.pop(session_id, None)

    def _start_beating(self) -> None:
        """One heartbeat thread while anything is held (called under the lock)."""
        if self._heartbeat and (self._beating is None or not self._beating.is_alive()):
            self._beating = threading.Thread(target=self._beat, name="claims-heartbeat", daemon=True)
            self._beating.start()

    def _beat(self) -> None:
        while not self._stopped.wait(BEAT.total_seconds() / 2):
            with self._lock:
                if not self._held:
                    self._beating = None
                    return
            self.renew_due()

    def _run(self, session_id: str, held: Session, work: Work) -> Outcome:
        assert held.busy
        mine = held.busy
        try:
            change, message = work(held)
        except NeedsConfirmation:
            self._store.update(session_id, _clear_if(mine))
            raise
        except ShelcasterError as error:
            self._store.update(session_id, _clear_if(mine, error=str(error)))
            raise
        except BaseException:
            self._store.update(session_id, _clear_if(mine))
            raise

        def finish(s: Session) -> Session:
            done = change(s)  # what the work did is recorded even if the claim was lost meanwhile
            return done.released() if mine.same_claim(s.busy) else done

        try:
            done = self._store.update(session_id, finish)
        except ShelcasterError as error:  # the state machine refused the change (e.g. setup done after `end`)
            self._store.update(session_id, _clear_if(mine, error=str(error)))
            raise
        return Outcome(session=done, changed=True, message=message)


class _Lost(Exception):
    """The mark being renewed is no longer this worker's."""


def _renew_if(mark: BusyMark, fresh: BusyMark) -> Callable[[Session], Session]:
    def renew(s: Session) -> Session:
        if not mark.same_claim(s.busy):
            raise _Lost
        return s.claimed(fresh)

    return renew


def _clear_if(mark: BusyMark, *, error: str | None = None) -> Callable[[Session], Session]:
    """Clear the session's busy mark only if it is still this hold (renewed or not), noting `error` if given."""

    def clear(s: Session) -> Session:
        if not mark.same_claim(s.busy):
            return s
        return s.released(error=error) if error is not None else s.released_keeping_error()

    return clear
