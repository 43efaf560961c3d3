"""The `world` fixture: every contract test runs once on the fakes and once on the real adapters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.adapters.aws.clients import AwsClients, build_clients
from core.adapters.aws.ivs import Ivs
from core.adapters.aws.medialive import MediaLive
from core.adapters.aws.s3 import ObjectStore
from core.adapters.aws.ssm import Secrets
from core.adapters.dynamodb import SessionStore
from core.clock import utc_now
from core.config import CoreSettings
from core.ports import RealWaits
from sandbox.provision import SandboxAccount
from tests.contract.world import World, remove_everything
from tests.fakes.world import fake_aws
from tests.kit import FAST, core_settings

WAIT_TIMEOUT = 30.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "wait_timeout(seconds): the MediaLive waiters' timeout in this test's world")


def _timeout(request: pytest.FixtureRequest) -> float:
    marker = request.node.get_closest_marker("wait_timeout")
    return float(marker.args[0]) if marker else WAIT_TIMEOUT


@pytest.fixture(scope="session")
def real_aws(account: SandboxAccount) -> tuple[CoreSettings, AwsClients]:
    """Made once: building boto3 clients costs more than most contract tests."""
    settings = core_settings(account)
    return settings, build_clients(settings)


@pytest.fixture(params=["fake", "real"])
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    timeout = _timeout(request)
    if request.param == "fake":
        fake = fake_aws(timings=FAST, poll_seconds=0.1, timeout_seconds=timeout)
        placeholder = SandboxAccount(
            endpoint_url="http://fake.invalid",
            table="shelcaster",
            bucket=fake.objects.bucket,
            role_arn="arn:aws:iam::123456789012:role/ShelcasterMediaLiveRole",
            input_security_group_id=fake.input_security_group_id,
        )
        yield World(
            settings=core_settings(placeholder),
            store=fake.store,
            medialive=fake.medialive,
            ivs=fake.ivs,
            objects=fake.objects,
            secrets=fake.secrets,
            waits=fake.waits,
            clock=fake.waits.now,
        )
        return
    settings, aws = request.getfixturevalue("real_aws")
    real = World(
        settings=settings,
        store=SessionStore(aws.dynamodb, table=settings.table, clock=utc_now),
        medialive=MediaLive(aws.medialive, poll_seconds=settings.poll_seconds, timeout_seconds=timeout),
        ivs=Ivs(aws.ivs),
        objects=ObjectStore(aws.s3, bucket=settings.recordings_bucket),
        secrets=Secrets(aws.ssm),
        waits=RealWaits(),
        clock=utc_now,
    )
    yield real
    remove_everything(real)
