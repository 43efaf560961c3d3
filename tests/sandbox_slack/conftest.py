"""Fixtures: a running Slack stand-in, a WebClient on it, and a tiny Bolt app served over HTTP."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from sandbox.slack import Console, SlackStandIn

TOKEN = "xoxb-sandbox-token"
SECRET = "test-signing-secret"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    stand_in = SlackStandIn()
    stand_in.start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(base_url=slack.api_url, token=TOKEN)


def panel_blocks(status: str) -> list[dict[str, Any]]:
    return [
        {"type": "header", "text": {"type": "plain_text", "text": "Morning Show"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Status:* {status}"}},
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": "*Host*\n<@U0HOST>"},
                {"type": "mrkdwn", "text": "*Channel*\n<#C0MORNING>"},
            ],
        },
        {
            "type": "actions",
            "block_id": "controls",
            "elements": [
                {
                    "type": "button",
                    "action_id": "go_live",
                    "text": {"type": "plain_text", "text": "Go live"},
                    "value": "session-1",
                    "style": "primary",
                },
                {
                    "type": "button",
                    "action_id": "end_show",
                    "text": {"type": "plain_text", "text": "End show"},
                    "style": "danger",
                    "confirm": {
                        "title": {"type": "plain_text", "text": "End the show?"},
                        "text": {"type": "mrkdwn", "text": "This stops the stream."},
                        "confirm": {"type": "plain_text", "text": "End it"},
                        "deny": {"type": "plain_text", "text": "Keep going"},
                    },
                },
                {
                    "type": "static_select",
                    "action_id": "quality",
                    "placeholder": {"type": "plain_text", "text": "Quality"},
                    "options": [
                        {"text": {"type": "plain_text", "text": "720p"}, "value": "hd"},
                        {"text": {"type": "plain_text", "text": "1080p"}, "value": "fhd"},
                    ],
                },
            ],
        },
    ]


MODAL = {
    "type": "modal",
    "callback_id": "key_modal",
    "private_metadata": "session-1",
    "title": {"type": "plain_text", "text": "Platform key"},
    "submit": {"type": "plain_text", "text": "Save"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "key_block",
            "label": {"type": "plain_text", "text": "Key name"},
            "element": {"type": "plain_text_input", "action_id": "key_input"},
        },
        {
            "type": "input",
            "block_id": "platform_block",
            "optional": True,
            "label": {"type": "plain_text", "text": "Platform"},
            "element": {
                "type": "static_select",
                "action_id": "platform",
                "options": [
                    {"text": {"type": "plain_text", "text": "YouTube"}, "value": "yt"},
                    {"text": {"type": "plain_text", "text": "Facebook"}, "value": "fb"},
                ],
            },
        },
    ],
}


def build_app(slack: SlackStandIn, received: list[dict[str, Any]]) -> App:
    app = App(token=TOKEN, signing_secret=SECRET, client=WebClient(base_url=slack.api_url, token=TOKEN))

    @app.middleware
    def capture(body: dict[str, Any], next: Any) -> Any:
        received.append(body)
        return next()

    @app.command("/shelcaster")
    def command(ack: Ack, respond: Respond, command: dict[str, Any], client: WebClient) -> None:
        text = command["text"]
        if text == "ping":
            ack("pong")
            return
        if text == "slow":
            time.sleep(0.3)
            ack("too late")
            return
        ack()
        if text == "key":
            client.views_open(trigger_id=command["trigger_id"], view=MODAL)
            return
        respond(f"Starting *{text}*")
        client.chat_postMessage(channel=command["channel_id"], text="Panel", blocks=panel_blocks("IDLE"))

    @app.action("go_live")
    def go_live(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        channel, ts = body["channel"]["id"], body["message"]["ts"]
        client.chat_update(channel=channel, ts=ts, text="Panel", blocks=panel_blocks("LIVE"))
        client.chat_postMessage(channel=channel, thread_ts=ts, text=f"<@{body['user']['id']}> went live")

    @app.action("end_show")
    def end_show(ack: Ack, respond: Respond) -> None:
        ack()
        respond(replace_original=True, text="Show ended")

    @app.action("quality")
    def quality(ack: Ack, respond: Respond, action: dict[str, Any]) -> None:
        ack()
        respond(f"Quality set to {action['selected_option']['text']['text']}")

    @app.view("key_modal")
    def key_modal(ack: Ack, view: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        value = view["state"]["values"]["key_block"]["key_input"]["value"]
        if value == "bad":
            ack(response_action="errors", errors={"key_block": "That key name is taken"})
            return
        ack()
        client.chat_postEphemeral(channel="C0MORNING", user=body["user"]["id"], text=f"Saved key {value}")

    return app


@dataclass
class Bot:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)

    def payloads(self, kind: str) -> list[dict[str, Any]]:
        return [b for b in self.received if b.get("type") == kind or (kind == "command" and "command" in b)]


@pytest.fixture
def bot(slack: SlackStandIn) -> Iterator[Bot]:
    received: list[dict[str, Any]] = []
    handler = SlackRequestHandler(build_app(slack, received))
    server = make_server("127.0.0.1", 0, handler, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield Bot(f"http://127.0.0.1:{server.server_port}/slack/events", received)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def signing_secret() -> str:
    return SECRET


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def console(slack: SlackStandIn, bot: Bot, out: io.StringIO) -> Console:
    return Console(slack=slack, bot_url=bot.url, signing_secret=SECRET, out=out)


def decode_form(body: str) -> dict[str, Any]:
    form = {k: v[0] for k, v in parse_qs(body).items()}
    return json.loads(form["payload"]) if "payload" in form else form
