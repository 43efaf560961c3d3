"""Fixtures for the watchdog: a kit on the sandbox, and a second bot on the Slack stand-in, each scoped to
its own deployment tag so their sweeps never touch other tests' resources."""

from __future__ import annotations

import io
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.entry.config import BotSettings
from bot.entry.http import make_http_server
from bot.entry.runtime import Runtime, build_runtime
from core.adapters.aws.medialive import MediaLive
from core.config import load
from sandbox.aws import AwsSandbox
from sandbox.provision import SandboxAccount
from sandbox.slack import Console
from sandbox.stack import SIGNING_SECRET
from tests.bot.conftest import BotWorld, _channel_ids, channel, world  # noqa: F401 - fixtures for the tests here
from tests.watchdog.kit import QUICK, MovableClock, WatchKit, remove_everything, watch_kit


@pytest.fixture
def wk(account: SandboxAccount, aws_sandbox: AwsSandbox) -> Iterator[WatchKit]:
    kit = watch_kit(account, aws_sandbox)
    yield kit
    aws_sandbox.clear_faults()
    kit.remove_everything()


@dataclass
class WatchBot:
    runtime: Runtime
    world: BotWorld
    url: str
    clock: MovableClock
    alert_channel: str

    def console(self, chat: str, user: str = "U0HOST") -> Console:
        return Console(
            slack=self.world.slack,
            bot_url=self.url,
            signing_secret=SIGNING_SECRET,
            channel=chat,
            user=user,
            out=io.StringIO(),
        )


@pytest.fixture
def bot(world: BotWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[WatchBot]:  # noqa: F811
    """The real bot over HTTP with its own deployment tag, alert channel and a clock the test moves."""
    alert_channel = f"C0TEST{next(_channel_ids):02d}"
    monkeypatch.setenv("SHELCASTER_DEPLOYMENT", f"wd-{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("SHELCASTER_ALERT_CHANNEL", alert_channel)
    world.aws.set_timings(QUICK)
    clock = MovableClock()
    runtime = build_runtime(load(BotSettings), clock=clock)
    server = make_http_server(runtime.app, runtime.health, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield WatchBot(runtime, world, f"http://127.0.0.1:{server.server_port}/slack/events", clock, alert_channel)
    server.shutdown()
    runtime.jobs.lease.release()
    world.aws.clear_faults()
    medialive = MediaLive(runtime.aws.medialive, poll_seconds=0.1, timeout_seconds=30)
    remove_everything(
        control=runtime.control, store=runtime.store, medialive=medialive, deployment=runtime.settings.deployment
    )
