"""Shared fixtures: one sandbox AWS account per test run; each test gets its own chat channel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from core.aws.clients import build_clients
from core.aws.ivs import Ivs
from core.aws.medialive import MediaLive
from core.aws.s3 import ObjectStore
from core.clock import utc_now
from core.control import Control
from core.store import SessionStore
from core.takes import TakeCutter
from sandbox.aws import AwsSandbox
from sandbox.provision import ACCESS_KEY, REGION, SECRET_KEY, SandboxAccount, provision
from tests.kit import FAST, CoreKit, core_settings


@pytest.fixture(scope="session")
def aws_sandbox() -> Iterator[AwsSandbox]:
    mp = pytest.MonkeyPatch()
    mp.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    mp.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    mp.setenv("AWS_REGION", REGION)
    sandbox = AwsSandbox(timings=FAST)
    sandbox.start()
    yield sandbox
    sandbox.stop()
    mp.undo()


@pytest.fixture(scope="session")
def account(aws_sandbox: AwsSandbox) -> SandboxAccount:
    return provision(aws_sandbox.url)


@pytest.fixture(autouse=True)
def _clean_faults(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "aws_sandbox" in request.fixturenames:
        sandbox: AwsSandbox = request.getfixturevalue("aws_sandbox")
        sandbox.clear_faults()
        sandbox.set_timings(FAST)


@pytest.fixture
def kit(account: SandboxAccount) -> CoreKit:
    settings = core_settings(account)
    aws = build_clients(settings)
    store = SessionStore(aws.dynamodb, table=settings.table, clock=utc_now)
    control = Control(
        settings=settings,
        store=store,
        medialive=MediaLive(aws.medialive, poll_seconds=0.1, timeout_seconds=30),
        ivs=Ivs(aws.ivs),
        cutter=TakeCutter(
            objects=ObjectStore(aws.s3, bucket=settings.recordings_bucket),
            live_prefix=settings.live_prefix,
            recordings_prefix=settings.recordings_prefix,
        ),
        clock=utc_now,
    )
    return CoreKit(settings, aws, control, store, chat_channel=f"C{uuid.uuid4().hex[:10].upper()}")
