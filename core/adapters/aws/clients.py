"""boto3 clients with botocore's standard retry mode; one place decides endpoints and timeouts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import boto3
from botocore.config import Config

from core.config import CoreSettings

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_ivs import IVSClient
    from mypy_boto3_medialive import MediaLiveClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ssm import SSMClient
    from mypy_boto3_sts import STSClient


class CallGate(Protocol):
    """Hooks around every AWS call's steps, for a process that must keep its interpreter free for other work (the
    bot's acks): `enter` as a call or an attempt starts, `working` before Python work on it (building the request,
    parsing the answer), `leave` as an attempt or the call ends. Each returns None, so it changes nothing else."""

    def enter(self, **_: Any) -> None: ...
    def working(self, **_: Any) -> None: ...
    def leave(self, **_: Any) -> None: ...


# botocore's client events (botocore/client.py, botocore/endpoint.py). From before-call on, botocore always ends a
# call with after-call or after-call-error; each attempt starts at before-send (the request built and signed) and is
# judged at needs-retry, whose handlers sleep before the next attempt; before-parse comes once the answer is read.
_GATED = (
    ("before-call", "enter"),
    ("before-call", "working"),
    ("before-send", "enter"),
    ("before-parse", "working"),
    ("needs-retry", "leave"),
    ("after-call", "leave"),
    ("after-call-error", "leave"),
)


def gate_calls(client: Any, gate: CallGate) -> None:
    """Every call of one boto3 client goes through `gate`."""
    for event, hook in _GATED:
        client.meta.events.register(f"{event}.*.*", getattr(gate, hook))


@dataclass(frozen=True)
class AwsClients:
    medialive: MediaLiveClient
    ivs: IVSClient
    s3: S3Client
    dynamodb: DynamoDBClient
    cloudwatch: CloudWatchClient
    ssm: SSMClient
    sts: STSClient


def build_clients(settings: CoreSettings, *, max_attempts: int = 4, gate: CallGate | None = None) -> AwsClients:
    config = Config(
        retries={"mode": "standard", "max_attempts": max_attempts},
        connect_timeout=5,
        read_timeout=20,
        max_pool_connections=32,
    )
    session = boto3.session.Session(region_name=settings.aws_region)
    kw = {"config": config, "endpoint_url": settings.aws_endpoint_url}
    clients = AwsClients(
        medialive=session.client("medialive", **kw),  # type: ignore[call-overload]
        ivs=session.client("ivs", **kw),  # type: ignore[call-overload]
        s3=session.client("s3", **kw),  # type: ignore[call-overload]
        dynamodb=session.client("dynamodb", **kw),  # type: ignore[call-overload]
        cloudwatch=session.client("cloudwatch", **kw),  # type: ignore[call-overload]
        ssm=session.client("ssm", **kw),  # type: ignore[call-overload]
        sts=session.client("sts", **kw),  # type: ignore[call-overload]
    )
    if gate is not None:
        for client in vars(clients).values():
            gate_calls(client, gate)
    return clients


def load_models(clients: AwsClients) -> None:
    """Read every client's paginator and waiter definitions now. botocore parses their JSON on first use, holding
    the interpreter for milliseconds (MediaLive's take ~10 ms): in a server, at its first sweep, in the middle of
    whatever requests it is answering."""
    for client in vars(clients).values():
        client.can_paginate(next(iter(client.meta.method_to_api_mapping)))
        _ = client.waiter_names
