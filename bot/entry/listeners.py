"""Bolt listeners: ack at once on the request, run the action off it, and map errors to replies in one place."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.actions import show_features as show_actions
from bot.actions.commands import BUTTONS, WATCHDOG_BUTTONS, Run, decide
from bot.actions.desk import Desk, Invocation
from bot.actions.roles import Role
from bot.entry.workpool import WorkPool
from bot.slack_ui import messages, platform_modal, views
from core.domain.platform_rules import platform_problems
from core.errors import AwsFailure, ConcurrentUpdate, NeedsConfirmation, ResourceMissing, ShelcasterError
from core.redact import redact

log = logging.getLogger(__name__)

_WORTH_A_THREAD_LINE = (AwsFailure, ResourceMissing, ConcurrentUpdate)


def new_ref() -> str:
    return uuid.uuid4().hex[:8]


def run_safely(run: Run, desk: Desk, inv: Invocation, *, what: str) -> None:
    """The one place where failures become short replies (and thread lines) with a reference id."""
    try:
        run(desk, inv)
    except NeedsConfirmation as ask:
        session = desk.session_for(inv)
        action = ask.confirm_as.replace(" ", "_")
        text = f"{ask} Use the button or `{inv.command} {ask.confirm_as}`."
        inv.say(
            text,
            blocks=views.confirm_blocks(
                text,
                label=messages.CONFIRM_LABELS.get(ask.confirm_as, "Confirm"),
                action=action,
                session=session,
                confirm=views.restart_confirm(),
            ),
        )
    except ShelcasterError as error:
        ref = new_ref()
        log.warning("action failed ref=%s what=%s user=%s: %s", ref, what, inv.user, redact(str(error)))
        inv.say(str(error))
        if isinstance(error, _WORTH_A_THREAD_LINE):
            _thread_failure(desk, inv, what=what, message=str(error), ref=ref)
    except Exception:
        ref = new_ref()
        log.exception("unexpected failure ref=%s what=%s user=%s", ref, what, inv.user)
        inv.say(messages.UNEXPECTED.format(ref=ref))


def _thread_failure(desk: Desk, inv: Invocation, *, what: str, message: str, ref: str) -> None:
    try:
        session = desk.session_for(inv)
        desk.publish_failure(
            session, messages.THREAD_FAILED.format(actor=inv.actor, what=what, message=message, ref=ref)
        )
    except Exception:
        log.warning("could not post the failure of ref=%s to the thread", ref)


def register(
    app: App,
    *,
    desk: Desk,
    role_of: Callable[[str], Role],
    once: Callable[[str], bool],
    command: str,
    pool: WorkPool | None,
) -> None:
    """`once(key)` is True the first time a delivery is seen: duplicates and retries act once.

    With a `pool` (a container), each listener acks on the request thread and hands everything else, the
    duplicate check included, to the pool: an ack never waits for AWS or for other requests' work, and a full
    pool is answered "busy" at once. Without one (Lambda), Bolt runs the rest as lazy listeners after the ack.
    """

    def first_delivery(key: str) -> bool:
        """`once`, except that a store failure must not swallow the request after its "On it…" ack."""
        try:
            return once(key)
        except ShelcasterError as error:
            # Acting twice on a rare Slack retry beats acting never: claims still stop concurrent doubles.
            log.warning("could not record delivery %s (%s); acting on it anyway", key.split(":", 1)[0], error)
            return True

    def ack_command(ack: Ack, body: dict[str, Any]) -> None:
        decision = decide(body.get("text", ""), role=role_of(body["user_id"]), command=command)
        ack(response_type="ephemeral", text=decision.reply)

    def run_command(body: dict[str, Any], respond: Respond) -> None:
        decision = decide(body.get("text", ""), role=role_of(body["user_id"]), command=command)
        sub = decision.subcommand
        if sub is None or sub.run is None:
            return
        if not first_delivery(f"command:{body.get('trigger_id') or body.get('response_url')}"):
            return
        inv = Invocation(
            user=body["user_id"],
            chat_channel=body["channel_id"],
            rest=decision.rest,
            session_id=None,
            reply=respond,
            command=command,
            trigger_id=body.get("trigger_id"),
        )
        run_safely(sub.run, desk, inv, what=sub.name)

    def ack_action(ack: Ack) -> None:
        ack()

    def run_action(body: dict[str, Any], respond: Respond) -> None:
        action = body["actions"][0]
        name = str(action["action_id"]).removeprefix(views.ACTION_PREFIX)
        user = body["user"]["id"]
        # Buttons carry the session in their value; a menu carries it in its block id and the choice as text.
        chosen = (action.get("selected_option") or {}).get("value", "")
        named = action.get("value") or str(action.get("block_id", "")).partition(":")[2] or None
        on_warning = name in WATCHDOG_BUTTONS  # a watchdog warning names a MediaLive channel, not a show
        inv = Invocation(
            user=user,
            chat_channel=body["channel"]["id"],
            rest=chosen,
            session_id=None if on_warning else named,
            reply=respond,
            command=command,
            channel_id=named if on_warning else None,
        )
        if name not in BUTTONS:
            inv.say(messages.UNKNOWN.format(word=name, command=command))
            return
        role, run = BUTTONS[name]
        if role_of(user) < role:
            inv.say(messages.NOT_CREW)
            return
        if not first_delivery(f"action:{body.get('trigger_id')}:{action.get('action_ts')}"):
            return
        run_safely(run, desk, inv, what=name.replace("_", " "))

    def form_errors(view: dict[str, Any]) -> dict[str, str]:
        entry, _ = platform_modal.submitted(view)
        return {platform_modal.FIELDS[f]: m for f, m in platform_problems(entry).items()}

    def ack_form(ack: Ack, errors: dict[str, str]) -> None:
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def ack_platform(ack: Ack, view: dict[str, Any]) -> None:
        ack_form(ack, form_errors(view))

    def run_platform(body: dict[str, Any], view: dict[str, Any]) -> None:
        entry, meta = platform_modal.submitted(view)
        user = body["user"]["id"]
        channel = meta.get("channel", "")
        if platform_problems(entry) or not channel or role_of(user) < Role.CREW:
            return
        if not first_delivery(f"view:{view.get('id')}:{view.get('hash')}"):  # Slack retried the same submission
            return

        def tell(text: str, **_: Any) -> None:
            desk.panel.tell(channel=channel, user=user, text=text)

        inv = Invocation(
            user=user, chat_channel=channel, rest="", session_id=meta.get("session"), reply=tell, command=command
        )
        run_safely(lambda d, i: show_actions.platform_added(d, i, entry), desk, inv, what="platform add")

    actions = re.compile(f"^{re.escape(views.ACTION_PREFIX)}")
    if pool is None:
        app.command(command)(ack=ack_command, lazy=[run_command])
        app.view(platform_modal.CALLBACK_ID)(ack=ack_platform, lazy=[run_platform])
        app.action(actions)(ack=ack_action, lazy=[run_action])
        return

    def command_now(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        decision = decide(body.get("text", ""), role=role_of(body["user_id"]), command=command)
        acts = decision.subcommand is not None and decision.subcommand.run is not None
        if acts and not pool.submit(lambda: run_command(body, respond)):
            ack(response_type="ephemeral", text=messages.BUSY)
            return
        ack(response_type="ephemeral", text=decision.reply)

    def action_now(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()  # Slack shows nothing of a block action's ack body: a busy pool is told through response_url
        if not pool.submit(lambda: run_action(body, respond)):
            pool.notify(lambda: respond(text=messages.BUSY, response_type="ephemeral", replace_original=False))

    def platform_now(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        errors = form_errors(view)
        if not errors and not pool.submit(lambda: run_platform(body, view)):
            errors = {platform_modal.FIELDS["kind"]: messages.BUSY}  # the form stays open with what was typed
        ack_form(ack, errors)

    app.command(command)(command_now)
    app.view(platform_modal.CALLBACK_ID)(platform_now)
    app.action(actions)(action_now)
