"""Wire the core services from settings, their ports (AWS adapters or fakes) and a clock."""

from __future__ import annotations

from dataclasses import dataclass

from core.adapters.aws.clients import AwsClients
from core.adapters.aws.cloudwatch import InputMetrics
from core.adapters.aws.ivs import Ivs
from core.adapters.aws.medialive import MediaLive
from core.adapters.aws.s3 import ObjectStore
from core.adapters.aws.ssm import Secrets
from core.adapters.dynamodb import SessionStore
from core.clock import Clock
from core.config import CoreSettings
from core.ports import IvsPort, MediaLivePort, ObjectStorePort, RealWaits, SecretsPort, SessionStorePort, Waits
from core.show.aws_resources import SessionResources
from core.show.channel_edits import ChannelEditor
from core.show.channel_plan import ChannelPlanner
from core.show.claims import Claims
from core.show.health import HealthReader
from core.show.lifecycle import Control
from core.show.platforms import PlatformOutputs
from core.show.recording import Recording
from core.show.sources import ShowSources
from core.show.switching import Switcher
from core.show.takes import TakeCutter


@dataclass(frozen=True)
class CoreServices:
    store: SessionStorePort
    medialive: MediaLivePort
    ivs: IvsPort
    control: Control
    recording: Recording
    claims: Claims
    resources: SessionResources
    sources: ShowSources
    switcher: Switcher
    platforms: PlatformOutputs


def build_services(settings: CoreSettings, aws: AwsClients, *, clock: Clock) -> CoreServices:
    """The core services on AWS (or the sandbox, through its endpoint)."""
    medialive = MediaLive(
        aws.medialive, poll_seconds=settings.poll_seconds, timeout_seconds=settings.wait_timeout_seconds
    )
    ivs = Ivs(aws.ivs)
    frames = InputMetrics(aws.cloudwatch, period_seconds=settings.watchdog.metric_period_seconds)
    return compose(
        settings,
        store=SessionStore(aws.dynamodb, table=settings.table, clock=clock),
        medialive=medialive,
        ivs=ivs,
        health=HealthReader(alerts=medialive, streams=ivs, frames=frames),
        secrets=Secrets(aws.ssm),
        objects=ObjectStore(aws.s3, bucket=settings.recordings_bucket),
        clock=clock,
    )


def compose(
    settings: CoreSettings,
    *,
    store: SessionStorePort,
    medialive: MediaLivePort,
    ivs: IvsPort,
    secrets: SecretsPort,
    objects: ObjectStorePort,
    clock: Clock,
    waits: Waits | None = None,
    heartbeat: bool = True,
    health: HealthReader | None = None,
) -> CoreServices:
    """The core services on any ports: the AWS adapters, or the in-memory fakes the service tests use.

    `heartbeat=False`: held claims are renewed only by `claims.renew_due()` (a manual clock's tests call it as
    time passes) instead of by a thread on real time."""
    waits = waits or RealWaits()
    planner = ChannelPlanner(settings=settings, ivs=ivs, secrets=secrets)
    resources = SessionResources(
        settings=settings,
        store=store,
        medialive=medialive,
        ivs=ivs,
        secrets=secrets,
        planner=planner,
        clock=clock,
        waits=waits,
    )
    editor = ChannelEditor(
        store=store, medialive=medialive, ivs=ivs, secrets=secrets, planner=planner, resources=resources, clock=clock
    )
    claims = Claims(store=store, clock=clock, heartbeat=heartbeat)
    cutter = TakeCutter(objects=objects, live_prefix=settings.live_prefix, recordings_prefix=settings.recordings_prefix)
    recording = Recording(
        settings=settings,
        store=store,
        medialive=medialive,
        cutter=cutter,
        claims=claims,
        resources=resources,
        editor=editor,
        clock=clock,
        waits=waits,
    )
    control = Control(
        settings=settings,
        store=store,
        medialive=medialive,
        ivs=ivs,
        claims=claims,
        resources=resources,
        editor=editor,
        recording=recording,
        clock=clock,
        waits=waits,
        health=health,
    )
    sources = ShowSources(
        settings=settings,
        store=store,
        medialive=medialive,
        objects=objects,
        resources=resources,
        editor=editor,
        claims=claims,
        clock=clock,
    )
    return CoreServices(
        store=store,
        medialive=medialive,
        ivs=ivs,
        control=control,
        recording=recording,
        claims=claims,
        resources=resources,
        sources=sources,
        switcher=Switcher(store=store, medialive=medialive, claims=claims, clock=clock),
        platforms=PlatformOutputs(store=store, secrets=secrets, planner=planner, editor=editor, claims=claims),
    )
