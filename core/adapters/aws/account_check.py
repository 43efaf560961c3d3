"""What `shelcaster check-aws` reads and removes in AWS beyond what the show's own services call.

An admin runs the check from a shell with their own credentials; the bot never does, so these calls are not part
of the bot's runtime permissions (the deploy policy test leaves this module out, as it does doctor's probes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.adapters.aws.errors import aws_call

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient
    from mypy_boto3_ivs import IVSClient
    from mypy_boto3_medialive import MediaLiveClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

_GONE = frozenset({"NotFoundException"})
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1,000 keys (S3 API reference)
NAMESPACE = "AWS/MediaLive"


@dataclass(frozen=True)
class ScheduledAction:
    name: str
    start: str  # which start setting: immediate, follow (of which action, at which point), fixed (at what time)
    switch_to: str | None


@dataclass(frozen=True)
class ChannelAlert:
    type: str
    message: str
    state: str
    set_at: datetime | None


def _start(settings: Mapping[str, Any]) -> str:
    if "ImmediateModeScheduleActionStartSettings" in settings:
        return "immediate"
    follow = settings.get("FollowModeScheduleActionStartSettings")
    if follow:
        return f"follow {follow.get('FollowPoint', '?')} of {follow.get('ReferenceActionName', '?')}"
    fixed = settings.get("FixedModeScheduleActionStartSettings") or {}
    return f"fixed at {fixed.get('Time', '?')}"


class AccountCheckAws:
    def __init__(
        self,
        *,
        s3: S3Client,
        medialive: MediaLiveClient,
        ivs: IVSClient,
        cloudwatch: CloudWatchClient,
        bucket: str,
    ) -> None:
        self._s3, self._medialive, self._ivs, self._cloudwatch = s3, medialive, ivs, cloudwatch
        self.bucket = bucket

    # the recordings bucket -----------------------------------------------------------------------------
    def upload(self, key: str, body: bytes, *, content_type: str) -> None:
        with aws_call("upload the test clip"):
            self._s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def object_keys(self, prefix: str) -> list[str]:
        with aws_call("list the check's objects"):
            pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
            return [obj["Key"] for page in pages for obj in page.get("Contents", [])]

    def delete_objects(self, keys: Iterable[str]) -> None:
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), _DELETE_BATCH):
            batch: list[ObjectIdentifierTypeDef] = [{"Key": key} for key in wanted[start : start + _DELETE_BATCH]]
            with aws_call("delete the check's objects"):
                self._s3.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})

    # one channel --------------------------------------------------------------------------------------
    def channel_role(self, channel_id: str) -> str | None:
        """The role MediaLive assumes for the channel, as DescribeChannel reports it now."""
        with aws_call("read the channel's role"):
            role = self._medialive.describe_channel(ChannelId=channel_id).get("RoleArn")
        return str(role) if role else None

    def schedule(self, channel_id: str) -> list[ScheduledAction]:
        found = []
        with aws_call("read the channel's schedule"):
            for page in self._medialive.get_paginator("describe_schedule").paginate(ChannelId=channel_id):
                for action in page.get("ScheduleActions", []):
                    switch = action["ScheduleActionSettings"].get("InputSwitchSettings")
                    found.append(
                        ScheduledAction(
                            name=action["ActionName"],
                            start=_start(action["ScheduleActionStartSettings"]),
                            switch_to=switch["InputAttachmentNameReference"] if switch else None,
                        )
                    )
        return found

    def alerts(self, channel_id: str) -> list[ChannelAlert]:
        """Every alert of the channel, set or cleared (none once it is deleted)."""
        found = []
        with aws_call("read the channel's alerts", ok_if=_GONE):
            for page in self._medialive.get_paginator("list_alerts").paginate(ChannelId=channel_id):
                for alert in page.get("Alerts", []):
                    found.append(
                        ChannelAlert(
                            type=str(alert.get("AlertType", "")),
                            message=str(alert.get("Message", "")),
                            state=str(alert.get("State", "")),
                            set_at=alert.get("SetTimestamp"),
                        )
                    )
        return found

    def metric_names(self, channel_id: str) -> list[str]:
        """The AWS/MediaLive metrics CloudWatch holds for the channel (any pipeline)."""
        with aws_call("list the channel's metrics"):
            pages = self._cloudwatch.get_paginator("list_metrics").paginate(
                Namespace=NAMESPACE, Dimensions=[{"Name": "ChannelId", "Value": channel_id}]
            )
            return sorted({m["MetricName"] for page in pages for m in page.get("Metrics", []) if "MetricName" in m})
