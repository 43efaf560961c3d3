"""Signed Slack requests handed to the Bolt app in process: what `bot/entry/http.py` does, minus the socket.

Bolt's WSGI adapter turns each POST into a `BoltRequest` of the raw body and the headers and calls
`app.dispatch`; so does this. Bolt checks the signature as it would over HTTP, the listeners ack and
leave the work to the bot's pool, and that work reaches the Slack stand-in over HTTP with the real
`WebClient`. Only the inbound leg skips the network.
"""

from __future__ import annotations

import time

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from sandbox.slack.console import Send
from sandbox.slack.payloads import USER_AGENT, slash_body
from sandbox.slack.server import SlackStandIn
from sandbox.stack import SIGNING_SECRET


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, at: float | None = None) -> dict[str, str]:
    """The headers Slack sends with a form body, signed with `secret` at `at` (default: now)."""
    timestamp = str(int(time.time() if at is None else at))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body) or "",
        "User-Agent": USER_AGENT,
    }


def dispatch(app: App, body: str, headers: dict[str, str]) -> BoltResponse:
    """One inbound request, as Bolt's WSGI adapter hands it over (there is no query string on a POST)."""
    return app.dispatch(BoltRequest(body=body, query="", headers=dict(headers)))


def in_process(app: App) -> Send:
    """A Console transport that signs each request as Slack does and dispatches it to `app`."""

    def send(url: str, body: str, *, secret: str, timestamp: int, timeout: float) -> tuple[int, str]:
        del url, timeout  # nothing to address and no socket to wait on
        response = dispatch(app, body, signed_headers(body, secret=secret, at=timestamp))
        return response.status, response.body

    return send


def command_body(slack: SlackStandIn, channel: str, text: str, *, user: str = "U0HOST", trigger: str = "trig-1") -> str:
    """The form Slack posts for `/shelcaster <text>` typed by `user` in `channel`."""
    member = slack.user(user)
    return slash_body(
        team_id=slack.team_id,
        channel=channel,
        channel_name=slack.channel_name(channel),
        user=user,
        user_name=member.name if member else user,
        command="/shelcaster",
        text=text,
        response_url=slack.new_response_url(channel=channel, user=user),
        trigger_id=trigger,
    )
