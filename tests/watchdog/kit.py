"""A watchdog wired to the sandbox with a clock the test moves, scoped to its own deployment tag."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.adapters.aws.clients import AwsClients, build_clients
from core.adapters.aws.medialive import MediaLive
from core.adapters.dynamodb import SessionStore
from core.clock import utc_now
from core.composition import CoreServices, build_services
from core.config import CoreSettings, WatchdogSettings
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.health import AlertKind
from core.domain.session import Session
from core.show.lifecycle import Control
from core.watchdog.composition import WatchServices, build_watch_services
from core.watchdog.events import EventKind, Mode, SweepReport, WatchEvent
from sandbox.aws import AwsSandbox, SandboxTimings
from sandbox.provision import SandboxAccount
from sandbox.raw_channels import create_raw_channel
from tests.kit import core_settings

# Quicker transitions than the suite's default; the shared autouse fixture restores those after each test.
QUICK = SandboxTimings(create=0.05, start=0.15, stop=0.05, update=0.05, delete=0.05, segment=0.5, ivs_reconnect=0.3)


class MovableClock:
    """Real time plus an offset the test moves: the sandbox's AWS keeps real time, the policy reads this one."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utc_now() + self.offset

    def at(self, moment: datetime) -> None:
        self.offset = moment - utc_now()

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@dataclass
class Recorder:
    """A notifier that keeps what it is told; warnings "land" at a made-up message ts."""

    events: list[WatchEvent] = field(default_factory=list)

    def notify(self, event: WatchEvent) -> Mapping[str, str] | None:
        self.events.append(event)
        return {"channel": "C0ALERTS", "ts": f"{len(self.events)}.0"} if event.kind is EventKind.WARNED else None

    def about(self, resource_id: str) -> list[WatchEvent]:
        return [e for e in self.events if e.resource_id == resource_id]

    def kinds(self, resource_id: str) -> list[EventKind]:
        return [e.kind for e in self.about(resource_id)]


@dataclass
class WatchKit:
    settings: CoreSettings
    aws: AwsClients
    core: CoreServices
    watch: WatchServices
    clock: MovableClock
    recorder: Recorder
    sandbox: AwsSandbox
    chat_channel: str
    raw: list[str] = field(default_factory=list)  # channels made outside the bot, removed after the test

    def sweep(self, mode: Mode | None = None) -> SweepReport:
        return self.watch.watchdog.sweep(notifier=self.recorder, mode=mode)

    def new_session(self, name: str = "Forgotten Show") -> Session:
        return self.core.control.create_session(chat_channel=self.chat_channel, show_name=name, actor="host").session

    def live_session(self) -> Session:
        """A show gone live with no encoder connected: the forgotten channel, once MediaLive reports its input
        lost (as it would long before the moved clock's minutes had passed)."""
        session = self.new_session()
        self.core.control.go_live(session_id=session.id, actor="host")
        assert self.wait_state(session.resources.channel_id or "", "RUNNING")
        assert input_lost(self.core.medialive, session.resources.channel_id or "")
        return self.core.store.require(session.id)

    def state(self, channel_id: str) -> str | None:
        found = self.core.medialive.describe_channel(channel_id)
        return found.state.value if found else None

    def wait_state(self, channel_id: str, *states: str | None, timeout: float = 10.0) -> bool:
        return until(lambda: self.state(channel_id) in states, timeout)

    def input_exists(self, input_id: str) -> bool:
        return self.core.medialive.describe_input(input_id) is not None

    def raw_channel(self, *, owner: str | None, session_id: str | None, start: bool = True) -> tuple[str, str]:
        """A channel and input made outside the bot, tagged as asked (None leaves a tag off)."""
        channel_id, input_id = raw_channel(self.aws, self.settings, owner=owner, session_id=session_id, start=start)
        self.raw.append(channel_id)
        return channel_id, input_id

    def remove_everything(self) -> None:
        remove_everything(
            control=self.core.control,
            store=self.core.store,
            medialive=self.core.medialive,
            deployment=self.settings.deployment,
            raw=self.raw,
        )


def remove_everything(
    *, control: Control, store: SessionStore, medialive: MediaLive, deployment: str, raw: Sequence[str] = ()
) -> None:
    """Leave the shared sandbox as found: the deployment's shows, channels and inputs, and the raw channels."""
    mine = [c for c in medialive.list_channels() if c.id in raw or c.tags.get(OWNER_TAG) == deployment]
    for channel in mine:
        session = store.get(channel.tags.get(SESSION_TAG, "")) if channel.tags.get(SESSION_TAG) else None
        if session is not None and session.status.active and channel.tags.get(OWNER_TAG) == deployment:
            control.end_session(session_id=session.id, actor="test")
    mine = [c for c in medialive.list_channels() if c.id in raw or c.tags.get(OWNER_TAG) == deployment]
    inputs = {i for c in mine for i in c.input_ids}
    inputs |= {i.id for i in medialive.list_inputs() if i.tags.get(OWNER_TAG) == deployment}
    for channel in mine:
        if channel.state.on_air:
            medialive.stop_channel(channel.id)
    for channel in mine:
        until(lambda c=channel.id: _state(medialive, c) in ("IDLE", "CREATE_FAILED", "DELETING", None))
        if _state(medialive, channel.id) in ("IDLE", "CREATE_FAILED"):
            medialive.delete_channel(channel.id)
    for channel in mine:
        until(lambda c=channel.id: _state(medialive, c) is None)
    for input_id in inputs:
        medialive.delete_input(input_id)


def _state(medialive: MediaLive, channel_id: str) -> str | None:
    found = medialive.describe_channel(channel_id)
    return found.state.value if found else None


def raw_channel(
    aws: AwsClients, settings: CoreSettings, *, owner: str | None, session_id: str | None, start: bool = True
) -> tuple[str, str]:
    tags = {k: v for k, v in {OWNER_TAG: owner, SESSION_TAG: session_id}.items() if v is not None}
    ml = aws.medialive
    channel_id, input_id = create_raw_channel(
        ml, security_group_id=settings.input_security_group_id, role_arn="arn:aws:iam::123456789012:role/raw", tags=tags
    )
    state = lambda: ml.describe_channel(ChannelId=channel_id)["State"]  # noqa: E731
    assert until(lambda: state() == "IDLE")
    if start:
        ml.start_channel(ChannelId=channel_id)
        assert until(lambda: state() == "RUNNING")
    return channel_id, input_id


def input_lost(medialive: MediaLive, channel_id: str) -> bool:
    """Wait until MediaLive has set the channel's input-loss alert."""
    return until(lambda: any(a.kind is AlertKind.INPUT_LOSS for a in medialive.active_alerts(channel_id)))


def until(check: Callable[[], Any], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return bool(check())


def watch_kit(account: SandboxAccount, sandbox: AwsSandbox, **watchdog: Any) -> WatchKit:
    settings = core_settings(account, deployment=f"wd-{uuid.uuid4().hex[:8]}", watchdog=WatchdogSettings(**watchdog))
    sandbox.set_timings(QUICK)
    clock = MovableClock()
    aws = build_clients(settings)
    core = build_services(settings, aws, clock=clock)
    watch = build_watch_services(settings, aws, core=core, clock=clock)
    chat = f"C{uuid.uuid4().hex[:10].upper()}"
    return WatchKit(settings, aws, core, watch, clock, Recorder(), sandbox, chat)
