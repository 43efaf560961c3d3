"""The stand-in's Socket Mode, against slack_sdk's own built-in client: what Slack's guide says, as the SDK reads it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from sandbox.slack import SlackStandIn
from sandbox.slack.socket_mode import accept_key

APP_TOKEN = "xapp-sandbox-token"


@pytest.fixture
def client(slack: SlackStandIn) -> Iterator[tuple[SocketModeClient, list[dict[str, Any]]]]:
    """A connected SDK client that acks every envelope, echoing its payload back as the response."""
    seen: list[dict[str, Any]] = []
    sdk = SocketModeClient(app_token=APP_TOKEN, web_client=WebClient(base_url=slack.api_url))

    def on_message(client: Any, message: dict[str, Any], raw: str | None) -> None:
        seen.append(message)

    def on_request(client: SocketModeClient, request: SocketModeRequest) -> None:
        client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload={"echo": request.payload}))

    sdk.message_listeners.append(on_message)
    sdk.socket_mode_request_listeners.append(on_request)
    sdk.connect()
    yield sdk, seen
    sdk.close()


def _until(check: Any, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


def test_connections_open_takes_only_the_app_level_token(slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url).apps_connections_open(app_token="xoxb-sandbox-token")
    assert refused.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as wrong:
        WebClient(base_url=slack.api_url).apps_connections_open(app_token="xapp-someone-else")
    assert wrong.value.response["error"] == "invalid_auth"
    url = WebClient(base_url=slack.api_url).apps_connections_open(app_token=APP_TOKEN)["url"]
    assert url.startswith(f"ws://127.0.0.1:{slack.port}/link/?ticket=")
    with pytest.raises(SlackApiError) as bot_method:
        WebClient(token=APP_TOKEN, base_url=slack.api_url).chat_postMessage(channel="C0MORNING", text="x")
    assert bot_method.value.response["error"] == "not_allowed_token_type"


def test_the_client_is_greeted_and_its_acks_carry_the_response(
    slack: SlackStandIn, client: tuple[SocketModeClient, list[dict[str, Any]]]
) -> None:
    sdk, seen = client
    assert _until(lambda: any(m.get("type") == "hello" for m in seen))
    assert sdk.is_connected() and slack.socket_mode.connections == 1
    ack = slack.socket_mode.deliver("slash_commands", {"command": "/shelcaster", "text": "help"})
    assert ack is not None
    assert ack["payload"] == {"echo": {"command": "/shelcaster", "text": "help"}}
    envelope = next(m for m in seen if m.get("type") == "slash_commands")
    assert envelope["accepts_response_payload"] is True


def test_large_envelopes_and_acks_cross_intact(
    slack: SlackStandIn, client: tuple[SocketModeClient, list[dict[str, Any]]]
) -> None:
    for size in (200, 70_000):  # 16-bit and 64-bit frame lengths, both ways
        payload = {"type": "block_actions", "text": "x" * size}
        ack = slack.socket_mode.deliver("interactive", payload, timeout=10)
        assert ack is not None and ack["payload"]["echo"] == payload


def test_an_envelope_nobody_acks_in_time_is_a_failed_delivery(slack: SlackStandIn) -> None:
    assert slack.socket_mode.deliver("slash_commands", {"text": "anyone?"}, timeout=0.2) is None


def test_a_connection_url_admits_one_connection(slack: SlackStandIn) -> None:
    url = urlsplit(WebClient(base_url=slack.api_url).apps_connections_open(app_token=APP_TOKEN)["url"])

    def handshake() -> bytes:
        with socket.create_connection((url.hostname, url.port), timeout=5) as raw:
            key = "dGhlIHNhbXBsZSBub25jZQ=="
            raw.sendall(
                f"GET {url.path}?{url.query} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
            )
            return raw.recv(4096)

    first = handshake()
    assert first.startswith(b"HTTP/1.1 101")
    assert f"Sec-WebSocket-Accept: {accept_key('dGhlIHNhbXBsZSBub25jZQ==')}".encode() in first
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="  # RFC 6455's own example
    assert handshake().startswith(b"HTTP/1.1 401")


def test_slack_asks_for_a_reconnect_and_the_client_comes_back(
    slack: SlackStandIn, client: tuple[SocketModeClient, list[dict[str, Any]]]
) -> None:
    sdk, _ = client
    assert _until(lambda: slack.socket_mode.connections == 1)
    threading.Thread(target=slack.socket_mode.disconnect, daemon=True).start()
    assert _until(lambda: len(slack.calls("apps.connections.open")) >= 2, timeout=15)
    assert _until(lambda: sdk.is_connected() and slack.socket_mode.connections >= 1, timeout=15)
    assert slack.socket_mode.deliver("slash_commands", {"text": "back"}, timeout=5) is not None
