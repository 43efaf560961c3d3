"""The real bot over HTTP, on the sandbox AWS and the Slack stand-in; each test gets its own Slack channel."""

from __future__ import annotations

import io
import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.entry.config import BotSettings
from bot.entry.http import make_http_server
from bot.entry.runtime import Runtime, build_runtime
from core.config import load
from sandbox.aws import AwsSandbox
from sandbox.provision import SandboxAccount
from sandbox.slack import DEFAULT_CHANNELS, Console, SlackStandIn
from sandbox.stack import ADMINS, BOT_TOKEN, CREW_GROUP, SIGNING_SECRET

CHANNELS = {**DEFAULT_CHANNELS, **{f"C0TEST{n:02d}": f"test-{n:02d}" for n in range(60)}}
_channel_ids = itertools.count()


@dataclass
class BotWorld:
    runtime: Runtime
    slack: SlackStandIn
    url: str
    aws: AwsSandbox

    def console(self, channel: str, user: str = "U0HOST") -> Console:
        return Console(
            slack=self.slack,
            bot_url=self.url,
            signing_secret=SIGNING_SECRET,
            channel=channel,
            user=user,
            out=io.StringIO(),
        )


@pytest.fixture(scope="session")
def world(aws_sandbox: AwsSandbox, account: SandboxAccount) -> Iterator[BotWorld]:
    slack = SlackStandIn(bot_token=BOT_TOKEN, channels=CHANNELS)
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


def end_show(console: Console) -> None:
    console.slash("end")
    console.click("End show")
    assert console.wait_for("Show ended", timeout=30), console.render()


def replies(console: Console, exchanges: list[tuple[str, str]], *, timeout: float = 15) -> None:
    """Type each command and wait for its expected answer."""
    for command, expected in exchanges:
        console.slash(command)
        assert console.wait_for(expected, timeout=timeout), f"{command!r} did not answer {expected!r}"
