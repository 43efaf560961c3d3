"""Keeps control panels true when channels change outside the bot, and running time and cost current.

Every `steady_seconds` it re-reads every live session's channel and redraws panels that changed or are
on air; in between, every tick re-reads only the sessions whose channel is changing state, so a change in
AWS reaches the panel within seconds, and redraws those at least every MOVING_REDRAW so their clocks
("starting… 1:20") move. Sessions busy with a crew action are left to that action's own follow-up.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from bot.slack_ui import messages as ui_messages
from bot.slack_ui.panel import ControlPanel
from core import messages
from core.clock import Clock
from core.config import FollowUpSettings
from core.domain.session import ChannelState, Session, SessionStatus, StreamState
from core.errors import ShelcasterError
from core.ports import SessionStorePort
from core.show.claims import unattended
from core.show.lifecycle import BOT_ACTOR, Control

log = logging.getLogger(__name__)

Look = tuple[ChannelState | None, bool, SessionStatus, StreamState, bool | None, float | None]
MOVING_REDRAW = timedelta(seconds=10)  # a panel whose clock counts a start or a stop is redrawn this often


def look(session: Session) -> Look:
    """What the panel shows that can change without the crew doing anything."""
    health = session.health
    return session.channel_state, session.ivs_live, session.status, session.stream, health.video, health.frame_rate


def moving(session: Session) -> bool:
    """Re-read at every tick: a channel changing state, or one running while no video arrives (the thread says
    within seconds when it does)."""
    state = session.channel_state
    return (
        (state is not None and state.transitional)
        or (state is ChannelState.RUNNING and session.health.video is False)
        or session.stream is StreamState.STARTING
        or session.status in (SessionStatus.CREATING, SessionStatus.ENDING)
    )


def _stalled(session: Session, now: datetime) -> bool:
    """A setup or an end whose worker stopped renewing its claim (or never held one)."""
    return unattended(session, now)


class PanelFollowUp:
    def __init__(
        self,
        *,
        store: SessionStorePort,
        control: Control,
        panel: ControlPanel,
        settings: FollowUpSettings,
        clock: Clock,
    ) -> None:
        self._store = store
        self._control = control
        self._panel = panel
        self._steady = timedelta(seconds=settings.steady_seconds)
        self._clock = clock
        self._watched: dict[str, Session] = {}
        self._drawn: dict[str, datetime] = {}  # when this job last redrew each panel
        self._last_full: datetime | None = None

    def tick(self) -> int:
        """One pass; returns how many panels were redrawn."""
        now = self._clock()
        full = self._last_full is None or now - self._last_full >= self._steady
        if full:
            active = [s for s in self._store.all_sessions() if s.status.active]
            for stalled in [s for s in active if _stalled(s, now)]:
                self._resume(stalled)
            self._watched = {s.id: s for s in active if s.ui.get("ts") and not _stalled(s, now)}
            self._last_full = now
        targets = [s for s in self._watched.values() if full or moving(s)]
        return sum(self._follow(s, now, redraw_on_air=full) for s in targets)

    def follow_now(self, session: Session) -> bool:
        """Re-read one show at once (an AWS event named it) and show what changed; True when redrawn."""
        return self._follow(session, self._clock(), redraw_on_air=False)

    def home_tabs(self) -> int:
        """Redraw the Home tabs this process drew, once a minute, so an open tab does not show an old overview."""
        try:
            return self._panel.home.refresh_due()
        except (ShelcasterError, SlackApiError) as error:
            log.warning("could not redraw the Home tabs: %s", error)
            return 0

    def _resume(self, stalled: Session) -> None:
        """Finish a setup or an end whose worker died, and show it: the panel (posted if the setup never did)."""
        try:
            outcome = self._control.resume(session_id=stalled.id)
            if outcome is None or not outcome.changed:
                return
            session = self._panel.update(outcome.session)
            line = messages.RESUMED.format(message=outcome.message)
            self._panel.thread(session, ui_messages.THREAD_EVENT.format(actor=BOT_ACTOR, message=line))
            self._panel.tell_takes(session)
            log.info(
                "session %s: finished `%s` left by a worker that died", stalled.id, stalled.busy and stalled.busy.action
            )
        except (ShelcasterError, SlackApiError) as error:
            log.warning("resuming session %s failed: %s", stalled.id, error)

    def _follow(self, seen: Session, now: datetime, *, redraw_on_air: bool) -> bool:
        if seen.busy is not None and seen.busy.alive(now):
            return False
        try:
            fresh = self._control.refresh(session_id=seen.id)
            on_air = fresh.channel_state is not None and fresh.channel_state.on_air
            last = self._drawn.get(fresh.id)
            ticking = moving(fresh) and (last is None or now - last >= MOVING_REDRAW)
            redraw = look(fresh) != look(seen) or (redraw_on_air and on_air) or bool(fresh.notices) or ticking
            if redraw:
                fresh = self._panel.update(fresh)
                self._drawn[fresh.id] = now
            fresh = self._panel.post_notices(fresh)
        except (ShelcasterError, SlackApiError) as error:
            log.warning("follow-up of session %s failed: %s", seen.id, error)
            return False
        if fresh.status.active:
            self._watched[fresh.id] = fresh
        else:
            self._watched.pop(fresh.id, None)
            self._drawn.pop(fresh.id, None)
        return redraw
