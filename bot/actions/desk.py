"""The desk every crew action works at, after Slack has been acked: find the show, call core, show the result."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.actions.parsing import planned_show, show_name
from bot.actions.running import PanelTicker, RunningAction
from bot.slack_ui import messages, views
from bot.slack_ui.alert_poster import AlertPoster
from bot.slack_ui.panel import ControlPanel
from core.clock import Clock
from core.composition import CoreServices
from core.config import Rates
from core.domain.session import Session
from core.errors import NoSession
from core.show.claims import Outcome, unattended
from core.show.lifecycle import Control
from core.watchdog.controls import WatchControls

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invocation:
    """One crew request, whether typed or clicked."""

    user: str
    chat_channel: str
    rest: str  # free text after the subcommand
    session_id: str | None  # set when a panel button names its session
    reply: Callable[..., Any]  # ephemeral reply to the requester (Bolt's respond)
    command: str = "/shelcaster"
    trigger_id: str | None = None  # lets a request open a modal
    channel_id: str | None = None  # the MediaLive channel a watchdog warning's button names

    @property
    def actor(self) -> str:
        return f"<@{self.user}>"

    def say(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        self.reply(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


@dataclass
class Desk:
    """What every crew action needs: the core services, the panel, and (in the running bot) the watchdog's
    controls for its warning buttons. The actions themselves are plain functions in `bot/actions/*`."""

    core: CoreServices
    panel: ControlPanel
    rates: Rates
    clock: Clock
    stopping: threading.Event | None = None
    watch: WatchControls | None = None
    poster: AlertPoster | None = None
    keep_minutes: int = 60
    first_tick_seconds: float = 1.0  # a held show's panel is first redrawn this soon after the click…
    tick_seconds: float = 5.0  # …then this often, until the action's result is drawn
    _running: dict[int, RunningAction] = field(default_factory=dict, init=False, repr=False)
    _running_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _told: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # last state line per show

    @property
    def control(self) -> Control:
        return self.core.control

    # an action while it runs ---------------------------------------------------------------------------
    def begin(self, inv: Invocation) -> RunningAction:
        """Track `inv` while it runs, its panel redrawn by a ticker (see bot/actions/running.py)."""
        running = RunningAction()
        if self.tick_seconds > 0:
            redraw = lambda: self._redraw_held(inv)  # noqa: E731
            running.ticker = PanelTicker(redraw, first=self.first_tick_seconds, every=self.tick_seconds)
            running.ticker.start()
        with self._running_lock:
            self._running[id(inv)] = running
        return running

    def finish(self, inv: Invocation) -> RunningAction:
        with self._running_lock:
            running = self._running.pop(id(inv), None) or RunningAction()
        running.settle()
        return running

    def _noted(self, inv: Invocation, session: Session, outcome: str) -> None:
        """Remember what `inv` came to, for its log line, and stop its ticker: the result is drawn next."""
        with self._running_lock:
            running = self._running.get(id(inv))
        if running is not None:
            running.session_id, running.outcome = session.id, outcome
            running.settle()

    def _redraw_held(self, inv: Invocation) -> None:
        """Redraw the show `inv` acts on while an action holds it and its panel exists."""
        if inv.session_id:
            session: Session | None = self.control.get(inv.session_id)
        else:
            session = self.control.current(chat_channel=inv.chat_channel)
        if session is None or not session.ui.get("ts") or session.busy is None or not session.busy.alive(self.clock()):
            return
        self.panel.update(session)

    # helpers -------------------------------------------------------------------------------------------
    def session_for(self, inv: Invocation) -> Session:
        """The session a button names (if still current), else the channel's current one."""
        if inv.session_id:
            session = self.control.get(inv.session_id)
            if session.chat_channel != inv.chat_channel:  # a forged or misrouted click acts on no other show
                raise NoSession(messages.OTHER_CHANNEL.format(command=inv.command))
            if not session.status.active:
                raise NoSession(messages.STALE_PANEL.format(command=inv.command))
            return self._set_up(session, inv)
        try:
            return self._set_up(self.control.require_current(chat_channel=inv.chat_channel), inv)
        except NoSession:
            raise NoSession(messages.NO_SESSION.format(command=inv.command)) from None

    def _set_up(self, session: Session, inv: Invocation) -> Session:
        """A show whose setup or end lost its worker (its claim no longer renewed) is finished now, so it
        never stays CREATING or ENDING."""
        if not unattended(session, self.clock()):
            return session
        outcome = self.control.resume(session_id=session.id)
        if outcome is None:
            return session
        return self.publish(outcome, inv) or outcome.session  # posts the panel if the dead setup never did

    def publish(self, outcome: Outcome, inv: Invocation, *, takes_told: bool = False) -> Session | None:
        """Show a change on the panel and in the thread, with a line for each take it saved (`takes_told`: the
        message itself names them); a no-op is only told to the requester."""
        self._noted(inv, outcome.session, "done" if outcome.changed else "no change")
        if not outcome.changed:
            inv.say(outcome.message)
            return None
        session = self.panel.update(outcome.session)
        self.panel.thread(session, messages.THREAD_EVENT.format(actor=inv.actor, message=outcome.message))
        return self.panel.tell_takes(session, told_already=takes_told)

    def publish_failure(self, session: Session, text: str) -> None:
        self.panel.thread(self.panel.update(self.control.get(session.id)), text)

    def follow(self, session: Session | None) -> None:
        """Keep the panel true while the channel changes state (nothing to follow after a no-op)."""
        if session is None:
            return

        def changed(now: Session) -> None:
            now = self.panel.update(now)
            line = views.state_line(now)
            if line and self._first_telling(now.id, line):
                self.panel.thread(now, line)
            self.panel.post_notices(now)

        # Between changes the panel's clocks ("starting… 1:20") still move: redrawn from the store every tick.
        ticker = None
        if self.tick_seconds > 0:
            ticker = PanelTicker(
                lambda: self._redraw(session.id), first=self.first_tick_seconds, every=self.tick_seconds
            )
            ticker.start()
        try:
            final = self.control.follow(session_id=session.id, on_change=changed, stop=self.stopping)
        finally:
            if ticker is not None:
                ticker.stop()
        self.panel.update(final)

    def _first_telling(self, session_id: str, line: str) -> bool:
        """Two actions following one show (a Record clicked while Go live is still starting) see the same change:
        its line is told once."""
        with self._running_lock:
            if self._told.get(session_id) == line:
                return False
            self._told[session_id] = line
            return True

    def _redraw(self, session_id: str) -> None:
        session = self.control.get(session_id)
        if session.status.active and session.ui.get("ts"):
            self.panel.update(session)

    def new_show(self, inv: Invocation) -> Session:
        text, planned = planned_show(inv.rest)
        name = show_name(text, default=f"{self.clock():%b %d} show")
        outcome = self.control.create_session(
            chat_channel=inv.chat_channel, show_name=name, actor=inv.actor, planned_minutes=planned
        )
        self._noted(inv, outcome.session, "done" if outcome.changed else "no change")
        if not outcome.changed:
            inv.say(outcome.message)
            return outcome.session
        session = self.panel.post(outcome.session)
        self.panel.thread(session, messages.THREAD_EVENT.format(actor=inv.actor, message=outcome.message))
        return session

    def show_for(self, inv: Invocation) -> Session:
        """The named or current show; `live` and `record` set one up first when there is none."""
        if inv.session_id:
            return self.session_for(inv)
        current = self.control.current(chat_channel=inv.chat_channel)
        return self._set_up(current, inv) if current else self.new_show(inv)
