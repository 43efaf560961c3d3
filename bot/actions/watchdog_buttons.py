"""The buttons on a watchdog warning: keep the channel running, stop it now, or stop and delete it.

They run through the same BUTTONS table and listener as the panel's buttons, on a desk that also knows the
watchdog's controls. A warning's buttons carry the MediaLive channel id as their value, which the listener
hands over as the invocation's `session_id`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.actions.desk import Desk, Invocation
from bot.slack_ui import messages
from bot.slack_ui.alert_poster import AlertPoster
from core.clock import Clock
from core.errors import InvalidRequest
from core.watchdog.controls import WatchControls


class WatchDesk(Desk):
    """The crew's desk plus the watchdog warning's buttons."""

    def __init__(
        self, *, watch: WatchControls, poster: AlertPoster, keep_minutes: int, clock: Clock, **desk: Any
    ) -> None:
        super().__init__(clock=clock, **desk)
        self._watch = watch
        self._poster = poster
        self._keep = timedelta(minutes=keep_minutes)
        self._now = clock

    def watch_keep(self, inv: Invocation) -> None:
        until = self._now() + self._keep
        self._poster.notify(self._watch.keep(channel_id=_channel_of(inv), actor=inv.actor, until=until))

    def watch_stop(self, inv: Invocation) -> None:
        self._poster.notify(self._watch.stop(channel_id=_channel_of(inv), actor=inv.actor))

    def watch_delete(self, inv: Invocation) -> None:
        self._poster.notify(self._watch.stop_and_delete(channel_id=_channel_of(inv), actor=inv.actor))


def _channel_of(inv: Invocation) -> str:
    if not inv.session_id:
        raise InvalidRequest(messages.WATCH_UNAVAILABLE)
    return inv.session_id


def _watch_desk(desk: Desk) -> WatchDesk:
    if isinstance(desk, WatchDesk):
        return desk
    raise InvalidRequest(messages.WATCH_UNAVAILABLE)


def keep_running(desk: Desk, inv: Invocation) -> None:
    _watch_desk(desk).watch_keep(inv)


def stop_now(desk: Desk, inv: Invocation) -> None:
    _watch_desk(desk).watch_stop(inv)


def stop_and_delete(desk: Desk, inv: Invocation) -> None:
    _watch_desk(desk).watch_delete(inv)
