"""Wire a check run: the product's own services (built as `serve` builds them), plus the check's reads."""

from __future__ import annotations

from core.acceptance.context import RunContext
from core.acceptance.leftovers import RunCleanup
from core.acceptance.report_store import CheckReports
from core.acceptance.runner import AccountCheck
from core.acceptance.settings import CheckSettings, run_settings
from core.adapters.aws.account_check import AccountCheckAws
from core.adapters.aws.clients import build_clients
from core.adapters.aws.cloudwatch import InputMetrics
from core.adapters.aws.s3 import ObjectStore
from core.clock import Clock
from core.composition import build_services
from core.config import CoreSettings
from core.ports import Waits


def describe_target(settings: CoreSettings) -> str:
    where = f"the AWS endpoint {settings.aws_endpoint_url}" if settings.aws_endpoint_url else "AWS"
    return f"{where} in {settings.aws_region} (deployment {settings.deployment})"


def build_account_check(settings: CoreSettings, check: CheckSettings, *, clock: Clock, waits: Waits) -> AccountCheck:
    settings = run_settings(settings, check)
    aws = build_clients(settings)
    core = build_services(settings, aws, clock=clock)
    reads = AccountCheckAws(
        s3=aws.s3, medialive=aws.medialive, ivs=aws.ivs, cloudwatch=aws.cloudwatch, bucket=settings.recordings_bucket
    )
    context = RunContext(
        run_id="",
        settings=settings,
        check=check,
        core=core,
        aws=reads,
        objects=ObjectStore(aws.s3, bucket=settings.recordings_bucket),
        metrics=InputMetrics(aws.cloudwatch, period_seconds=settings.watchdog.metric_period_seconds),
        clock=clock,
        waits=waits,
    )
    return AccountCheck(
        context=context,
        cleanup=RunCleanup(settings=settings, core=core, aws=reads),
        reports=CheckReports(aws.dynamodb, table=settings.table),
        target=describe_target(settings),
    )
