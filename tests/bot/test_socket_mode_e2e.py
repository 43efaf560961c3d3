"""Socket Mode end to end: the bot dials out to the Slack stand-in (apps.connections.open, then a websocket), and
the crew's commands and clicks reach it as envelopes, acked on the socket as Slack expects."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.entry.socket_mode import SocketConnection
from sandbox.slack import run_script
from sandbox.stack import APP_TOKEN
from tests.bot.conftest import BotWorld, end_show, open_show, studio_encoder
from tests.bot.test_show_end_to_end import STREAM_KEY

SCRIPT = Path(__file__).parents[2] / "sandbox" / "scripts" / "full_show.txt"


@pytest.fixture(scope="module")
def socket(world: BotWorld) -> Iterator[SocketConnection]:
    # A connection another test closed may linger a moment in the stand-in, which (unlike Slack) would still hand it
    # envelopes, round robin: the bot's one connection is the only one open before its first command.
    assert _until(lambda: world.slack.socket_mode.connections == 0)
    connection = SocketConnection(world.runtime.app, app_token=APP_TOKEN)
    connection.connect()
    yield connection
    connection.close()


def _until(check: object, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_the_scripted_show_runs_over_socket_mode(world: BotWorld, socket: SocketConnection, channel: str) -> None:
    console = world.socket_console(channel)
    assert run_script(console, SCRIPT.read_text().splitlines(), encoder=studio_encoder(world, channel)) == 0, (
        console.out.getvalue()[-3000:]
    )  # type: ignore[attr-defined]
    assert not STREAM_KEY.search(json.dumps([c.params for c in world.slack.calls()]))
    assert any(call.ok for call in world.slack.calls("apps.connections.open"))
    assert socket.state() == "ok"  # the whole show went over the one websocket


def test_a_slash_command_is_answered_by_its_ack_on_the_socket(
    world: BotWorld, socket: SocketConnection, channel: str
) -> None:
    host = world.socket_console(channel)
    host.slash("help")  # help is all ack: no work, no response_url
    assert host.wait_for("record stop", timeout=5), host.render()
    guest = world.socket_console(channel, "U0GUEST")
    guest.slash("live")
    assert guest.wait_for("only the show's crew", timeout=5), guest.render()


def test_healthz_reports_the_socket_and_the_bot_reconnects_when_slack_asks(
    world: BotWorld, socket: SocketConnection, channel: str
) -> None:
    runtime = dataclasses.replace(world.runtime, socket_state=socket.state)
    assert runtime.health()["socket"] == "ok"
    opened = len(world.slack.calls("apps.connections.open"))
    world.slack.socket_mode.disconnect("refresh_requested")  # as Slack does every few hours
    assert _until(lambda: len(world.slack.calls("apps.connections.open")) > opened)
    assert _until(lambda: runtime.health()["socket"] == "ok" and world.slack.socket_mode.connections > 0)
    host = world.socket_console(channel)
    open_show(host, "Reconnected Show")
    end_show(host)


def test_healthz_fails_while_the_socket_is_down(world: BotWorld) -> None:
    opened = world.slack.socket_mode.connections
    connection = SocketConnection(world.runtime.app, app_token=APP_TOKEN)
    connection.connect()
    runtime = dataclasses.replace(world.runtime, socket_state=connection.state)
    connection.close()
    report = runtime.health()
    assert report["socket"].startswith("disconnected")
    assert report["ok"] is False
    assert _until(lambda: world.slack.socket_mode.connections == opened)  # the websocket itself is closed too
