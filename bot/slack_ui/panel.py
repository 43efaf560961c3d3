"""The control-panel message and its thread: post once, then edit in place; one thread line per event.

Two things the panel remembers with the session's chat references, because only the chat surface needs them:
when it first drew the stream live (the LIVE clock counts from there), and how many saved takes the thread has
told (every take gets its line, however it was saved: `record stop`, `end`, MediaLive stopping, the watchdog).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack_ui import views
from bot.slack_ui.home_tabs import HomeTabs
from core.clock import Clock
from core.config import Rates
from core.domain.session import Session
from core.show.lifecycle import Control

log = logging.getLogger(__name__)

TAKES_TOLD = "takes_told"  # ui key: the highest take number whose line the thread has


class ControlPanel:
    def __init__(self, *, client: WebClient, control: Control, rates: Rates, clock: Clock) -> None:
        self._client = client
        self._control = control
        self._rates = rates
        self._clock = clock
        self._lock = threading.Lock()  # one panel edit at a time keeps edits in order
        self.home = HomeTabs(client=client, clock=clock)  # the operator's overview, beside the shows' panels

    def post(self, session: Session) -> Session:
        """Post the panel for a new session and remember where it is."""
        if session.ui.get("ts"):
            return self.update(session)
        reply = self._client.chat_postMessage(
            channel=session.chat_channel,
            text=views.panel_text(session),
            blocks=views.panel(session, now=self._clock(), rates=self._rates),
        )
        return self._control.remember_ui(
            session_id=session.id, refs={"channel": str(reply["channel"]), "ts": str(reply["ts"])}
        )

    def update(self, session: Session) -> Session:
        ts = session.ui.get("ts")
        if not ts:
            return self.post(session)
        with self._lock:
            try:
                self._client.chat_update(
                    channel=session.ui.get("channel", session.chat_channel),
                    ts=ts,
                    text=views.panel_text(session),
                    blocks=views.panel(session, now=self._clock(), rates=self._rates),
                )
            except SlackApiError as error:
                # A deleted panel must not stop the show: post a fresh one.
                if error.response.get("error") != "message_not_found":
                    raise
                log.info("panel of session %s was deleted; posting a new one", session.id)
                return self.post(session.ui_forgotten())
        return session

    def open_modal(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._client.views_open(trigger_id=trigger_id, view=view)

    def tell(self, *, channel: str, user: str, text: str) -> None:
        """An ephemeral note for one person (where no response_url exists, e.g. after a modal)."""
        self._client.chat_postEphemeral(channel=channel, user=user, text=text[:3000])

    def thread(self, session: Session, text: str) -> None:
        ts = session.ui.get("ts")
        self._client.chat_postMessage(
            channel=session.ui.get("channel", session.chat_channel), thread_ts=ts, text=text[:3000]
        )

    def post_notices(self, session: Session) -> Session:
        """Post what no command told (e.g. MediaLive stopped the channel itself), each once, then forget it.
        Such a notice already names the take it saved, so that take counts as told."""
        if not session.notices:
            return session
        session, taken = self._control.take_notices(session_id=session.id, posted=list(session.notices))
        for notice in taken:  # a health line carries its own emoji (set or cleared)
            self.thread(session, notice if notice.startswith(":") else f":warning: {notice}")
        return self.tell_takes(session, told_already=True) if taken else session

    def tell_takes(self, session: Session, *, told_already: bool = False) -> Session:
        """One thread line per saved take not told yet: its length and where it is. `told_already`: the line
        just posted said it (a `record stop`), so the takes are only counted."""
        told = _number(session.ui.get(TAKES_TOLD))
        new = [take for take in session.takes if take.number > told]
        if not new or not session.ui.get("ts"):
            return session
        if not told_already:
            for take in new:
                self.thread(session, f":floppy_disk: {views.take_line(take)}")
        refs = {TAKES_TOLD: str(max(take.number for take in new))}
        return self._control.remember_ui(session_id=session.id, refs=refs)

    def tell_takes_of(self, session_id: str) -> Session:
        """`tell_takes` on the session as stored now (after a watchdog action, whose event may predate the take)."""
        return self.tell_takes(self._control.get(session_id))


def _number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0
