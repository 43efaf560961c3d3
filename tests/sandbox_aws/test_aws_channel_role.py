"""UpdateChannel without RoleArn removes the role, and a channel without a role writes nothing to S3."""

from __future__ import annotations

import time


def _keys(aws, bucket: str) -> list[str]:
    return [o["Key"] for o in aws.s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_update_without_role_arn_removes_the_role(aws):
    channel = aws.channel()
    aws.ml.update_channel(ChannelId=channel["Id"], Name="renamed")
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    described = aws.ml.describe_channel(ChannelId=channel["Id"])
    assert described["Name"] == "renamed"
    assert "RoleArn" not in described


def test_update_with_role_arn_keeps_it(aws):
    channel = aws.channel()
    aws.ml.update_channel(ChannelId=channel["Id"], Name="renamed", RoleArn=channel["RoleArn"])
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    assert aws.ml.describe_channel(ChannelId=channel["Id"])["RoleArn"] == channel["RoleArn"]


def test_channel_without_role_writes_nothing_to_s3_and_raises_an_alert(aws, until):
    bucket = aws.bucket()
    channel = aws.channel(hls_url=f"s3ssl://{bucket}/live/main")
    aws.ml.update_channel(ChannelId=channel["Id"], Name="no-role")
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    aws.running(channel["Id"])
    until(lambda: "S3 Access Denied" in aws.alert_types(channel["Id"]))
    time.sleep(5 * aws.sandbox.timings.segment)
    assert _keys(aws, bucket) == []
    aws.ml.stop_channel(ChannelId=channel["Id"])
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    assert "S3 Access Denied" in aws.alert_types(channel["Id"], "CLEARED")


def test_channel_with_role_writes_and_raises_no_alert(aws, until):
    bucket = aws.bucket()
    channel = aws.channel(hls_url=f"s3ssl://{bucket}/live/main")
    aws.running(channel["Id"])
    until(lambda: any(k.endswith(".ts") for k in _keys(aws, bucket)))
    assert "S3 Access Denied" not in aws.alert_types(channel["Id"])
