"""IVS in memory. As in the sandbox (sandbox/aws/ivs_state.py), a channel is never started: it is live while a
RUNNING fake MediaLive channel pushes RTMP to its ingest endpoint with one of its current stream keys, except
for `reconnect_seconds` after a StopStream. Tags are kept as given and listed with each channel. Left out: the
tagging calls, stream health and sessions, and which of two pushes to one channel IVS takes."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from core.adapters.aws.ivs import IvsChannel, IvsChannelSummary
from tests.fakes.errors import aws_error, check_request
from tests.fakes.medialive import ACCOUNT, FakeMediaLive
from tests.fakes.waits import FakeWaits

_ARN = re.compile(r"^arn:aws:ivs:[a-z0-9-]+:\d{12}:(channel|stream-key)/[a-zA-Z0-9]+$")


@dataclass
class _Channel:
    arn: str
    ingest: str
    playback: str
    name: str
    tags: dict[str, str]
    stopped_until: float = 0.0


class FakeIvs:
    def __init__(self, medialive: FakeMediaLive, waits: FakeWaits, *, reconnect_seconds: float | None = None) -> None:
        self._medialive = medialive
        self._waits = waits
        self._reconnect = medialive.timings.ivs_reconnect if reconnect_seconds is None else reconnect_seconds
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.channels: dict[str, _Channel] = {}
        self.keys: dict[str, tuple[str, str]] = {}  # key ARN -> (value, channel ARN)
        self.viewers: dict[str, int] = {}  # channel ARN -> viewers of its live stream

    def create_channel(self, request: Mapping[str, Any]) -> IvsChannel:
        check_request("ivs", "CreateChannel", request, "create the IVS channel")
        with self._lock:
            token = f"{next(self._ids):012d}"
            arn = f"arn:aws:ivs:us-east-1:{ACCOUNT}:channel/fake{token}"
            prefix = f"f{token}"
            playback = f"https://{prefix}.us-east-1.playback.live-video.net/api/video/v1/us-east-1.{token}.m3u8"
            ingest = f"{prefix}.global-contribute.live-video.net"
            channel = _Channel(arn, ingest, playback, str(request.get("name", "")), dict(request.get("tags") or {}))
            self.channels[arn] = channel
            key_arn = self._new_key(arn)
        return IvsChannel(arn=arn, ingest_endpoint=channel.ingest, playback_url=playback, stream_key_arn=key_arn)

    def stream_key(self, key_arn: str) -> str:
        found = self.keys.get(self._arn(key_arn, "read the IVS stream key"))
        if found is None:
            raise aws_error("ResourceNotFoundException", "read the IVS stream key", f"Stream key {key_arn} not found")
        return found[0]

    def create_stream_key(self, channel_arn: str) -> str:
        action = "create an IVS stream key"
        with self._lock:
            if self._arn(channel_arn, action) not in self.channels:
                raise aws_error("ResourceNotFoundException", action, f"Channel {channel_arn} not found")
            if any(owner == channel_arn for _, owner in self.keys.values()):
                raise aws_error("ServiceQuotaExceededException", action, "A channel can have only one stream key")
            return self._new_key(channel_arn)

    def delete_stream_key(self, key_arn: str) -> None:
        with self._lock:
            self.keys.pop(self._arn(key_arn, "revoke the IVS stream key"), None)

    def is_live(self, channel_arn: str) -> bool:
        channel = self.channels.get(self._arn(channel_arn, "check the IVS stream"))
        if channel is None or self._waits.monotonic() < channel.stopped_until:
            return False
        values = {value for value, owner in self.keys.values() if owner == channel.arn}
        return any(host == channel.ingest and stream in values for host, stream in self._medialive.rtmp_pushes())

    def viewer_count(self, channel_arn: str) -> int | None:
        """Live streams have no viewers here unless a test sets `viewers[arn]`."""
        return self.viewers.get(channel_arn, 0) if self.is_live(channel_arn) else None

    def live_viewers(self) -> dict[str, int]:
        with self._lock:
            arns = list(self.channels)
        return {arn: count for arn in arns if (count := self.viewer_count(arn)) is not None}

    def stop_stream(self, channel_arn: str) -> None:
        if self.is_live(channel_arn):
            self.channels[channel_arn].stopped_until = self._waits.monotonic() + self._reconnect

    def delete_channel(self, channel_arn: str) -> None:
        if self.is_live(channel_arn):
            raise aws_error("ConflictException", "delete the IVS channel", f"Channel {channel_arn} is live")
        with self._lock:
            self.channels.pop(channel_arn, None)
            self.keys = {arn: key for arn, key in self.keys.items() if key[1] != channel_arn}

    def list_channels(self) -> Iterator[IvsChannelSummary]:
        with self._lock:
            found = [IvsChannelSummary(arn=c.arn, name=c.name, tags=dict(c.tags)) for c in self.channels.values()]
        yield from found

    def _new_key(self, channel_arn: str) -> str:
        token = f"{next(self._ids):012d}"
        arn = f"arn:aws:ivs:us-east-1:{ACCOUNT}:stream-key/fake{token}"
        self.keys[arn] = (f"sk_us-east-1_fake{token}", channel_arn)
        return arn

    @staticmethod
    def _arn(arn: str, action: str) -> str:
        if not _ARN.match(arn):
            raise aws_error("ValidationException", action, f"Invalid ARN: {arn!r}")
        return arn
