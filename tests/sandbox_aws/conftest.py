"""Fixtures for the AWS sandbox's own tests: a fresh sandbox per test, boto3 clients, small builders."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.config import Config

from sandbox.aws import AwsSandbox, SandboxTimings

TINY = SandboxTimings(
    create=0.05, start=0.1, stop=0.05, update=0.05, delete=0.05, segment=0.1, ivs_reconnect=0.3, deleted_visible=1.0
)
FAST_WAIT = {"Delay": 0.05, "MaxAttempts": 100}


@pytest.fixture(scope="session")
def boto_session() -> boto3.Session:
    # One session for the whole run, so service models are loaded once.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")


@dataclass
class Aws:
    sandbox: AwsSandbox
    session: boto3.Session
    wait: dict[str, Any] = field(default_factory=lambda: dict(FAST_WAIT))  # WaiterConfig for tiny timings

    def client(self, service: str, **config: Any) -> Any:
        return self.session.client(
            service,  # type: ignore[call-overload]
            endpoint_url=self.sandbox.url,
            config=Config(retries={"mode": "standard"}, **config),  # 3 attempts in all
        )

    def __post_init__(self) -> None:
        self.ml = self.client("medialive")
        self.ivs = self.client("ivs")
        self.s3 = self.client("s3")
        self.cw = self.client("cloudwatch")

    # --- builders ----------------------------------------------------------------------------------

    def security_group(self) -> str:
        group = self.ml.create_input_security_group(WhitelistRules=[{"Cidr": "0.0.0.0/0"}])
        return str(group["SecurityGroup"]["Id"])

    def push_input(self, streams: int = 2, **extra: Any) -> dict[str, Any]:
        destinations = [{"StreamName": f"live/{uuid.uuid4().hex[:6]}"} for _ in range(streams)]
        args = {"Name": "cam", "Type": "RTMP_PUSH", "InputSecurityGroups": [self.security_group()], **extra}
        result: dict[str, Any] = self.ml.create_input(Destinations=destinations, **args)["Input"]
        return result

    def file_input(self) -> dict[str, Any]:
        result: dict[str, Any] = self.ml.create_input(
            Name="loop", Type="MP4_FILE", Sources=[{"Url": "s3ssl://media/loop.mp4"}]
        )["Input"]
        return result

    def bucket(self) -> str:
        name = f"rec-{uuid.uuid4().hex[:12]}"
        self.s3.create_bucket(Bucket=name)
        return name

    def channel_args(
        self,
        inputs: list[dict[str, Any]],
        *,
        hls_url: str | None = None,
        mode: str = "VOD",
        rtmp: tuple[str, str] | None = None,
        channel_class: str = "SINGLE_PIPELINE",
        prepare: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """CreateChannel arguments: an HLS group to ``hls_url`` and/or an RTMP output to (url, key).

        ``prepare`` enables the channel's InputPrepareScheduleActions feature.
        """
        count = 1 if channel_class == "SINGLE_PIPELINE" else 2
        destinations: list[dict[str, Any]] = []
        groups: list[dict[str, Any]] = []
        video = [{"Name": "v720", "Width": 1280, "Height": 720}]
        if hls_url:
            destinations.append({"Id": "rec", "Settings": [{"Url": hls_url}] * count})
            hls = {"Destination": {"DestinationRefId": "rec"}, "Mode": mode, "ProgramDateTime": "INCLUDE"}
            output = {
                "HlsOutputSettings": {
                    "NameModifier": "_720p",
                    "HlsSettings": {"StandardHlsSettings": {"M3u8Settings": {}}},
                }
            }
            groups.append(
                {
                    "Name": "rec",
                    "OutputGroupSettings": {"HlsGroupSettings": hls},
                    "Outputs": [{"OutputName": "720p", "VideoDescriptionName": "v720", "OutputSettings": output}],
                }
            )
        if rtmp:
            destinations.append({"Id": "ivs", "Settings": [{"Url": rtmp[0], "StreamName": rtmp[1]}] * count})
            output = {"RtmpOutputSettings": {"Destination": {"DestinationRefId": "ivs"}}}
            groups.append(
                {
                    "Name": "ivs",
                    "OutputGroupSettings": {"RtmpGroupSettings": {}},
                    "Outputs": [{"OutputName": "ivs", "VideoDescriptionName": "v720", "OutputSettings": output}],
                }
            )
        attachments = [{"InputId": i["Id"], "InputAttachmentName": f"in{n}"} for n, i in enumerate(inputs)]
        encoder = {
            "AudioDescriptions": [],
            "VideoDescriptions": video,
            "TimecodeConfig": {"Source": "SYSTEMCLOCK"},
            "OutputGroups": groups,
        }
        if prepare:
            encoder["FeatureActivations"] = {"InputPrepareScheduleActions": "ENABLED"}
        return {
            "Name": "show",
            "ChannelClass": channel_class,
            "RoleArn": "arn:aws:iam::123456789012:role/MediaLiveAccess",
            "InputAttachments": attachments,
            "Destinations": destinations,
            "EncoderSettings": encoder,
            **extra,
        }

    def channel(self, inputs: list[dict[str, Any]] | None = None, **kwargs: Any) -> dict[str, Any]:
        """A channel that has finished CREATING (IDLE)."""
        args = self.channel_args(inputs if inputs is not None else [self.push_input(1)], **kwargs)
        channel: dict[str, Any] = self.ml.create_channel(**args)["Channel"]
        self.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=self.wait)
        return channel

    def running(self, channel_id: str) -> None:
        self.ml.start_channel(ChannelId=channel_id)
        self.ml.get_waiter("channel_running").wait(ChannelId=channel_id, WaiterConfig=self.wait)

    def state(self, channel_id: str) -> str:
        return str(self.ml.describe_channel(ChannelId=channel_id)["State"])

    def alert_types(self, channel_id: str, state: str = "SET") -> list[str]:
        alerts = self.ml.list_alerts(ChannelId=channel_id, StateFilter=state)["Alerts"]
        return [str(a["AlertType"]) for a in alerts]

    def metric_values(self, channel_id: str, metric: str, pipeline: str = "0") -> list[float]:
        """Datapoints (per-second maxima) of an AWS/MediaLive metric of one pipeline in the last minutes."""
        now = dt.datetime.now(dt.UTC)
        dims = [{"Name": "ChannelId", "Value": channel_id}, {"Name": "Pipeline", "Value": pipeline}]
        query = {
            "Id": "m",
            "MetricStat": {
                "Metric": {"Namespace": "AWS/MediaLive", "MetricName": metric, "Dimensions": dims},
                "Period": 1,
                "Stat": "Maximum",
            },
        }
        result = self.cw.get_metric_data(
            MetricDataQueries=[query], StartTime=now - dt.timedelta(minutes=5), EndTime=now + dt.timedelta(minutes=1)
        )
        return [float(v) for v in result["MetricDataResults"][0]["Values"]]


def wait_until(check: Callable[[], Any], timeout: float = 5.0, interval: float = 0.02) -> Any:
    """Poll ``check`` until it returns something truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout}s (last value {value!r})")
        time.sleep(interval)


@pytest.fixture
def sandbox() -> Iterator[AwsSandbox]:
    with AwsSandbox(timings=TINY) as running:
        yield running


@pytest.fixture
def aws(sandbox: AwsSandbox, boto_session: boto3.Session) -> Aws:
    return Aws(sandbox, boto_session)


@pytest.fixture
def until() -> Callable[..., Any]:
    return wait_until
