"""Shared fixtures: one sandbox AWS account per test run; each test gets its own chat channel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings

from core.adapters.aws.clients import build_clients
from core.clock import utc_now
from core.composition import build_services
from sandbox.aws import AwsSandbox
from sandbox.aws.behaviour import SandboxBehaviour
from sandbox.provision import ACCESS_KEY, REGION, SECRET_KEY, SandboxAccount, provision
from tests.kit import FAST, CoreKit, core_settings

# The same examples on every run: a property failure in CI is reproducible on any machine.
hypothesis_settings.register_profile("deterministic", derandomize=True, deadline=None)
hypothesis_settings.load_profile("deterministic")


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
        sandbox.set_behaviour(SandboxBehaviour())


@pytest.fixture
def kit(account: SandboxAccount) -> CoreKit:
    settings = core_settings(account)
    aws = build_clients(settings)
    services = build_services(settings, aws, clock=utc_now)
    return CoreKit(
        settings,
        aws,
        services.control,
        services.store,
        chat_channel=f"C{uuid.uuid4().hex[:10].upper()}",
        sources=services.sources,
        recording=services.recording,
        switcher=services.switcher,
        platforms=services.platforms,
    )
