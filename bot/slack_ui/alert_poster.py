"""Posts the watchdog's events and the cost alerts where the crew will see them.

A session's events go to its panel's thread (warnings are also shown in the channel); anything without a
session goes to SHELCASTER_ALERT_CHANNEL. When a warning is settled, its buttons are replaced by the
outcome, and the session's panel is redrawn so it shows the channel's true state.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack_ui import alerts
from bot.slack_ui.panel import ControlPanel
from core.clock import Clock
from core.config import WatchdogSettings
from core.domain.session import Session
from core.watchdog.cost_alerts import CostAlert, DailySpend
from core.watchdog.events import EventKind, WatchEvent

log = logging.getLogger(__name__)

_REDRAW = (EventKind.STOPPED, EventKind.DELETED, EventKind.RESOLVED, EventKind.KEPT)


class AlertPoster:
    def __init__(
        self, *, client: WebClient, panel: ControlPanel, alert_channel: str, watchdog: WatchdogSettings, clock: Clock
    ) -> None:
        self._client = client
        self._panel = panel
        self._alert_channel = alert_channel
        self._watchdog = watchdog
        self._clock = clock

    def _where(self, session: Session | None) -> tuple[str, str | None] | None:
        if session is not None and session.ui.get("ts"):
            return session.ui.get("channel", session.chat_channel), session.ui["ts"]
        if self._alert_channel:
            return self._alert_channel, None
        return None

    def _post(self, session: Session | None, text: str, blocks: list[dict[str, Any]] | None = None) -> dict[str, str]:
        where = self._where(session)
        if where is None:
            log.warning("no SHELCASTER_ALERT_CHANNEL set; not posted: %s", text)
            return {}
        channel, thread = where
        args: dict[str, Any] = {"channel": channel, "text": text[:3000], "blocks": blocks}
        if thread:
            args |= {"thread_ts": thread, "reply_broadcast": bool(blocks)}
        reply = self._client.chat_postMessage(**args)
        return {"channel": str(reply["channel"]), "ts": str(reply["ts"])}

    def notify(self, event: WatchEvent) -> Mapping[str, str] | None:
        if event.kind is EventKind.WARNED:
            text, blocks = alerts.warning(event, now=self._clock(), watchdog=self._watchdog)
            return self._post(event.session, text, blocks) or None
        self._post(event.session, alerts.report(event, watchdog=self._watchdog))
        if event.warning_posted and not event.dry_run:  # a dry run's warning keeps its buttons for people
            self._settle(event)
        if event.session is not None and event.session.ui.get("ts") and event.kind in _REDRAW:
            self._panel.update(event.session)
            self._panel.tell_takes_of(event.session.id)  # a take the watchdog's stop or end saved gets its line
        return None

    def _settle(self, event: WatchEvent) -> None:
        """Replace the warning's buttons with what became of it; a deleted warning is left alone."""
        text, blocks = alerts.settled(event)
        posted = event.warning_posted
        try:
            self._client.chat_update(channel=posted["channel"], ts=posted["ts"], text=text, blocks=blocks)
        except (SlackApiError, KeyError):
            log.info("could not settle the watchdog warning for %s", event.resource_id)

    def cost_alert(self, alert: CostAlert) -> None:
        self._post(alert.session, alerts.cost_alert(alert))

    def daily_summary(self, spend: DailySpend) -> None:
        self._post(None, alerts.daily_summary(spend))
