"""One world per contract test: the ports as fakes on a FakeWaits, or as the real adapters on the sandbox."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from core.adapters.aws.ivs import IvsChannel
from core.clock import Clock
from core.config import CoreSettings
from core.domain.channel_spec import (
    IDLE_RUN,
    ChannelPlan,
    channel_request,
    channel_update,
    ivs_channel_request,
    ownership_tags,
    push_input_request,
    resource_name,
    security_group_request,
)
from core.domain.session import ChannelState
from core.errors import ShelcasterError
from core.ports import IvsPort, MediaLivePort, ObjectStorePort, SecretsPort, SessionStorePort, Waits
from core.show.channel_plan import NO_KEY


@dataclass
class Made:
    """What a test created in AWS, removed after it on the sandbox (the fakes are simply dropped)."""

    channels: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    ivs: list[str] = field(default_factory=list)


@dataclass
class World:
    settings: CoreSettings
    store: SessionStorePort
    medialive: MediaLivePort
    ivs: IvsPort
    objects: ObjectStorePort
    secrets: SecretsPort
    waits: Waits  # how time passes: at once for the fakes, in wall time (the sandbox's FAST timings) for real
    clock: Clock  # wall-clock time in step with `waits`
    made: Made = field(default_factory=Made)

    def until(self, check: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = self.waits.monotonic() + timeout
        while not check():
            if self.waits.monotonic() > deadline:
                return False
            self.waits.sleep(0.05)
        return True

    def state(self, channel_id: str) -> ChannelState | None:
        found = self.medialive.describe_channel(channel_id)
        return found.state if found else None


@dataclass(frozen=True)
class Show:
    """An IVS channel, the host's push input and a MediaLive channel made from the core's own requests."""

    session_id: str
    ivs: IvsChannel
    input_id: str
    channel_id: str
    plan: ChannelPlan


def new_show(world: World, *, public: bool = True, run: str = IDLE_RUN) -> Show:
    settings = world.settings
    session_id = uuid.uuid4().hex
    tags = ownership_tags(deployment=settings.deployment, session_id=session_id)
    name = resource_name(session_id, "Contract Show")
    ivs = world.ivs.create_channel(ivs_channel_request(name=name, tags=tags))
    world.made.ivs.append(ivs.arn)
    host = world.medialive.create_input(
        push_input_request(
            session_id=session_id,
            name=name,
            security_group_id=settings.input_security_group_id,
            channel_class=settings.channel_class,
            tags=tags,
        )
    )
    world.made.inputs.append(host.id)
    plan = ChannelPlan(
        session_id=session_id,
        name=name,
        channel_class=settings.channel_class,
        role_arn=settings.medialive_role_arn,
        input_id=host.id,
        ivs_ingest_endpoint=ivs.ingest_endpoint,
        stream_key=world.ivs.stream_key(ivs.stream_key_arn) if public else NO_KEY,
        bucket=settings.recordings_bucket,
        live_prefix=settings.live_prefix,
        segment_seconds=settings.segment_seconds,
        tags=tags,
        public=public,
        run=run,
    )
    channel = world.medialive.create_channel(channel_request(plan))
    world.made.channels.append(channel.id)
    world.medialive.wait("channel_created", "finish creating the channel", ChannelId=channel.id)
    return Show(session_id, ivs, host.id, channel.id, plan)


def new_caller(world: World, show: Show, *, cidrs: list[str], number: int = 1) -> tuple[str, str]:
    """A caller's own input security group and push input, as the core makes them: (group id, input id)."""
    group = world.medialive.create_security_group(security_group_request(cidrs=cidrs, tags=show.plan.tags))
    world.made.groups.append(group)
    caller = world.medialive.create_input(
        push_input_request(
            session_id=show.session_id,
            name=show.plan.name,
            security_group_id=group,
            channel_class=world.settings.channel_class,
            tags=show.plan.tags,
            purpose=f"caller-{number}",
            token=group,
        )
    )
    world.made.inputs.append(caller.id)
    return group, caller.id


def start(world: World, show: Show) -> None:
    world.medialive.start_channel(show.channel_id)
    world.medialive.wait("channel_running", "start the channel", ChannelId=show.channel_id)


def stop(world: World, show: Show) -> None:
    world.medialive.stop_channel(show.channel_id)
    world.medialive.wait("channel_stopped", "stop the channel", ChannelId=show.channel_id)


def edit(world: World, show: Show, **plan: object) -> Show:
    """UpdateChannel with the whole wanted channel, as the core edits it, then wait until it is idle again."""
    changed = replace(show.plan, **plan)  # type: ignore[arg-type]
    world.medialive.update_channel(show.channel_id, **channel_update(changed))
    world.medialive.wait("channel_stopped", "update the channel", ChannelId=show.channel_id)
    return replace(show, plan=changed)


def remove_everything(world: World) -> None:
    """Best effort, in the order AWS allows: channels, then the inputs they held, groups, IVS channels."""
    for channel_id in world.made.channels:
        with contextlib.suppress(ShelcasterError):
            _delete_channel(world, channel_id)
    for input_id in world.made.inputs:
        with contextlib.suppress(ShelcasterError):
            world.medialive.delete_input(input_id)
    for group_id in world.made.groups:
        with contextlib.suppress(ShelcasterError):
            world.medialive.delete_security_group(group_id)
    for arn in world.made.ivs:
        with contextlib.suppress(ShelcasterError):
            world.ivs.delete_channel(arn)


def _delete_channel(world: World, channel_id: str) -> None:
    state = world.state(channel_id)
    if state is not None and state.on_air:
        world.medialive.stop_channel(channel_id)
    world.until(lambda: world.state(channel_id) in (None, ChannelState.IDLE, ChannelState.CREATE_FAILED))
    if world.state(channel_id) is not None:
        world.medialive.delete_channel(channel_id)
    world.medialive.wait_gone("channel_deleted", "delete the channel", ChannelId=channel_id)
