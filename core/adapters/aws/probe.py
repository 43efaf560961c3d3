"""Read-only probes of an account's setup for `shelcaster doctor`.

An admin runs these from a shell; the bot never does, so their calls are not part of the bot's
runtime permissions (the deploy policy test leaves this module out).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.adapters.aws.clients import build_clients
from core.adapters.aws.errors import error_code
from core.config import CoreSettings
from core.redact import redact

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_iam import IAMClient
    from mypy_boto3_ivs import IVSClient
    from mypy_boto3_medialive import MediaLiveClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ssm import SSMClient
    from mypy_boto3_sts import STSClient

T = TypeVar("T")


class ProbeError(Exception):
    """One probe failed; `code` is AWS's error code (or the botocore error's name)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _probe(call: Callable[[], T]) -> T:
    try:
        return call()
    except ClientError as error:
        message = str(error.response.get("Error", {}).get("Message", ""))
        raise ProbeError(error_code(error) or "ClientError", redact(message)[:200]) from None
    except BotoCoreError as error:
        raise ProbeError(type(error).__name__, redact(str(error))[:200]) from None


@dataclass(frozen=True)
class TableFacts:
    hash_key: str
    indexes: frozenset[str]
    ttl_attribute: str | None


@dataclass(frozen=True)
class ExpiryRule:
    prefix: str
    enabled: bool
    days: int | None


@dataclass(frozen=True)
class SecurityGroupFacts:
    state: str
    cidrs: tuple[str, ...]


def role_name(role_arn: str) -> str:
    """`arn:aws:iam::123:role/path/Name` -> `Name` (GetRole takes the name, not the ARN)."""
    return role_arn.rsplit("/", 1)[-1]


class SetupProbe:
    def __init__(
        self,
        *,
        sts: STSClient,
        dynamodb: DynamoDBClient,
        s3: S3Client,
        iam: IAMClient,
        medialive: MediaLiveClient,
        ivs: IVSClient,
        ssm: SSMClient,
    ) -> None:
        self._sts, self._dynamodb, self._s3, self._iam = sts, dynamodb, s3, iam
        self._medialive, self._ivs, self._ssm = medialive, ivs, ssm

    def identity(self) -> str:
        """The caller's ARN: proves credentials work and shows which account they belong to."""
        return _probe(lambda: self._sts.get_caller_identity())["Arn"]

    def table(self, name: str) -> TableFacts:
        described = _probe(lambda: self._dynamodb.describe_table(TableName=name))["Table"]
        ttl = _probe(lambda: self._dynamodb.describe_time_to_live(TableName=name))["TimeToLiveDescription"]
        hash_key = next((k["AttributeName"] for k in described.get("KeySchema", []) if k["KeyType"] == "HASH"), "")
        enabled = ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING")
        return TableFacts(
            hash_key=hash_key,
            indexes=frozenset(i["IndexName"] for i in described.get("GlobalSecondaryIndexes", [])),
            ttl_attribute=ttl.get("AttributeName") if enabled else None,
        )

    def write_and_delete(self, bucket: str, prefix: str) -> str:
        """Put a tiny object under `prefix` and delete it again; returns the key used."""
        key = f"{prefix}probe-{uuid.uuid4().hex[:12]}"
        _probe(lambda: self._s3.put_object(Bucket=bucket, Key=key, Body=b"shelcaster doctor probe"))
        _probe(lambda: self._s3.delete_object(Bucket=bucket, Key=key))
        return key

    def expiry_rules(self, bucket: str) -> list[ExpiryRule]:
        try:
            config = _probe(lambda: self._s3.get_bucket_lifecycle_configuration(Bucket=bucket))
        except ProbeError as error:
            if error.code == "NoSuchLifecycleConfiguration":
                return []
            raise
        rules = []
        for rule in config.get("Rules", []):
            raw_filter: dict[str, Any] = dict(rule.get("Filter") or {})
            prefix = str(raw_filter.get("Prefix") or raw_filter.get("And", {}).get("Prefix") or rule.get("Prefix", ""))
            days = rule.get("Expiration", {}).get("Days")
            rules.append(ExpiryRule(prefix=prefix, enabled=rule.get("Status") == "Enabled", days=days))
        return rules

    def trusted_services(self, role_arn: str) -> frozenset[str]:
        """Services the role's trust policy lets assume it."""
        role = _probe(lambda: self._iam.get_role(RoleName=role_name(role_arn)))["Role"]
        document: Any = role.get("AssumeRolePolicyDocument", {})
        if isinstance(document, str):  # some endpoints return it URL-encoded
            document = json.loads(unquote(document))
        services: set[str] = set()
        for statement in document.get("Statement", []):
            if statement.get("Effect") != "Allow":
                continue
            principal = statement.get("Principal", {}).get("Service", [])
            services.update([principal] if isinstance(principal, str) else principal)
        return frozenset(services)

    def input_security_group(self, group_id: str) -> SecurityGroupFacts:
        group = _probe(lambda: self._medialive.describe_input_security_group(InputSecurityGroupId=group_id))
        return SecurityGroupFacts(
            state=str(group.get("State", "")),
            cidrs=tuple(r["Cidr"] for r in group.get("WhitelistRules", []) if r.get("Cidr")),
        )

    def count_medialive_channels(self) -> int:
        return len(_probe(lambda: self._medialive.list_channels(MaxResults=20)).get("Channels", []))

    def count_ivs_channels(self) -> int:
        return len(_probe(lambda: self._ivs.list_channels(maxResults=20)).get("channels", []))

    def count_parameters(self, path: str) -> int:
        found = _probe(
            lambda: self._ssm.describe_parameters(
                ParameterFilters=[{"Key": "Path", "Option": "Recursive", "Values": [path]}], MaxResults=10
            )
        )
        return len(found.get("Parameters", []))


def build_probe(settings: CoreSettings) -> SetupProbe:
    """Clients that give up quickly: a doctor run should report, not hang on retries."""
    aws = build_clients(settings, max_attempts=2)
    config = Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=5, read_timeout=10)
    session = boto3.session.Session(region_name=settings.aws_region)
    iam: IAMClient = session.client("iam", config=config, endpoint_url=settings.aws_endpoint_url)
    return SetupProbe(
        sts=aws.sts, dynamodb=aws.dynamodb, s3=aws.s3, iam=iam, medialive=aws.medialive, ivs=aws.ivs, ssm=aws.ssm
    )
