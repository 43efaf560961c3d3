"""The service layer: one call per crew action. Idempotent, one effect under concurrency, compensating."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from core import messages
from core.clock import Clock
from core.config import CoreSettings
from core.domain.costs import session_cost
from core.domain.health import QUIET_SECONDS, Reading, assess
from core.domain.session import ChannelState, Session, SessionStatus
from core.errors import (
    Busy,
    NeedsConfirmation,
    NoSession,
    NotReady,
    ShelcasterError,
)
from core.ports import IvsPort, MediaLivePort, RealWaits, SessionStorePort, Waits
from core.show.aws_resources import SessionResources
from core.show.channel_edits import ChannelEditor
from core.show.claims import Change, Claims, Outcome, Unchanged, require_ready, unattended
from core.show.health import HealthReader, where
from core.show.recording import Recording

log = logging.getLogger(__name__)

AWS_ACTOR = "MediaLive"
BOT_ACTOR = "Shelcaster"  # for what the bot finishes on its own (an owed stop)
HEALTH_GRACE_SECONDS = QUIET_SECONDS + 5  # how long `follow` waits after RUNNING to know whether video arrives


@dataclass(frozen=True, kw_only=True)
class Control:
    settings: CoreSettings
    store: SessionStorePort
    medialive: MediaLivePort
    ivs: IvsPort
    claims: Claims
    resources: SessionResources
    editor: ChannelEditor
    recording: Recording
    clock: Clock
    waits: Waits = field(default_factory=RealWaits)  # the poll loops' clock, a fake in tests
    health: HealthReader | None = None  # alerts, frame rate, IVS health; without it the panel shows no encoder line

    # lookups ------------------------------------------------------------------------------------------
    def current(self, *, chat_channel: str) -> Session | None:
        session_id = self.store.current_id(chat_channel)
        session = self.store.get(session_id) if session_id else None
        return session if session and session.status.active else None

    def require_current(self, *, chat_channel: str) -> Session:
        session = self.current(chat_channel=chat_channel)
        if session is None:
            raise NoSession(messages.NO_SHOW_HERE)
        return session

    def sessions(self, *, chat_channel: str) -> list[Session]:
        return self.store.sessions_for(chat_channel)

    def get(self, session_id: str) -> Session:
        return self.store.require(session_id)

    # create / end ---------------------------------------------------------------------------------------
    def create_session(
        self, *, chat_channel: str, show_name: str, actor: str, planned_minutes: int | None = None
    ) -> Outcome:
        existing = self.current(chat_channel=chat_channel)
        if existing:
            return Outcome(existing, False, messages.ALREADY_A_SHOW.format(show=existing.show_name))
        session = Session(
            id=uuid.uuid4().hex,
            show_name=show_name,
            chat_channel=chat_channel,
            created_by=actor,
            created_at=self.clock(),
            planned_minutes=planned_minutes,
        )
        # The session is stored already claimed for its setup, and claims the chat channel under that claim: `end`
        # can never run half-way through setup, and a worker that dies leaves a mark that stops being renewed.
        try:
            return self.claims.begin(session, action="new", actor=actor, work=self._setup)
        except _ChannelTaken:
            self.store.discard(session.id)
            holder = self.current(chat_channel=chat_channel)
            if holder is None:
                raise Busy(messages.SOMEONE_SETTING_UP) from None
            return Outcome(holder, False, messages.ALREADY_A_SHOW.format(show=holder.show_name))

    def finish_setup(self, *, session_id: str, actor: str) -> Outcome:
        """Finish a setup whose worker died (its claim is no longer renewed): every step is idempotent, so it picks
        up where the last one stopped; a setup still under way is left to its worker."""
        try:
            return self.claims.act(session_id, action="new", actor=actor, check=_setting_up, work=self._setup)
        except _ChannelTaken:  # another show became this chat channel's while this one was stalled
            self._fail(session_id, messages.SOMEONE_SETTING_UP)
            raise Busy(messages.SOMEONE_SETTING_UP) from None

    def resume(self, *, session_id: str) -> Outcome | None:
        """Finish what a dead worker left half done (its mark no longer renewed): a setup or an end. None when
        there is nothing to finish, or its worker is still alive."""
        s = self.store.require(session_id)
        if not unattended(s, self.clock()):
            return None
        if s.status is SessionStatus.CREATING:
            return self.finish_setup(session_id=session_id, actor=BOT_ACTOR)
        if s.status is SessionStatus.ENDING:
            return self.end_session(session_id=session_id, actor=BOT_ACTOR)
        return None

    def _setup(self, s: Session) -> Change:
        if not self._claim_channel(s):
            raise _ChannelTaken(messages.SOMEONE_SETTING_UP)
        return self._provisioned(s)

    def _provisioned(self, s: Session) -> Change:
        try:
            self.resources.provision(s)
        except ShelcasterError as error:
            log.warning("session %s setup failed; removing what was created", s.id)
            self._fail(s.id, str(error))
            raise
        return (lambda x: x.set_up(self.clock())), messages.SET_UP.format(show=s.show_name)

    def _claim_channel(self, session: Session) -> bool:
        """Become the chat channel's current session, replacing a pointer left by an ended or failed one."""
        if self.store.claim_current(session.chat_channel, session.id):
            return True
        stale = self.store.current_id(session.chat_channel)
        if stale == session.id:  # a setup resumed after its worker died had got this far
            return True
        holder = self.store.get(stale) if stale else None
        if stale and (holder is None or not holder.status.active):
            self.store.release_current(session.chat_channel, stale)
            return self.store.claim_current(session.chat_channel, session.id)
        return False

    def _fail(self, session_id: str, reason: str) -> None:
        """Undo a half-finished setup; what cannot be deleted stays recorded (and tagged) for the watchdog."""
        try:
            self.resources.teardown(session_id)
        except ShelcasterError:
            log.exception("cleanup of session %s incomplete; left recorded for the watchdog", session_id)
        failed = self.store.update(session_id, lambda s: s.failed(reason) if s.status is SessionStatus.CREATING else s)
        self.store.release_current(failed.chat_channel, session_id)

    def end_session(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            if s.status is SessionStatus.ENDED:
                raise Unchanged(messages.ALREADY_ENDED)

        def work(s: Session) -> Change:
            self.store.update(session_id, lambda x: x.ending())
            saved = self.recording.finish_take(s, actor=actor) if s.take else None
            self.resources.teardown(session_id)
            now = self.clock()

            def ended(x: Session) -> Session:
                x = x.ended(now)
                return x.final_cost_is(session_cost(x, now=now, rates=self.settings.rates).total)

            takes = len(s.takes) + (1 if saved else 0)
            return ended, messages.SHOW_ENDED_SAVED.format(takes=takes)

        outcome = self.claims.act(session_id, action="end", actor=actor, check=check, work=work)
        if not outcome.changed:
            return outcome
        self.store.release_current(outcome.session.chat_channel, session_id)
        final = f" Final cost: ${outcome.session.final_cost:.2f}." if outcome.session.final_cost is not None else ""
        return Outcome(outcome.session, True, outcome.message + final)

    # stream ---------------------------------------------------------------------------------------------
    def go_live(self, *, session_id: str, actor: str, restart_ok: bool = False) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if s.stream_wanted:
                raise Unchanged(messages.ALREADY_LIVE if s.ivs_live else messages.ALREADY_GOING_LIVE)

        def work(s: Session) -> Change:
            channel_id = self.editor.channel_of(s)
            state = self.editor.state_of(channel_id)
            restarting = state in (ChannelState.RUNNING, ChannelState.RECOVERING)
            if restarting and not restart_ok:
                # A recording-only run sends nothing to IVS, and a running channel cannot be edited.
                raise NeedsConfirmation(messages.RESTART_TO_GO_LIVE, confirm_as="live restart")
            if state is ChannelState.STARTING:
                raise NotReady(messages.STARTING_FOR_RECORDING)
            run = self.editor.start(s, public=True)

            def live(x: Session) -> Session:
                return run.apply_to(x).stream_on(run.at)

            return live, messages.GOING_LIVE

        return self.claims.act(session_id, action="live", actor=actor, check=check, work=work)

    def stop_stream(self, *, session_id: str, actor: str, restart_ok: bool = False) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if not s.stream_wanted and not s.channel_on_air_unwanted:
                raise Unchanged(messages.STREAM_ALREADY_OFF)

        def work(s: Session) -> Change:
            now = self.clock()
            if s.take and any(p.in_channel for p in s.platforms):
                # Platform outputs cannot be cut from a running channel; only a recording-only restart stops them.
                return self._restart_for_recording(s, restart_ok=restart_ok, at=now)
            keep_running = s.take is not None
            if s.take:
                self.editor.revoke_stream_key(s)
                message = f"Stream stopped. Take {s.take.number} keeps recording; the channel runs until it stops."
            else:
                channel_id = self.editor.channel_of(s)
                if self.editor.state_of(channel_id).on_air:
                    self.store.update(s.id, lambda x: x.stop_intended())  # owed even if StopChannel fails
                    self.medialive.stop_channel(channel_id)
                message = (
                    "Stream stopped. The channel is shutting down; billing stops when it is idle."
                    if s.stream_wanted
                    else messages.OWED_STOP  # the stream was already off: only the channel was still running
                )

            def off(x: Session) -> Session:
                x = x.stream_off(now)
                return x.key_revoked() if keep_running else x.channel_stopping(now)

            return off, message

        return self.claims.act(session_id, action="live stop", actor=actor, check=check, work=work)

    def _restart_for_recording(self, s: Session, *, restart_ok: bool, at: datetime) -> Change:
        if not restart_ok:
            raise NeedsConfirmation(messages.RESTART_TO_STOP_PLATFORMS, confirm_as="live stop restart")
        self.editor.revoke_stream_key(s)
        run = self.editor.start(s, public=False)

        def recording_only(x: Session) -> Session:
            return run.apply_to(x.stream_off(at)).key_revoked()

        assert s.take
        return recording_only, messages.STOPPED_FOR_RECORDING.format(number=s.take.number)

    # observation ----------------------------------------------------------------------------------------
    def refresh(self, *, session_id: str) -> Session:
        """Bring the session's view of the channel and stream in line with AWS."""
        s = self.store.require(session_id)
        if not s.status.active or not s.resources.channel_id:
            return s
        facts = self.medialive.describe_channel(s.resources.channel_id)
        state = facts.state if facts else ChannelState.DELETED
        live = bool(s.stream_wanted and s.resources.ivs_channel_arn and self.ivs.is_live(s.resources.ivs_channel_arn))
        now = self.clock()
        running = facts is not None and state is ChannelState.RUNNING
        active = facts.active_input if facts and running else None
        switch = facts.active_switch if facts and running else None
        told, reading = (
            self._health_of(s, channel_id=s.resources.channel_id, live=live, at=now) if running else (True, None)
        )
        # Nobody here stopped it (our own stops record STOPPING first, under a claim): MediaLive did.
        held = s.busy is not None and s.busy.alive(now)
        stopped_by_aws = (
            not held
            and s.channel_state is not None
            and s.channel_state.on_air
            and state in (ChannelState.STOPPING, ChannelState.IDLE)
        )

        stale: list[bool] = []

        def observe(x: Session) -> Session:
            if x.changed_since(s):  # changed since AWS was read: this reading may predate it, so it waits
                stale.append(True)
                return x
            seen = x.observed(state=state, ivs_live=live, active=active, switch=switch, at=now)
            if not told:  # the health could not be read this time: what was told stands
                return seen
            return seen.health_noted(*assess(x.health, reading, now=now, where=where(seen)))

        observed = self.store.update(session_id, observe)
        if stale:  # the reading was not applied; the next refresh reads AWS again
            return observed
        if stopped_by_aws:
            return self._after_aws_stop(observed, at=now)
        if not held and observed.channel_on_air_unwanted:
            return self._finish_stop(observed)
        return observed

    def _health_of(self, s: Session, *, channel_id: str, live: bool, at: datetime) -> tuple[bool, Reading | None]:
        """Whether the running channel's health was read, and what it is (the next refresh reads it again)."""
        if self.health is None:
            return False, None
        try:
            return True, self.health.read(s, channel_id=channel_id, ivs_live=live, now=at)
        except ShelcasterError as error:
            log.warning("session %s: could not read the show's health: %s", s.id, error)
            return False, None

    def _finish_stop(self, s: Session) -> Session:
        """A stop that was asked for (or a channel nothing wants) and is not done yet: do it now, under the claim."""

        def check(x: Session) -> None:
            if not x.channel_on_air_unwanted:
                raise Unchanged(messages.ALREADY_STOPPING)

        def work(x: Session) -> Change:
            self.store.update(x.id, lambda y: y.stop_intended())
            self.medialive.stop_channel(self.editor.channel_of(x))
            now = self.clock()
            return (lambda y: y.channel_stopping(now)), messages.OWED_STOP

        try:
            return self.claims.act(s.id, action="stop", actor=BOT_ACTOR, check=check, work=work).session
        except ShelcasterError as error:  # Busy, or AWS refused again: the next refresh tries again
            log.warning("session %s: the owed stop did not go through yet: %s", s.id, error)
            return self.store.require(s.id)

    def _after_aws_stop(self, s: Session, *, at: datetime) -> Session:
        """MediaLive stopped the channel itself: save the take, stop claiming a stream, and tell the crew."""

        def check(x: Session) -> None:
            if x.channel_state is not None and x.channel_state.on_air:
                raise Unchanged(messages.RUNNING_AGAIN)

        def work(x: Session) -> Change:
            saved = self.recording.finish_take(x, actor=AWS_ACTOR) if x.take else None
            notice = messages.STOPPED_BY_AWS
            if saved is not None and x.take:
                notice += " " + self.recording.saved_line(x.take.number, saved)

            def stopped(y: Session) -> Session:
                return y.channel_stopped_by_aws(at, notice)

            return stopped, notice

        try:
            return self.claims.act(s.id, action="aws stop", actor=AWS_ACTOR, check=check, work=work).session
        except Busy:
            return s  # a crew action holds the show; the next refresh finishes this

    def take_notices(self, *, session_id: str, posted: list[str]) -> tuple[Session, list[str]]:
        """Take notices to post where the crew reads them: those of `posted` still stored, removed in one
        conditional write, so two replicas (an event and a follow-up) never post the same line twice."""
        taken: list[str] = []

        def take(x: Session) -> Session:
            taken[:] = [n for n in posted if n in x.notices]  # recomputed if the write is retried
            return x.notices_posted(taken)

        return self.store.update(session_id, take), taken

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
        deadline = self.waits.monotonic() + (timeout or self.settings.wait_timeout_seconds)
        stop = stop or threading.Event()
        last = self.store.require(session_id)
        running_since: float | None = None
        while self.waits.monotonic() < deadline and not stop.is_set():
            now = self.refresh(session_id=session_id)
            if _looks(now) != _looks(last) or now.notices:
                on_change(now)
            last = now
            steady = now.channel_state is None or not now.channel_state.transitional
            if now.channel_state is ChannelState.RUNNING and running_since is None:
                running_since = self.waits.monotonic()
            # Whether video arrives is known within QUIET_SECONDS of RUNNING (an input-loss alert, frames, or
            # neither that long): the crew hears it before `follow` hands the show to the follow-up job.
            health_pending = (
                self.health is not None
                and running_since is not None
                and now.health.video is None
                and self.waits.monotonic() - running_since < HEALTH_GRACE_SECONDS
            )
            if steady and not health_pending and (now.ivs_live or not now.stream_wanted or not now.status.active):
                return now
            self._pause(self.settings.poll_seconds, stop)
        return last

    def _pause(self, seconds: float, stop: threading.Event) -> None:
        """Wait between polls, in short steps so a shutdown (`stop`) is seen within half a second."""
        until = self.waits.monotonic() + seconds
        while not stop.is_set() and (left := until - self.waits.monotonic()) > 0:
            self.waits.sleep(min(left, 0.5))

    def remember_ui(self, *, session_id: str, refs: dict[str, str]) -> Session:
        """Keep the chat surface's references (e.g. where the panel message is) with the session."""
        return self.store.update(session_id, _with_ui(refs))

    def keep(self, *, session_id: str, actor: str, until: datetime) -> Outcome:
        def keep_until(x: Session) -> Session:
            require_ready(x)
            return x.kept_until(until)

        session = self.store.update(session_id, keep_until)
        return Outcome(session, True, messages.KEEPING.format(until=until))


class _ChannelTaken(ShelcasterError):
    """Another show became the chat channel's current one while this one was being created."""


def _looks(s: Session) -> tuple[object, ...]:
    """What `follow` reports a change of: the channel, the stream, the status and whether video arrives."""
    return s.channel_state, s.ivs_live, s.status, s.health.video


def _setting_up(s: Session) -> None:
    if s.status is not SessionStatus.CREATING:
        raise Unchanged(messages.ALREADY_SET_UP)


def _with_ui(refs: dict[str, str]) -> Callable[[Session], Session]:
    return lambda s: s.ui_remembered(refs)
