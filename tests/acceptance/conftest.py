"""A check run's world: the session's sandbox account, a table and a deployment of its own, fast timings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import boto3
import pytest

from core.acceptance.composition import build_account_check
from core.acceptance.leftovers import RUN_PREFIX
from core.acceptance.runner import AccountCheck
from core.acceptance.settings import CheckSettings
from core.adapters.dynamodb import table_definition
from core.clock import utc_now
from core.config import CoreSettings
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.ports import RealWaits
from sandbox.aws import AwsSandbox, SandboxTimings
from sandbox.provision import REGION, SandboxAccount

TIMINGS = SandboxTimings(
    create=0.1, start=0.2, stop=0.1, update=0.1, delete=0.1, segment=0.25, ivs_reconnect=0.3, file_seconds=0.3
)
# Short waits: the sandbox is quick; the retry budget is the product's shortest (one retry, 2 s).
CHECK = {
    "retry_seconds": "2",
    "take_seconds": "0.6",
    "live_timeout_seconds": "5",
    "recording_timeout_seconds": "5",
    "switch_timeout_seconds": "5",
    "metrics_timeout_seconds": "5",
    "lease_seconds": "2",
}


@dataclass
class World:
    sandbox: AwsSandbox
    env: dict[str, str]  # everything `shelcaster check-aws` reads from the environment
    settings: CoreSettings
    check: CheckSettings

    def client(self, service: str):  # type: ignore[no-untyped-def]
        return boto3.session.Session(region_name=REGION).client(service, endpoint_url=self.sandbox.url)

    def account_check(self) -> AccountCheck:
        return build_account_check(self.settings, self.check, clock=utc_now, waits=RealWaits())

    def leftovers(self) -> list[str]:
        """Everything any check run of this deployment still has, listed here rather than by the code under test."""
        deployment = self.settings.deployment

        def ours(tags: dict[str, str]) -> bool:
            return tags.get(OWNER_TAG) == deployment and tags.get(SESSION_TAG, "").startswith(RUN_PREFIX)

        ml, ivs, s3, db = (self.client(s) for s in ("medialive", "ivs", "s3", "dynamodb"))
        found = [f"channel {c['Id']}" for c in ml.list_channels()["Channels"] if ours(c.get("Tags", {}))]
        found += [f"input {i['Id']}" for i in ml.list_inputs()["Inputs"] if ours(i.get("Tags", {}))]
        groups = ml.list_input_security_groups()["InputSecurityGroups"]
        found += [f"group {g['Id']}" for g in groups if ours(g.get("Tags", {}))]
        found += [f"ivs {c['arn']}" for c in ivs.list_channels()["channels"] if ours(c.get("tags", {}))]
        for prefix in ("live", "recordings", "tracks"):
            listed = s3.list_objects_v2(Bucket=self.settings.recordings_bucket, Prefix=f"{prefix}/{RUN_PREFIX}")
            found += [f"object {o['Key']}" for o in listed.get("Contents", [])]
        items = db.scan(TableName=self.settings.table)["Items"]
        found += [f"item {i['pk']['S']}" for i in items if RUN_PREFIX in i["pk"]["S"]]
        return found


@pytest.fixture
def world(aws_sandbox: AwsSandbox, account: SandboxAccount, monkeypatch: pytest.MonkeyPatch) -> World:
    aws_sandbox.set_timings(TIMINGS)
    table = f"check-aws-{uuid.uuid4().hex[:8]}"  # its own table: the reports it saves reach no other test
    boto3.session.Session(region_name=REGION).client("dynamodb", endpoint_url=aws_sandbox.url).create_table(
        **table_definition(table)
    )
    env = {
        **account.environment(),
        "SHELCASTER_TABLE": table,
        "SHELCASTER_DEPLOYMENT": f"check-{uuid.uuid4().hex[:8]}",  # no other test's channel is this deployment's
        "SHELCASTER_POLL_SECONDS": "0.1",
        "SHELCASTER_WAIT_TIMEOUT_SECONDS": "20",
        "SHELCASTER_SEGMENT_SECONDS": "1",
        **{f"SHELCASTER_CHECK_{name.upper()}": value for name, value in CHECK.items()},
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return World(aws_sandbox, env, CoreSettings(), CheckSettings())  # type: ignore[call-arg]
