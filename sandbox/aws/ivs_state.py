"""IVS channels and stream keys held by the sandbox, and when a channel is live.

IVS channels are never started: a channel is live while some RUNNING sandbox MediaLive channel pushes
RTMP to its ingest endpoint with one of its current stream keys. ``StopStream`` cuts that push for
``timings.ivs_reconnect`` seconds, after which MediaLive's RTMP output reconnects if the key is still valid.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from typing import Any

from .errors import IvsValidation, ResourceNotFound
from .medialive_state import ACCOUNT_ID, Channel, MediaLiveState
from .rtmp import RtmpLink, rtmp_links

_ARN = re.compile(r"^arn:aws:ivs:[a-z0-9-]+:\d{12}:(channel|stream-key)/[a-zA-Z0-9]+$")


@dataclass
class StreamKey:
    arn: str
    value: str
    channel_arn: str
    tags: dict[str, str]

    def view(self) -> dict[str, Any]:
        return {"arn": self.arn, "value": self.value, "channelArn": self.channel_arn, "tags": dict(self.tags)}


@dataclass
class IvsChannel:
    arn: str
    id: str
    settings: dict[str, Any]
    ingest: str
    playback: str
    tags: dict[str, str]
    stopped_until: float = 0.0
    stops: int = 0
    viewers: int = 0  # what GetStream reports as viewerCount while live; set by the control API
    session: tuple[tuple[str, float, int], str, float] | None = None  # (identity, streamId, startTime)

    def view(self) -> dict[str, Any]:
        return {
            **self.settings,
            "arn": self.arn,
            "ingestEndpoint": self.ingest,
            "playbackUrl": self.playback,
            "srt": {"endpoint": self.ingest.replace("global-contribute", "srt"), "passphrase": ""},
            "tags": dict(self.tags),
        }


@dataclass
class IvsState:
    ml: MediaLiveState
    channels: dict[str, IvsChannel] = field(default_factory=dict)
    keys: dict[str, StreamKey] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    hosts: set[str] = field(default_factory=set)  # every ingest host handed out, deleted channels' too

    @property
    def region(self) -> str:
        return self.ml.region

    def token(self, length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def check_arn(self, arn: Any) -> str:
        if not isinstance(arn, str) or not _ARN.match(arn):
            raise IvsValidation(f"Invalid ARN: {arn!r}")
        return arn

    def channel(self, arn: Any) -> IvsChannel:
        found = self.channels.get(self.check_arn(arn))
        if found is None:
            raise ResourceNotFound(f"Channel {arn} not found")
        return found

    def key(self, arn: Any) -> StreamKey:
        found = self.keys.get(self.check_arn(arn))
        if found is None:
            raise ResourceNotFound(f"Stream key {arn} not found")
        return found

    def new_key(self, channel: IvsChannel, tags: dict[str, str]) -> StreamKey:
        arn = f"arn:aws:ivs:{self.region}:{ACCOUNT_ID}:stream-key/{self.token(12)}"
        key = StreamKey(arn, f"sk_{self.region}_{self.token(36)}", channel.arn, dict(tags))
        self.keys[arn] = key
        return key

    def keys_of(self, channel: IvsChannel) -> list[StreamKey]:
        return [k for k in self.keys.values() if k.channel_arn == channel.arn]

    def tags_of(self, arn: Any) -> dict[str, str]:
        self.check_arn(arn)
        if arn in self.channels:
            return self.channels[arn].tags
        if arn in self.keys:
            return self.keys[arn].tags
        raise ResourceNotFound(f"Resource {arn} not found")

    def pusher(self, channel: IvsChannel, now: float) -> tuple[Channel, RtmpLink] | None:
        """The one RTMP link IVS takes for ``channel``: the earliest-started with a current key.

        IVS takes one stream per channel. When two pipelines (a STANDARD channel pushes the same key from
        both) or two channels push to it at once, the sandbox keeps the first and rejects the others: one
        plausible variant, as AWS does not document which push wins.
        """
        values = {k.value for k in self.keys_of(channel)}
        best: tuple[tuple[float, str, tuple[int, int, int]], Channel, RtmpLink] | None = None
        for source in self.ml.channels.values():
            self.ml.settle(source, now)
            run = source.run
            if source.state != "RUNNING" or run is None:
                continue
            for link in rtmp_links(source.spec):
                state = run.links.get(link.key)
                if link.host != channel.ingest or link.stream not in values or (state and state.stopped):
                    continue
                rank = (run.started_at, source.id, link.key)
                if best is None or rank < best[0]:
                    best = (rank, source, link)
        return None if best is None else (best[1], best[2])

    def _health(self, source: Channel, link: RtmpLink) -> str:
        """STARVING while the source pauses its output for lack of input (PAUSE_OUTPUT), else HEALTHY.

        The model documents neither value; a paused output keeps its connection open but sends no data
        (RtmpGroupSettings.InputLossAction doc), which is one plausible reading of STARVING.
        """
        return "STARVING" if link.pause_on_input_loss and self.ml.push_input_connected(source) is False else "HEALTHY"

    def stream(self, channel: IvsChannel, now: float) -> dict[str, Any] | None:
        """The live stream of ``channel`` (member names), or None when nothing is being ingested."""
        found = self.pusher(channel, now)
        if found is None or now < channel.stopped_until:
            channel.session = None
            return None
        source, link = found
        run = source.run
        assert run is not None  # pusher() only picks running channels
        identity = (source.id, run.started_at, channel.stops)
        if channel.session is None or channel.session[0] != identity:
            started = max(run.started_at, channel.stopped_until)
            channel.session = (identity, f"st-{self.token(22)}", started)
        _, stream_id, started = channel.session
        return {
            "channelArn": channel.arn,
            "streamId": stream_id,
            "playbackUrl": channel.playback,
            "startTime": started,
            "state": "LIVE",
            "health": self._health(source, link),
            "viewerCount": channel.viewers,
        }
