"""The buttons on a watchdog warning: keep the channel running, stop it now, or stop and delete it.

They run through the same BUTTONS table and listener as the panel's buttons. A warning's buttons name the
MediaLive channel (`Invocation.channel_id`), not a show: the channel may belong to no show at all.
"""

from __future__ import annotations

from datetime import timedelta

from bot.actions.desk import Desk, Invocation
from bot.slack_ui import messages
from bot.slack_ui.alert_poster import AlertPoster
from core.errors import InvalidRequest
from core.watchdog.controls import WatchControls


def _controls(desk: Desk, inv: Invocation) -> tuple[WatchControls, AlertPoster, str]:
    if desk.watch is None or desk.poster is None or not inv.channel_id:
        raise InvalidRequest(messages.WATCH_UNAVAILABLE)
    return desk.watch, desk.poster, inv.channel_id


def keep_running(desk: Desk, inv: Invocation) -> None:
    watch, poster, channel_id = _controls(desk, inv)
    until = desk.clock() + timedelta(minutes=desk.keep_minutes)
    poster.notify(watch.keep(channel_id=channel_id, actor=inv.actor, until=until))


def stop_now(desk: Desk, inv: Invocation) -> None:
    watch, poster, channel_id = _controls(desk, inv)
    poster.notify(watch.stop(channel_id=channel_id, actor=inv.actor))


def stop_and_delete(desk: Desk, inv: Invocation) -> None:
    watch, poster, channel_id = _controls(desk, inv)
    poster.notify(watch.stop_and_delete(channel_id=channel_id, actor=inv.actor))
