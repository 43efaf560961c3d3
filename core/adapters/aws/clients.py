"""boto3 clients with botocore's standard retry mode; one place decides endpoints and timeouts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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


@dataclass(frozen=True)
class AwsClients:
    medialive: MediaLiveClient
    ivs: IVSClient
    s3: S3Client
    dynamodb: DynamoDBClient
    cloudwatch: CloudWatchClient
    ssm: SSMClient
    sts: STSClient


def build_clients(settings: CoreSettings, *, max_attempts: int = 4) -> AwsClients:
    config = Config(
        retries={"mode": "standard", "max_attempts": max_attempts},
        connect_timeout=5,
        read_timeout=20,
        max_pool_connections=32,
    )
    session = boto3.session.Session(region_name=settings.aws_region)
    kw = {"config": config, "endpoint_url": settings.aws_endpoint_url}
    return AwsClients(
        medialive=session.client("medialive", **kw),  # type: ignore[call-overload]
        ivs=session.client("ivs", **kw),  # type: ignore[call-overload]
        s3=session.client("s3", **kw),  # type: ignore[call-overload]
        dynamodb=session.client("dynamodb", **kw),  # type: ignore[call-overload]
        cloudwatch=session.client("cloudwatch", **kw),  # type: ignore[call-overload]
        ssm=session.client("ssm", **kw),  # type: ignore[call-overload]
        sts=session.client("sts", **kw),  # type: ignore[call-overload]
    )
