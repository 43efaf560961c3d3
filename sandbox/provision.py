"""Provision a fresh sandbox account the way the deploy template provisions a real one."""

from __future__ import annotations

import json
from dataclasses import dataclass

import boto3

from core.adapters.dynamodb import TTL_ATTRIBUTE, table_definition

REGION = "us-east-1"
ACCESS_KEY = "sandbox"  # the sandbox accepts any credentials; these only satisfy botocore's signer
SECRET_KEY = "sandbox-secret"  # noqa: S105 - not a secret: a fixed dummy for the local sandbox

SAMPLE_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(1024)

_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "medialive.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


@dataclass(frozen=True)
class SandboxAccount:
    endpoint_url: str
    table: str
    bucket: str
    role_arn: str
    input_security_group_id: str

    def environment(self) -> dict[str, str]:
        """Every variable a bot needs to use this account."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "SHELCASTER_TABLE": self.table,
            "SHELCASTER_RECORDINGS_BUCKET": self.bucket,
            "SHELCASTER_MEDIALIVE_ROLE_ARN": self.role_arn,
            "SHELCASTER_INPUT_SECURITY_GROUP_ID": self.input_security_group_id,
        }


def provision(
    endpoint_url: str, *, table: str = "shelcaster", bucket: str = "shelcaster-recordings", live_days: int = 7
) -> SandboxAccount:
    session = boto3.session.Session(region_name=REGION, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    dynamodb = session.client("dynamodb", endpoint_url=endpoint_url)
    dynamodb.create_table(**table_definition(table))
    dynamodb.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
    )
    s3 = session.client("s3", endpoint_url=endpoint_url)
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire-live-buffer",
                    "Status": "Enabled",
                    "Filter": {"Prefix": "live/"},
                    "Expiration": {"Days": live_days},
                }
            ]
        },
    )
    # A short MP4 (its header is what the bot checks) so a tracklist can be tried at once.
    s3.put_object(Bucket=bucket, Key="tracks/sample-jingle.mp4", Body=SAMPLE_MP4, ContentType="video/mp4")
    iam = session.client("iam", endpoint_url=endpoint_url)
    role = iam.create_role(RoleName="ShelcasterMediaLiveRole", AssumeRolePolicyDocument=json.dumps(_TRUST))
    medialive = session.client("medialive", endpoint_url=endpoint_url)
    group = medialive.create_input_security_group(WhitelistRules=[{"Cidr": "0.0.0.0/0"}])
    return SandboxAccount(
        endpoint_url=endpoint_url,
        table=table,
        bucket=bucket,
        role_arn=role["Role"]["Arn"],
        input_security_group_id=group["SecurityGroup"]["Id"],
    )
