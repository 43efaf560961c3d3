"""Wire the watchdog's services from the core's (used by the bot's composition root, the CLI and the tests)."""

from __future__ import annotations

from dataclasses import dataclass

from core.adapters.aws.clients import AwsClients
from core.adapters.aws.cloudwatch import InputMetrics
from core.adapters.aws.ssm import Secrets
from core.clock import Clock
from core.composition import CoreServices
from core.config import CoreSettings
from core.watchdog.cleanup import Cleanup
from core.watchdog.controls import WatchControls
from core.watchdog.cost_alerts import CostWatch
from core.watchdog.marks import WatchMarks
from core.watchdog.sweeper import InputSignals, Sweeper


@dataclass(frozen=True)
class WatchServices:
    marks: WatchMarks
    watchdog: Sweeper
    controls: WatchControls
    costs: CostWatch


def build_watch_services(
    settings: CoreSettings,
    aws: AwsClients,
    *,
    core: CoreServices,
    clock: Clock,
    signals: InputSignals | None = None,
) -> WatchServices:
    store, medialive, control = core.store, core.medialive, core.control
    marks = WatchMarks(aws.dynamodb, table=settings.table, deployment=settings.deployment, clock=clock)
    cleanup = Cleanup(
        store=store,
        medialive=medialive,
        control=control,
        recording=core.recording,
        resources=core.resources,
    )
    metrics = signals or InputMetrics(aws.cloudwatch, period_seconds=settings.watchdog.metric_period_seconds)
    watchdog = Sweeper(
        settings=settings,
        medialive=medialive,
        ivs=core.ivs,
        secrets=Secrets(aws.ssm),
        store=store,
        marks=marks,
        signals=metrics,
        cleanup=cleanup,
        clock=clock,
        alerts=control.health.alerts if control.health else None,
    )
    controls = WatchControls(
        deployment=settings.deployment,
        store=store,
        marks=marks,
        medialive=medialive,
        control=control,
        cleanup=cleanup,
        clock=clock,
    )
    costs = CostWatch(settings=settings, store=store, medialive=medialive, clock=clock)
    return WatchServices(marks=marks, watchdog=watchdog, controls=controls, costs=costs)
