"""Console: plays the Slack client, sending a running app the signed requests Slack would send."""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TextIO

from sandbox.slack.model import JSON, SLACKBOT_ID, ApiError, View
from sandbox.slack.payloads import (
    base_payload,
    event_body,
    interaction_body,
    parse_ack,
    select_option,
    signed_post,
    slash_body,
    user_json,
    view_state,
)
from sandbox.slack.render import Button, Screen, paint, paint_home
from sandbox.slack.server import SlackStandIn

ACK_DEADLINE = 3.0  # Slack gives up on an app that has not answered within three seconds


class Send(Protocol):
    """How a signed form body reaches the app: (status, response text), status 0 if unreachable."""

    def __call__(self, url: str, body: str, *, secret: str, timestamp: int, timeout: float) -> tuple[int, str]: ...


class Console:
    """A person in a channel: slash commands, clicks, selects and modal submissions.

    Methods return the app's HTTP status, or 0 when nothing reached it (a cancelled confirm dialog,
    a form Slack's own checks stop, or an unreachable app). Requests go over HTTP to `bot_url` unless
    `send` delivers them some other way (tests hand them to the app in process).
    """

    def __init__(
        self,
        *,
        slack: SlackStandIn,
        bot_url: str,
        signing_secret: str,
        channel: str = "C0MORNING",
        user: str = "U0HOST",
        command: str = "/shelcaster",
        out: TextIO = sys.stdout,
        clock: Callable[[], float] = time.time,
        send: Send = signed_post,
    ) -> None:
        self.slack, self.bot_url, self._send = slack, bot_url, send
        self._secret = signing_secret
        self.channel, self.command, self.out, self.clock = channel, command, out, clock
        self.user = ""
        self.request_timeout = 10.0
        self.ack_deadline = ACK_DEADLINE
        self._modal_errors: dict[str, dict[str, str]] = {}
        self.as_user(user)

    # -- identity ---------------------------------------------------------------------------------
    def as_user(self, user_id: str) -> None:
        """Act as another workspace member, by id ("U0GUEST") or name ("guest")."""
        users = self.slack.state.users.values()
        match = next((u for u in users if user_id in (u.id, u.name, "@" + u.name)), None)
        if match is None:
            raise LookupError(f"no such user {user_id!r}; users: {', '.join(u.name for u in users)}")
        self.user = match.id

    def _name(self, user_id: str) -> str:
        if user_id == SLACKBOT_ID:
            return "Slackbot"
        user = self.slack.user(user_id)
        return user.name if user else user_id

    def _post(self, body: str) -> tuple[int, str, float]:
        started = time.monotonic()
        status, text = self._send(
            self.bot_url, body, secret=self._secret, timestamp=int(self.clock()), timeout=self.request_timeout
        )
        return status, text, time.monotonic() - started

    def _say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    # -- what is on screen ------------------------------------------------------------------------
    def open_views(self) -> list[View]:
        return [v for v in self.slack.views() if v.is_open and v.user == self.user]

    def screen(self) -> Screen:
        views = self.open_views()
        modal = views[-1] if views else None
        return paint(
            channel=self.channel,
            messages=self.slack.messages(self.channel),
            ephemerals=self.slack.ephemerals(self.channel, self.user),
            modal=modal,
            modal_errors=self._modal_errors.get(modal.id, {}) if modal else {},
            user_name=self._name,
            channel_name=self.slack.channel_name,
        )

    def render(self) -> str:
        return self.screen().text

    def buttons(self) -> list[Button]:
        return self.screen().buttons

    def _find(self, ref: int | str) -> Button:
        buttons = self.buttons()
        if isinstance(ref, str) and ref.strip().isdigit():
            ref = int(ref)
        if isinstance(ref, int):
            if 1 <= ref <= len(buttons):
                return buttons[ref - 1]
            raise LookupError(f"no element [{ref}] ({len(buttons)} on screen)")
        wanted = ref.strip().casefold()
        for matches in (
            [b for b in buttons if b.label.casefold() == wanted],
            [b for b in buttons if wanted in b.label.casefold()],
        ):
            if matches:
                return matches[-1]  # the latest: what a person scrolled to
        raise LookupError(f"no element labelled {ref!r}; on screen: {', '.join(b.label for b in buttons)}")

    def wait_for(self, text: str, timeout: float = 30.0, poll: float = 0.1) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if text in self.render():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)

    def settle(self, since: int, *, first: float = 1.5, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Wait for the app's follow-up calls after an action: until some arrive and then stop."""
        start = time.monotonic()
        count, changed = since, start
        while True:
            time.sleep(0.05)
            now, current = time.monotonic(), self.slack.state.call_count()
            if current != count:
                count, changed = current, now
            if now - start > limit or (count == since and now - start > first):
                return
            if count != since and now - changed > quiet:
                return

    # -- the app's Home tab ------------------------------------------------------------------------
    def open_home(self) -> int:
        """Open the app's Home tab: Slack sends the app `app_home_opened` (with the tab's last view, if any)."""
        event: JSON = {
            "type": "app_home_opened",
            "user": self.user,
            "channel": "D" + self.user[1:],
            "tab": "home",
            "event_ts": f"{self.clock():.6f}",
        }
        home = self.slack.state.views.home(self.user)
        if home is not None:
            event["view"] = home.view
        body = event_body(
            team_id=self.slack.team_id,
            event=event,
            event_id=f"Ev{int(self.clock() * 1000)}",
            event_time=int(self.clock()),
        )
        status, _, _ = self._post(body)
        return status

    def home_screen(self) -> Screen:
        return paint_home(
            self.slack.state.views.home(self.user), user_name=self._name, channel_name=self.slack.channel_name
        )

    def home_render(self) -> str:
        return self.home_screen().text

    def wait_for_home(self, text: str, timeout: float = 30.0, poll: float = 0.1) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.home_render():
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)
        return True

    def click_home(self, ref: str, *, value: str | None = None, confirm: bool = True) -> int:
        """Click a button on the Home tab, matched by its label (and its value, e.g. a channel id)."""
        wanted = ref.strip().casefold()
        buttons = [b for b in self.home_screen().buttons if b.kind == "button" and value in (None, b.value)]
        matches = [b for b in buttons if b.label.casefold() == wanted] or [
            b for b in buttons if wanted in b.label.casefold()
        ]
        if not matches:
            raise LookupError(f"no Home tab button labelled {ref!r}; there: {', '.join(b.label for b in buttons)}")
        button = matches[0]
        action: JSON = {"type": "button", "text": copy.deepcopy(button.element.get("text"))}
        for key in ("value", "style"):
            if button.element.get(key) is not None:
                action[key] = button.element[key]
        return self._action(button, action, confirm)

    # -- slash commands ---------------------------------------------------------------------------
    def slash(self, text: str, *, command: str | None = None) -> int:
        command = command or self.command
        response_url = self.slack.new_response_url(channel=self.channel, user=self.user)
        body = slash_body(
            team_id=self.slack.team_id,
            channel=self.channel,
            channel_name=self.slack.channel_name(self.channel),
            user=self.user,
            user_name=self._name(self.user),
            command=command,
            text=text,
            response_url=response_url,
            trigger_id=self.slack.state.views.issue_trigger(self.user),
        )
        status, reply, elapsed = self._post(body)
        error = None if status == 200 else "dispatch_failed"
        error = "operation_timeout" if elapsed > self.ack_deadline else error
        if error:  # what Slack itself shows the user
            message = f'{command} failed with the error "{error}"'
            self.slack.state.post_ephemeral(self.channel, self.user, message, None, sender=SLACKBOT_ID)
        elif (ack := parse_ack(reply)) is not None:
            self._show_inline(response_url, ack)
        return status

    def _show_inline(self, response_url: str, ack: Any) -> None:
        status, result = self.slack.respond_inline(response_url, ack if isinstance(ack, dict) else {})
        if status != 200:
            self._say(f"! Slack rejected the app's reply: {result.get('error')}")

    # -- interactions -----------------------------------------------------------------------------
    def _dialog(self, button: Button, confirm: bool) -> bool:
        dialog = button.confirm or {}

        def text(key: str, default: str) -> str:
            return str((dialog.get(key) or {}).get("text", default))

        self._say(f"? {text('title', 'Are you sure?')}")
        self._say(f"  {text('text', '')}")
        chosen = text("confirm", "Yes") if confirm else text("deny", "Cancel")
        self._say(f"  [{text('confirm', 'Yes')}]  [{text('deny', 'Cancel')}]  -> {chosen}")
        return confirm

    def _action(self, button: Button, action: JSON, confirm: bool) -> int:
        if button.confirm and not self._dialog(button, confirm):
            return 0
        payload = base_payload("block_actions", self._user(), self.slack.team_id, self._trigger())
        action.update(action_id=button.action_id, block_id=button.block_id, action_ts=f"{self.clock():.6f}")
        payload["actions"] = [action]
        payload["state"] = {"values": {}}
        msg, view = button.message, button.view
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.id}
            payload["view"] = view.view
        elif msg is not None:
            payload["container"] = {
                "type": "message",
                "message_ts": msg.ts,
                "channel_id": self.channel,
                "is_ephemeral": msg.ephemeral,
            }
            payload["channel"] = {"id": self.channel, "name": self.slack.channel_name(self.channel)}
            if not msg.ephemeral:  # Slack leaves ephemeral messages out of the payload
                payload["message"] = msg.to_slack()
            payload["response_url"] = self.slack.new_response_url(
                channel=self.channel, user=self.user, message_ts=msg.ts, is_ephemeral=msg.ephemeral
            )
        status, _, _ = self._post(interaction_body(payload))
        if status != 200:
            self._say(f"! the app answered HTTP {status}; Slack shows a warning on the element")
        return status

    def _user(self) -> JSON:
        return user_json(self.user, self._name(self.user), self.slack.team_id)

    def _trigger(self) -> str:
        return self.slack.state.views.issue_trigger(self.user)

    def click(self, ref: int | str, *, confirm: bool = True) -> int:
        button = self._find(ref)
        if button.kind != "button":
            raise ValueError(f"[{button.number}] is a {button.kind}: use select")
        action: JSON = {"type": "button", "text": copy.deepcopy(button.element.get("text"))}
        for key in ("value", "style", "url"):
            if button.element.get(key) is not None:
                action[key] = button.element[key]
        if button.url:
            self._say(f"(opens {button.url})")
        return self._action(button, action, confirm)

    def select(self, ref: int | str, option: str, *, confirm: bool = True) -> int:
        button = self._find(ref)
        if button.kind not in ("static_select", "overflow"):
            raise ValueError(f"[{button.number}] is a {button.kind}: use click")
        action: JSON = {"type": button.kind, "selected_option": select_option(button.element, option)}
        if button.element.get("placeholder"):
            action["placeholder"] = button.element["placeholder"]
        return self._action(button, action, confirm)

    # -- modals -----------------------------------------------------------------------------------
    def submit_view(self, values: Mapping[str, str], view_index: int = -1) -> int:
        """Submit one of this user's open modals (default: the one on top) with values for its inputs."""
        views = self.open_views()
        if not views:
            raise LookupError("no modal is open")
        view = views[view_index]
        state, problems = view_state(view, values)
        if problems:  # Slack's client checks these itself and sends nothing
            for problem in problems:
                self._say(f"! {problem}")
            return 0
        self.slack.state.views.set_values(view.id, state)
        payload = base_payload("view_submission", self._user(), self.slack.team_id, self._trigger())
        payload["view"] = next(v.view for v in self.slack.views() if v.id == view.id)
        payload["response_urls"] = []
        status, reply, _ = self._post(interaction_body(payload))
        if status != 200:
            self._say("! We had some trouble connecting. Try again?")
            return status
        self._after_submission(view, parse_ack(reply))
        return status

    def _after_submission(self, view: View, ack: Any) -> None:
        views = self.slack.state.views
        action = ack.get("response_action") if isinstance(ack, dict) else None
        self._modal_errors.pop(view.id, None)
        try:
            if action == "errors":
                self._modal_errors[view.id] = {str(k): str(v) for k, v in dict(ack.get("errors", {})).items()}
                for block_id, error in self._modal_errors[view.id].items():
                    self._say(f"! {block_id}: {error}")
            elif action == "update":
                views.update(view.id, None, ack.get("view"))
            elif action == "push":
                views.push(self._trigger(), ack.get("view"))
            else:
                views.close(view.id, whole_stack=action == "clear")
        except ApiError as e:
            self._say(f"! Slack rejected the app's response_action: {e.error} {e.extra or ''}".rstrip())
