"""The real bot on the sandbox AWS and the Slack stand-in; each test gets its own Slack channel.

`world.console` reaches the bot over HTTP as Slack does; `world.dispatcher` hands the same signed requests
to the Bolt app in process (tests/bot/dispatch.py); `world.socket_console` delivers them as Socket Mode envelopes.
Either way the bot answers the stand-in over HTTP.
"""

from __future__ import annotations

import io
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from slack_bolt import App

from bot.entry.config import BotSettings
from bot.entry.http import make_http_server
from bot.entry.runtime import Runtime, build_runtime
from core.config import load
from sandbox.aws import AwsSandbox
from sandbox.provision import SandboxAccount
from sandbox.slack import DEFAULT_CHANNELS, Console, SlackStandIn
from sandbox.slack.console import Send
from sandbox.slack.payloads import signed_post
from sandbox.stack import ADMINS, APP_TOKEN, BOT_TOKEN, CREW_GROUP, SIGNING_SECRET
from tests.bot.dispatch import in_process

CHANNELS = {**DEFAULT_CHANNELS, **{f"C0TEST{n:02d}": f"test-{n:02d}" for n in range(60)}}
_channel_ids = itertools.count()


@dataclass
class BotWorld:
    runtime: Runtime
    slack: SlackStandIn
    url: str
    aws: AwsSandbox

    def console(self, channel: str, user: str = "U0HOST") -> Console:
        """A person whose requests reach the bot over HTTP."""
        return self._person(channel, user, self.url, signed_post)

    def dispatcher(self, channel: str, user: str = "U0HOST", *, app: App | None = None) -> Console:
        """A person whose signed requests are dispatched to the Bolt app (or `app`) in process."""
        return self._person(channel, user, "in-process", in_process(app or self.runtime.app))

    def socket_console(self, channel: str, user: str = "U0HOST") -> Console:
        """A person whose requests reach the bot as Socket Mode envelopes (the bot must be connected)."""
        return self._person(channel, user, "socket-mode", self.slack.socket_mode.send)

    def _person(self, channel: str, user: str, url: str, send: Send) -> Console:
        return Console(
            slack=self.slack,
            bot_url=url,
            signing_secret=SIGNING_SECRET,
            channel=channel,
            user=user,
            out=io.StringIO(),
            send=send,
        )


@pytest.fixture(scope="session")
def world(aws_sandbox: AwsSandbox, account: SandboxAccount) -> Iterator[BotWorld]:
    slack = SlackStandIn(bot_token=BOT_TOKEN, app_token=APP_TOKEN, channels=CHANNELS)
    slack.start()
    mp = pytest.MonkeyPatch()
    env = {
        **account.environment(),
        "SLACK_API_URL": slack.api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SHELCASTER_CREW_GROUP": CREW_GROUP,
        "SHELCASTER_ADMIN_USERS": ADMINS,
        "SHELCASTER_POLL_SECONDS": "0.1",
        "SHELCASTER_SEGMENT_SECONDS": "1",
    }
    for key, value in env.items():
        mp.setenv(key, value)
    runtime = build_runtime(load(BotSettings))
    server = make_http_server(runtime.app, runtime.health, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield BotWorld(runtime, slack, f"http://127.0.0.1:{server.server_port}/slack/events", aws_sandbox)
    server.shutdown()
    slack.stop()
    mp.undo()


@pytest.fixture
def channel() -> str:
    return f"C0TEST{next(_channel_ids):02d}"


def open_show(console: Console, name: str) -> None:
    console.slash(f"new {name}")
    assert console.wait_for("Go live", timeout=15), console.render()


def studio_encoder_on(world: BotWorld, channel: str) -> None:
    """The studio's encoder pushes to the show's host input (without one the LIVE line waits for video)."""
    input_id = world.runtime.control.require_current(chat_channel=channel).resources.input_id
    assert input_id
    world.aws.connect_encoder(input_id)


def studio_encoder(world: BotWorld, channel: str) -> Callable[[bool], str]:
    """The script step `encoder on|off` on this bot's sandbox, as `shelcaster demo` offers it."""

    def switch(on: bool) -> str:
        input_id = world.runtime.control.require_current(chat_channel=channel).resources.input_id
        assert input_id
        world.aws.connect_encoder(input_id, connected=on)
        return f"(encoder {'on' if on else 'off'})"

    return switch


def end_show(console: Console) -> None:
    console.slash("end")
    console.click("End show")
    assert console.wait_for("Show ended", timeout=30), console.render()


def replies(console: Console, exchanges: list[tuple[str, str]], *, timeout: float = 15) -> None:
    """Type each command and wait for its expected answer."""
    for command, expected in exchanges:
        console.slash(command)
        assert console.wait_for(expected, timeout=timeout), f"{command!r} did not answer {expected!r}"
