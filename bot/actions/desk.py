"""What each crew action does, after Slack has been acked: call core, then show the result."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.actions.parsing import duration_minutes, show_name
from bot.slack_ui import messages, views
from bot.slack_ui.panel import ControlPanel
from core.clock import Clock
from core.composition import CoreServices
from core.config import Rates
from core.domain.session import Session
from core.errors import NoSession
from core.show.claims import Outcome

log = logging.getLogger(__name__)

MAX_KEEP_HOURS = 12


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

    @property
    def actor(self) -> str:
        return f"<@{self.user}>"

    def say(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        self.reply(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


class Desk:
    def __init__(
        self,
        *,
        core: CoreServices,
        panel: ControlPanel,
        rates: Rates,
        clock: Clock,
        stopping: threading.Event | None = None,
    ) -> None:
        self.core = core
        self._stopping = stopping
        self._control = core.control
        self.panel = panel
        self._rates = rates
        self._clock = clock

    # helpers -------------------------------------------------------------------------------------------
    def session_for(self, inv: Invocation) -> Session:
        """The session a button names (if still current), else the channel's current one."""
        if inv.session_id:
            session = self._control.get(inv.session_id)
            if not session.status.active:
                raise NoSession(messages.STALE_PANEL.format(command=inv.command))
            return session
        try:
            return self._control.require_current(chat_channel=inv.chat_channel)
        except NoSession:
            raise NoSession(messages.NO_SESSION.format(command=inv.command)) from None

    def publish(self, outcome: Outcome, inv: Invocation) -> Session | None:
        """Show a change on the panel and in the thread; a no-op is only told to the requester."""
        if not outcome.changed:
            inv.say(outcome.message)
            return None
        session = self.panel.update(outcome.session)
        self.panel.thread(session, messages.THREAD_EVENT.format(actor=inv.actor, message=outcome.message))
        return session

    def publish_failure(self, session: Session, text: str) -> None:
        self.panel.thread(self.panel.update(self._control.get(session.id)), text)

    def follow(self, session: Session | None) -> None:
        """Keep the panel true while the channel changes state (nothing to follow after a no-op)."""
        if session is None:
            return

        def changed(now: Session) -> None:
            now = self.panel.update(now)
            line = views.state_line(now)
            if line:
                self.panel.thread(now, line)
            self.panel.post_notices(now)

        final = self._control.follow(session_id=session.id, on_change=changed, stop=self._stopping)
        self.panel.update(final)

    def _ensure_session(self, inv: Invocation) -> Session:
        current = self._control.current(chat_channel=inv.chat_channel)
        if current:
            return current
        return self.new(inv)

    # actions -------------------------------------------------------------------------------------------
    def new(self, inv: Invocation) -> Session:
        name = show_name(inv.rest, default=f"Show of {self._clock():%b %d}")
        outcome = self._control.create_session(chat_channel=inv.chat_channel, show_name=name, actor=inv.actor)
        if not outcome.changed:
            inv.say(outcome.message)
            return outcome.session
        session = self.panel.post(outcome.session)
        self.panel.thread(session, messages.THREAD_EVENT.format(actor=inv.actor, message=outcome.message))
        return session

    def live(self, inv: Invocation, *, restart_ok: bool = False) -> None:
        session = self.session_for(inv) if inv.session_id else self._ensure_session(inv)
        self.follow(
            self.publish(self._control.go_live(session_id=session.id, actor=inv.actor, restart_ok=restart_ok), inv)
        )

    def live_restart(self, inv: Invocation) -> None:
        self.live(inv, restart_ok=True)

    def live_stop(self, inv: Invocation, *, restart_ok: bool = False) -> None:
        session = self.session_for(inv)
        outcome = self._control.stop_stream(session_id=session.id, actor=inv.actor, restart_ok=restart_ok)
        self.follow(self.publish(outcome, inv))

    def live_stop_restart(self, inv: Invocation) -> None:
        self.live_stop(inv, restart_ok=True)

    def record(self, inv: Invocation) -> None:
        session = self.session_for(inv) if inv.session_id else self._ensure_session(inv)
        self.follow(self.publish(self.core.recording.start_take(session_id=session.id, actor=inv.actor), inv))

    def record_stop(self, inv: Invocation) -> None:
        session = self.session_for(inv)
        self.follow(self.publish(self.core.recording.stop_take(session_id=session.id, actor=inv.actor), inv))

    def end(self, inv: Invocation) -> None:
        """Typed `end` asks first; the panel's button has its own confirm dialog."""
        session = self.session_for(inv)
        inv.say(
            messages.CONFIRM_END_PROMPT.format(show=session.show_name),
            blocks=views.confirm_blocks(
                messages.CONFIRM_END_PROMPT.format(show=session.show_name),
                label="End show",
                action="end",
                session=session,
                confirm=views.end_confirm(),
            ),
        )

    def end_confirmed(self, inv: Invocation) -> None:
        session = self.session_for(inv)
        self.publish(self._control.end_session(session_id=session.id, actor=inv.actor), inv)

    def status(self, inv: Invocation) -> None:
        sessions = self._control.sessions(chat_channel=inv.chat_channel)
        current = self._control.current(chat_channel=inv.chat_channel)
        if current:
            current = self._control.refresh(session_id=current.id)
            sessions = [current if s.id == current.id else s for s in sessions]
        inv.say(views.status_lines(sessions, now=self._clock(), rates=self._rates))

    def refresh(self, inv: Invocation) -> None:
        session = self.session_for(inv)
        self.panel.update(self._control.refresh(session_id=session.id))

    def keep(self, inv: Invocation) -> None:
        minutes = duration_minutes(inv.rest) if inv.rest else 60
        if minutes is None or not 0 < minutes <= MAX_KEEP_HOURS * 60:
            inv.say(messages.KEEP_USAGE.format(command=inv.command, max_hours=MAX_KEEP_HOURS))
            return
        session = self.session_for(inv)
        until = self._clock() + timedelta(minutes=minutes)
        self.publish(self._control.keep(session_id=session.id, actor=inv.actor, until=until), inv)
