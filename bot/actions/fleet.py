"""The operator's view: `/shelcaster channels` and the app's Home tab, with Stop and Stop & delete for admins.

Both show every MediaLive channel the account has (core/watchdog/overview.py). The buttons act through the
watchdog's controls, as a warning's buttons do: a live show's channel is stopped or ended the crew's way, its
thread told. A Home tab's click names no chat channel, so these buttons have a listener of their own, registered
here with the Home tab's event.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt import Ack, App, Respond

from bot.actions import watchdog_buttons
from bot.actions.acting import perform
from bot.actions.desk import Desk, Invocation
from bot.actions.roles import Role
from bot.slack_ui import fleet_views, messages
from core.watchdog.overview import Fleet, FleetReader

log = logging.getLogger(__name__)


class Pool(Protocol):
    """The bot's work pool (bot/entry/workpool.py), as these listeners use it."""

    def submit(self, work: Callable[[], None]) -> bool: ...
    def notify(self, notice: Callable[[], object]) -> None: ...


def read_fleet(desk: Desk) -> Fleet:
    core, watch = desk.core, desk.watch
    return FleetReader(
        deployment=core.control.settings.deployment,
        store=core.store,
        medialive=core.medialive,
        marks=watch.marks if watch is not None else None,
        rates=desk.rates,
        clock=desk.clock,
    ).read()


def channels(desk: Desk, inv: Invocation) -> None:
    """`/shelcaster channels` (admins): the overview, only to the person who asked."""
    text, blocks = fleet_views.channels_reply(read_fleet(desk))
    inv.say(text, blocks=blocks)


def _done(desk: Desk, inv: Invocation, what: str) -> None:
    """Tell the admin what became of the click, on the surface they clicked, and redraw every Home tab."""
    note = messages.FLEET_DONE.format(actor=inv.actor, what=what, channel=inv.channel_id)
    if inv.chat_channel:  # the `channels` reply: replaced by a fresh overview that says what was done
        text, blocks = fleet_views.channels_reply(read_fleet(desk), note=note)
        inv.reply(text=text, blocks=blocks, response_type="ephemeral", replace_original=True)
        desk.panel.home.redraw()
    else:
        desk.panel.home.tell(inv.user, note)


def stop(desk: Desk, inv: Invocation) -> None:
    watchdog_buttons.stop_now(desk, inv)
    _done(desk, inv, "stopped")


def stop_and_delete(desk: Desk, inv: Invocation) -> None:
    watchdog_buttons.stop_and_delete(desk, inv)
    _done(desk, inv, "stopped and deleted")


FLEET_BUTTONS = {fleet_views.STOP: ("fleet stop", stop), fleet_views.DELETE: ("fleet stop and delete", stop_and_delete)}


def register(app: App, *, desk: Desk, role_of: Callable[[str], Role], pool: Pool | None) -> None:
    """The Home tab (`app_home_opened`) and the overview's buttons. With a pool (a container) the work runs on
    it after the ack; without one (Lambda) as lazy listeners."""
    desk.panel.home.attach(lambda: read_fleet(desk))

    def home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event.get("user", ""))
        desk.panel.home.opened(user, admin=role_of(user) >= Role.ADMIN)

    def answer(body: dict[str, Any], respond: Respond) -> Callable[..., None]:
        """How to tell the clicker: in the `channels` reply they clicked, or at the top of their Home tab."""
        user, chat = body["user"]["id"], (body.get("channel") or {}).get("id")

        def reply(text: str, **fields: Any) -> None:
            if chat:
                respond(text=text, **fields)
            else:
                desk.panel.home.tell(user, text)

        return reply

    def clicked(body: dict[str, Any], respond: Respond) -> None:
        action = body["actions"][0]
        user = body["user"]["id"]
        name = str(action.get("action_id", "")).removeprefix(fleet_views.FLEET_PREFIX).partition(":")[0]
        chat = str((body.get("channel") or {}).get("id", ""))
        inv = Invocation(
            user=user,
            chat_channel=chat,
            rest="",
            session_id=None,
            reply=answer(body, respond),
            channel_id=str(action.get("value") or ""),
        )
        if role_of(user) < Role.ADMIN:
            inv.say(messages.NOT_ADMIN)
            return
        if name not in FLEET_BUTTONS:
            inv.say(messages.UNKNOWN.format(word=name, command=inv.command))
            return
        what, run = FLEET_BUTTONS[name]
        perform(desk, inv, what=what, run=run)

    def ack_only(ack: Ack) -> None:
        ack()

    buttons = re.compile(f"^{re.escape(fleet_views.FLEET_PREFIX)}")
    if pool is None:
        app.event("app_home_opened")(ack=ack_only, lazy=[home_opened])
        app.action(buttons)(ack=ack_only, lazy=[clicked])
        return

    def home_now(ack: Ack, event: dict[str, Any]) -> None:
        ack()
        if not pool.submit(lambda: home_opened(event)):
            log.warning("the work pool is full: the Home tab is drawn at the next refresh")

    def clicked_now(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        if not pool.submit(lambda: clicked(body, respond)):
            busy = answer(body, respond)
            pool.notify(lambda: busy(messages.BUSY, response_type="ephemeral", replace_original=False))

    app.event("app_home_opened")(home_now)
    app.action(buttons)(clicked_now)
