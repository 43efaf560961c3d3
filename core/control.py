"""The service layer: one call per crew action. Idempotent, one effect under concurrency, compensating."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime

from core.aws.ivs import Ivs
from core.aws.medialive import MediaLive
from core.claims import Claims, Outcome, Unchanged, require_ready
from core.clock import Clock
from core.config import CoreSettings
from core.costs import close_period, open_period, session_cost
from core.editor import ChannelEditor
from core.errors import (
    Busy,
    NeedsConfirmation,
    NoSession,
    NotReady,
    ResourceMissing,
    ShelcasterError,
)
from core.models import ChannelState, Session, SessionStatus, Take
from core.resources import SessionResources
from core.store import SessionStore
from core.takes import CutTake, TakeCutter, timeline

log = logging.getLogger(__name__)


class Control:
    def __init__(
        self,
        *,
        settings: CoreSettings,
        store: SessionStore,
        medialive: MediaLive,
        ivs: Ivs,
        cutter: TakeCutter,
        claims: Claims,
        resources: SessionResources,
        editor: ChannelEditor,
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._store = store
        self._medialive = medialive
        self._ivs = ivs
        self._cutter = cutter
        self._clock = clock
        self._claims = claims
        self._resources = resources
        self._editor = editor

    # lookups ------------------------------------------------------------------------------------------
    def current(self, *, chat_channel: str) -> Session | None:
        session_id = self._store.current_id(chat_channel)
        session = self._store.get(session_id) if session_id else None
        return session if session and session.status.active else None

    def require_current(self, *, chat_channel: str) -> Session:
        session = self.current(chat_channel=chat_channel)
        if session is None:
            raise NoSession("No show is set up in this channel. Start one with `new`.")
        return session

    def sessions(self, *, chat_channel: str) -> list[Session]:
        return self._store.sessions_for(chat_channel)

    def get(self, session_id: str) -> Session:
        return self._store.require(session_id)

    # create / end ---------------------------------------------------------------------------------------
    def create_session(self, *, chat_channel: str, show_name: str, actor: str) -> Outcome:
        existing = self.current(chat_channel=chat_channel)
        if existing:
            return Outcome(existing, False, f"This channel already has a show: *{existing.show_name}*.")
        session = Session(
            id=uuid.uuid4().hex,
            show_name=show_name,
            chat_channel=chat_channel,
            created_by=actor,
            created_at=self._clock(),
        )
        # The session exists before it claims the channel, so a claim always points at a real session.
        self._store.create(session)
        if not self._claim_channel(session):
            self._store.discard(session.id)
            holder = self.current(chat_channel=chat_channel)
            if holder is None:
                raise Busy("Someone else is setting up a show here right now. Try again in a moment.")
            return Outcome(holder, False, f"This channel already has a show: *{holder.show_name}*.")
        try:
            ready = self._resources.provision(session)
        except ShelcasterError as error:
            log.warning("session %s setup failed; removing what was created", session.id)
            self._fail(session.id, str(error))
            raise
        return Outcome(ready, True, f"Show *{show_name}* is set up. Point your encoder at the RTMP endpoints.")

    def _claim_channel(self, session: Session) -> bool:
        """Become the chat channel's current session, replacing a pointer left by an ended or failed one."""
        if self._store.claim_current(session.chat_channel, session.id):
            return True
        stale = self._store.current_id(session.chat_channel)
        holder = self._store.get(stale) if stale else None
        if stale and (holder is None or not holder.status.active):
            self._store.release_current(session.chat_channel, stale)
            return self._store.claim_current(session.chat_channel, session.id)
        return False

    def _fail(self, session_id: str, reason: str) -> None:
        """Undo a half-finished setup; what cannot be deleted stays recorded (and tagged) for the watchdog."""
        try:
            self._resources.teardown(session_id)
        except ShelcasterError:
            log.exception("cleanup of session %s incomplete; left recorded for the watchdog", session_id)
        failed = self._store.update(
            session_id, lambda s: s.model_copy(update={"status": SessionStatus.FAILED, "last_error": reason})
        )
        self._store.release_current(failed.chat_channel, session_id)

    def end_session(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            if s.status is SessionStatus.ENDED:
                raise Unchanged("This show has already ended.")

        def work(s: Session) -> tuple[Callable[[Session], Session], str]:
            self._store.update(session_id, lambda x: x.model_copy(update={"status": SessionStatus.ENDING}))
            saved = self._finish_take(s, actor=actor) if s.take else None
            self._resources.teardown(session_id)
            now = self._clock()

            def ended(x: Session) -> Session:
                x = x.model_copy(update={"status": SessionStatus.ENDED, "ended_at": now, "take": None})
                cost = session_cost(x, now=now, rates=self._settings.rates).total
                return x.model_copy(update={"final_cost": round(cost, 2)})

            takes = len(s.takes) + (1 if saved else 0)
            return ended, f"Show ended and everything deleted. {takes} take(s) saved."

        outcome = self._claims.act(session_id, action="end", actor=actor, check=check, work=work)
        if not outcome.changed:
            return outcome
        self._store.release_current(outcome.session.chat_channel, session_id)
        final = f" Final cost: ${outcome.session.final_cost:.2f}." if outcome.session.final_cost is not None else ""
        return Outcome(outcome.session, True, outcome.message + final)

    # stream ---------------------------------------------------------------------------------------------
    def _channel_id(self, s: Session) -> str:
        if not s.resources.channel_id:
            raise ResourceMissing("This show has no MediaLive channel any more. End it and start a new one.")
        return s.resources.channel_id

    def _state(self, channel_id: str) -> ChannelState:
        facts = self._medialive.describe_channel(channel_id)
        if facts is None:
            raise ResourceMissing("The MediaLive channel no longer exists. End the show and start a new one.")
        return facts.state

    def go_live(self, *, session_id: str, actor: str, restart_ok: bool = False) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if s.stream_wanted:
                raise Unchanged("Already live." if s.ivs_live else "Already going live; the channel is starting.")

        def work(s: Session) -> tuple[Callable[[Session], Session], str]:
            channel_id = self._channel_id(s)
            state = self._state(channel_id)
            if state in (ChannelState.RUNNING, ChannelState.RECOVERING):
                # Only a recording is running and IVS's key was revoked; a new key needs an idle channel.
                if not restart_ok:
                    raise NeedsConfirmation(
                        "The channel is running for a recording only. Going live needs a brief restart "
                        "(about a minute; the take keeps going but misses that minute).",
                        confirm_as="live restart",
                    )
            elif state is ChannelState.STARTING:
                raise NotReady("The channel is starting for a recording. Go live once it is running.")
            self._resources.wait_until_idle(channel_id)
            if s.stream_key_revoked or s.changes_pending:
                self._editor.apply(s.id, restore_stream_key=s.stream_key_revoked)
            self._medialive.start_channel(channel_id)
            now = self._clock()

            def live(x: Session) -> Session:
                return x.model_copy(
                    update={
                        "stream_wanted": True,
                        "live_since": now,
                        "channel_state": ChannelState.STARTING,
                        "channel_state_at": now,
                        "channel_runs": open_period(close_period(x.channel_runs, now), now),
                        "live_periods": open_period(x.live_periods, now),
                    }
                )

            return live, "Going live: the channel is starting. This can take a minute or two."

        return self._claims.act(session_id, action="live", actor=actor, check=check, work=work)

    def _revoke_stream_key(self, s: Session) -> None:
        if s.resources.stream_key_arn and not s.stream_key_revoked:
            self._ivs.delete_stream_key(s.resources.stream_key_arn)
        if s.resources.ivs_channel_arn:
            self._ivs.stop_stream(s.resources.ivs_channel_arn)

    def stop_stream(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if not s.stream_wanted:
                raise Unchanged("The stream is already off.")

        def work(s: Session) -> tuple[Callable[[Session], Session], str]:
            now = self._clock()
            keep_running = s.take is not None
            if s.take:
                self._revoke_stream_key(s)
                message = f"Stream stopped. Take {s.take.number} keeps recording; the channel runs until it stops."
            else:
                channel_id = self._channel_id(s)
                if self._state(channel_id).on_air:
                    self._medialive.stop_channel(channel_id)
                message = "Stream stopped. The channel is shutting down; billing stops when it is idle."

            def off(x: Session) -> Session:
                update: dict[str, object] = {
                    "stream_wanted": False,
                    "ivs_live": False,
                    "live_since": None,
                    "live_periods": close_period(x.live_periods, now),
                }
                if keep_running:
                    update["stream_key_revoked"] = True
                else:
                    update |= {
                        "channel_state": ChannelState.STOPPING,
                        "channel_state_at": now,
                        "channel_runs": close_period(x.channel_runs, now),
                    }
                return x.model_copy(update=update)

            return off, message

        return self._claims.act(session_id, action="live stop", actor=actor, check=check, work=work)

    # takes ----------------------------------------------------------------------------------------------
    def start_take(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if s.take:
                raise Unchanged(f"Already recording take {s.take.number}.")

        def work(s: Session) -> tuple[Callable[[Session], Session], str]:
            channel_id = self._channel_id(s)
            state = self._state(channel_id)
            started = False
            if not state.on_air:
                self._resources.wait_until_idle(channel_id)
                if not s.stream_wanted:
                    self._revoke_stream_key(s)  # record without letting viewers see it
                    s = self._store.update(s.id, lambda x: x.model_copy(update={"stream_key_revoked": True}))
                if s.changes_pending:
                    self._editor.apply(s.id)
                self._medialive.start_channel(channel_id)
                started = True
            now = self._clock()
            take = Take(number=s.next_take_number, started_at=now, started_by=actor)

            def recording(x: Session) -> Session:
                update: dict[str, object] = {"take": take}
                if started:
                    update |= {
                        "channel_state": ChannelState.STARTING,
                        "channel_state_at": now,
                        "channel_runs": open_period(x.channel_runs, now),
                    }
                return x.model_copy(update=update)

            suffix = " The channel is starting; the take begins with its first recorded second." if started else ""
            return recording, f"Recording take {take.number}.{suffix}"

        return self._claims.act(session_id, action="record", actor=actor, check=check, work=work)

    def _finish_take(self, s: Session, *, actor: str) -> CutTake:
        """Cut the take from the live buffer and store it; on failure the take stays open (nothing lost)."""
        assert s.take
        end = self._clock()
        self._settle(s.id, end)
        actions = self._medialive.schedule(s.resources.channel_id) if s.resources.channel_id else []
        sources = timeline(actions, start=s.take.started_at, end=end)
        cut = self._cutter.cut(session_id=s.id, number=s.take.number, start=s.take.started_at, end=end, sources=sources)
        note = None if cut.segments else "Nothing was recorded: the channel was not running yet."
        done = s.take.model_copy(
            update={
                "stopped_at": end,
                "stopped_by": actor,
                "location": cut.location,
                "duration_seconds": cut.duration_seconds,
                "segments": cut.segments,
                "sources": [f"{c.at:%H:%M:%S} {c.source}" for c in sources],
                "note": note,
            }
        )
        self._store.update(s.id, lambda x: x.model_copy(update={"take": None, "takes": [*x.takes, done]}))
        return cut

    def _settle(self, session_id: str, end: datetime) -> None:
        """Give the segment that covers `end` time to land (at most ~2 segment lengths)."""
        deadline = time.monotonic() + 2 * self._settings.segment_seconds
        while time.monotonic() < deadline:
            segments = self._cutter.recorded(session_id)
            if not segments or max(seg.end for seg in segments) >= end:
                return
            time.sleep(min(0.25, self._settings.poll_seconds))

    def stop_take(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if not s.take:
                raise Unchanged("Not recording.")

        def work(s: Session) -> tuple[Callable[[Session], Session], str]:
            assert s.take
            number = s.take.number
            cut = self._finish_take(s, actor=actor)
            now = self._clock()
            stop_channel = not s.stream_wanted and s.resources.channel_id is not None
            if stop_channel and s.resources.channel_id and self._state(s.resources.channel_id).on_air:
                self._medialive.stop_channel(s.resources.channel_id)

            def stopped(x: Session) -> Session:
                if not stop_channel:
                    return x
                return x.model_copy(
                    update={
                        "channel_state": ChannelState.STOPPING,
                        "channel_state_at": now,
                        "channel_runs": close_period(x.channel_runs, now),
                    }
                )

            if not cut.segments:
                return (
                    stopped,
                    f"Take {number} stopped, but nothing was recorded (the channel was not running yet).",
                )
            on_air = self._store.require(s.id).takes[-1].sources
            played = " · on air: " + " → ".join(x.split(" ", 1)[1] for x in on_air) if len(on_air) > 1 else ""
            return stopped, f"Take {number} saved: {_duration(cut.duration_seconds)} at {cut.location}{played}"

        return self._claims.act(session_id, action="record stop", actor=actor, check=check, work=work)

    # observation ----------------------------------------------------------------------------------------
    def refresh(self, *, session_id: str) -> Session:
        """Bring the session's view of the channel and stream in line with AWS."""
        s = self._store.require(session_id)
        if not s.status.active or not s.resources.channel_id:
            return s
        facts = self._medialive.describe_channel(s.resources.channel_id)
        state = facts.state if facts else ChannelState.DELETED
        live = bool(s.stream_wanted and s.resources.ivs_channel_arn and self._ivs.is_live(s.resources.ivs_channel_arn))
        now = self._clock()

        active = facts.active_input if facts and state is ChannelState.RUNNING else None

        def observe(x: Session) -> Session:
            update: dict[str, object] = {"ivs_live": live, "active_source": active}
            if state is not x.channel_state:
                update |= {"channel_state": state, "channel_state_at": now}
            if not state.on_air and state is not ChannelState.STOPPING:
                update["channel_runs"] = close_period(x.channel_runs, now)
                update["live_periods"] = close_period(x.live_periods, now)
            return x.model_copy(update=update)

        return self._store.update(session_id, observe)

    def follow(
        self,
        *,
        session_id: str,
        on_change: Callable[[Session], object],
        timeout: float | None = None,
        stop: threading.Event | None = None,
    ) -> Session:
        """Poll until the channel is steady (and live, when wanted), reporting each change; `stop` ends it
        early (shutdown: the scheduler's follow-up job, or the next replica's, keeps the panel true)."""
        deadline = time.monotonic() + (timeout or self._settings.wait_timeout_seconds)
        stop = stop or threading.Event()
        last = self._store.require(session_id)
        while time.monotonic() < deadline and not stop.is_set():
            now = self.refresh(session_id=session_id)
            if (now.channel_state, now.ivs_live, now.status) != (
                last.channel_state,
                last.ivs_live,
                last.status,
            ):
                on_change(now)
            last = now
            steady = now.channel_state is None or not now.channel_state.transitional
            if steady and (now.ivs_live or not now.stream_wanted or not now.status.active):
                return now
            stop.wait(self._settings.poll_seconds)
        return last

    def remember_ui(self, *, session_id: str, refs: dict[str, str]) -> Session:
        """Keep the chat surface's references (e.g. where the panel message is) with the session."""
        return self._store.update(session_id, _with_ui(refs))

    def keep(self, *, session_id: str, actor: str, until: datetime) -> Outcome:
        def keep_until(x: Session) -> Session:
            require_ready(x)
            return x.model_copy(update={"keep_until": until})

        session = self._store.update(session_id, keep_until)
        return Outcome(session, True, f"Keeping the channel running until {until:%H:%M} UTC.")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _with_ui(refs: dict[str, str]) -> Callable[[Session], Session]:
    return lambda s: s.model_copy(update={"ui": {**s.ui, **refs}})
