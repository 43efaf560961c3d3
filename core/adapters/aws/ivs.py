"""IVS adapter. Stream key values are fetched only to build a channel request and never stored."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.adapters.aws.errors import aws_call

if TYPE_CHECKING:
    from mypy_boto3_ivs import IVSClient

_GONE = frozenset({"ResourceNotFoundException"})
_NOT_LIVE = frozenset({"ChannelNotBroadcasting"})


@dataclass(frozen=True)
class IvsChannel:
    arn: str
    ingest_endpoint: str
    playback_url: str
    stream_key_arn: str


@dataclass(frozen=True)
class IvsChannelSummary:
    """A channel as ListChannels gives it: its ChannelSummary carries the tags (botocore model), so the sweep
    knows whose it is without a call per channel."""

    arn: str
    name: str
    tags: Mapping[str, str] = field(default_factory=dict)


class Ivs:
    def __init__(self, client: IVSClient) -> None:
        self._client = client

    def create_channel(self, request: Mapping[str, Any]) -> IvsChannel:
        with aws_call("create the IVS channel"):
            out = self._client.create_channel(**request)
        channel = out["channel"]
        return IvsChannel(
            arn=channel["arn"],
            ingest_endpoint=channel["ingestEndpoint"],
            playback_url=channel["playbackUrl"],
            stream_key_arn=out["streamKey"]["arn"],
        )

    def stream_key(self, key_arn: str) -> str:
        with aws_call("read the IVS stream key"):
            return self._client.get_stream_key(arn=key_arn)["streamKey"]["value"]

    def create_stream_key(self, channel_arn: str) -> str:
        """A fresh key for the channel; returns its ARN."""
        with aws_call("create an IVS stream key"):
            return self._client.create_stream_key(channelArn=channel_arn)["streamKey"]["arn"]

    def delete_stream_key(self, key_arn: str) -> None:
        """Revoking the key is what keeps MediaLive's RTMP output from reconnecting to IVS."""
        with aws_call("revoke the IVS stream key", ok_if=_GONE):
            self._client.delete_stream_key(arn=key_arn)

    def is_live(self, channel_arn: str) -> bool:
        with aws_call("check the IVS stream", ok_if=_NOT_LIVE | _GONE):
            self._client.get_stream(channelArn=channel_arn)
            return True
        return False

    def stream_health(self, channel_arn: str) -> str | None:
        """GetStream's `health` (HEALTHY, STARVING or UNKNOWN, model) while the channel is live, else None."""
        with aws_call("check the IVS stream's health", ok_if=_NOT_LIVE | _GONE):
            return str(self._client.get_stream(channelArn=channel_arn)["stream"].get("health", "UNKNOWN"))
        return None

    def viewer_count(self, channel_arn: str) -> int | None:
        """GetStream's `viewerCount` while the channel is live, else None. AWS counts a view within 15 s of
        playback starting and drops it within 1 min of its end; -1 means the count timed out (model doc)."""
        with aws_call("count the IVS stream's viewers", ok_if=_NOT_LIVE | _GONE):
            count = int(self._client.get_stream(channelArn=channel_arn)["stream"].get("viewerCount", -1))
            return None if count < 0 else count
        return None

    def live_viewers(self) -> dict[str, int]:
        """Every live stream's `viewerCount` by channel ARN, from ListStreams (100 streams a page, model doc): the
        sweep's one read of every show's audience. A count of -1 timed out (model doc) and is left out."""
        counts: dict[str, int] = {}
        with aws_call("list the live IVS streams"):
            for page in self._client.get_paginator("list_streams").paginate():
                for stream in page.get("streams", []):
                    if (count := int(stream.get("viewerCount", -1))) >= 0:
                        counts[stream["channelArn"]] = count
        return counts

    def stop_stream(self, channel_arn: str) -> None:
        with aws_call("disconnect the IVS stream", ok_if=_NOT_LIVE | _GONE):
            self._client.stop_stream(channelArn=channel_arn)

    def delete_channel(self, channel_arn: str) -> None:
        with aws_call("delete the IVS channel", ok_if=_GONE):
            self._client.delete_channel(arn=channel_arn)

    def list_channels(self) -> Iterator[IvsChannelSummary]:
        with aws_call("list the IVS channels"):
            for page in self._client.get_paginator("list_channels").paginate():
                for raw in page.get("channels", []):
                    yield IvsChannelSummary(arn=raw["arn"], name=raw.get("name", ""), tags=dict(raw.get("tags") or {}))
