"""HLS output of running channels: which S3 targets a channel writes, and what it writes there.

A channel's HLS output groups with an ``s3://`` or ``s3ssl://`` destination get a segment every
``timings.segment`` seconds while the channel runs, plus child playlists carrying
``#EXT-X-PROGRAM-DATE-TIME`` before every segment (takes are cut by those wall-clock times) and a main
manifest. Objects go straight into moto's in-process S3 backend, so boto3 sees them over HTTP.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import posixpath
from dataclasses import dataclass, field
from typing import Any

from .wire import iso_ms

log = logging.getLogger(__name__)

_TS_PACKET = 188
_DEFAULT_INDEX_N = 10


@dataclass(frozen=True)
class Segment:
    seq: int
    start: float  # wall-clock seconds
    duration: float


@dataclass(frozen=True)
class HlsOutput:
    modifier: str
    bandwidth: int
    resolution: str | None


@dataclass
class HlsTarget:
    """One HLS output group's S3 destination during one run.

    ``path`` is the destination's key (folders and base file name) and may hold ``$dt$``. MediaLive UG
    "Identifiers for variable data": "$dt$ -- For HLS outputs, the UTC date and time of each segment", so each
    segment's key uses its own start time. Where the playlists go is not documented: the sandbox writes them
    under the path resolved for the run's first segment (``anchor``), one plausible reading, and lists
    segments kept elsewhere by relative URI.
    """

    bucket: str
    path: str
    anchor: float  # run start: the first segment's start time
    outputs: list[HlsOutput]
    live_window: int | None  # None for VOD mode: every segment stays in the playlist
    segments: list[Segment] = field(default_factory=list)

    def resolved(self, when: float) -> str:
        return self.path.replace("$dt$", _dt_label(when))

    def playlist_key(self, output: HlsOutput | None = None) -> str:
        """The main playlist's key, or an output's child playlist's."""
        return f"{self.resolved(self.anchor)}{output.modifier if output else ''}.m3u8"

    def segment_key(self, output: HlsOutput, seg: Segment) -> str:
        return f"{self.resolved(seg.start)}{output.modifier}_{seg.seq:05d}.ts"

    def uri(self, key: str) -> str:
        """``key`` relative to the playlists' folder, as a playlist lists it."""
        return posixpath.relpath(key, posixpath.dirname(self.playlist_key()) or ".")


def _dt_label(when: float) -> str:
    return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y%m%dT%H%M%S")


def _output_info(output: dict[str, Any], encoder: dict[str, Any]) -> HlsOutput:
    hls = output.get("OutputSettings", {}).get("HlsOutputSettings", {})
    modifier = str(hls.get("NameModifier", ""))
    bandwidth, resolution = 5_000_000, None
    wanted = output.get("VideoDescriptionName")
    for video in encoder.get("VideoDescriptions", []):
        if video.get("Name") != wanted:
            continue
        if video.get("Width") and video.get("Height"):
            resolution = f"{video['Width']}x{video['Height']}"
        h264 = video.get("CodecSettings", {}).get("H264Settings", {})
        bandwidth = int(h264.get("Bitrate") or h264.get("MaxBitrate") or bandwidth)
    return HlsOutput(modifier, bandwidth, resolution)


def hls_targets(spec: dict[str, Any], started_at: float) -> list[HlsTarget]:
    """The S3 HLS targets of a channel spec for a run starting at ``started_at``."""
    urls = {}
    for dest in spec.get("Destinations", []):
        settings = dest.get("Settings") or []
        if settings and settings[0].get("Url"):
            urls[dest.get("Id")] = str(settings[0]["Url"])
    encoder = spec.get("EncoderSettings", {})
    targets = []
    for group in encoder.get("OutputGroups", []):
        hls = group.get("OutputGroupSettings", {}).get("HlsGroupSettings")
        if hls is None:
            continue
        url = urls.get(hls.get("Destination", {}).get("DestinationRefId"), "")
        scheme, sep, rest = url.partition("://")
        if not sep or scheme not in ("s3", "s3ssl"):
            continue
        bucket, _, path = rest.partition("/")
        if not bucket or not path.rpartition("/")[2]:
            log.warning("HLS destination %s has no bucket or base file name; nothing is written", url)
            continue
        window = None if hls.get("Mode") == "VOD" else int(hls.get("IndexNSegments") or _DEFAULT_INDEX_N)
        outputs = [_output_info(o, encoder) for o in group.get("Outputs", [])]
        targets.append(HlsTarget(bucket.replace("$dt$", _dt_label(started_at)), path, started_at, outputs, window))
    return targets


def ts_bytes(label: str) -> bytes:
    """A few MPEG-TS-shaped packets (0x47 sync byte, 188 bytes each), enough for tools that sniff."""
    packets = []
    for index in range(4):
        payload = f"sandbox segment {label} #{index}".encode()[: _TS_PACKET - 4]
        header = bytes([0x47, 0x40 if index == 0 else 0x01, 0x00, 0x10 | index])
        packets.append(header + payload + b"\xff" * (_TS_PACKET - 4 - len(payload)))
    return b"".join(packets)


def render_child(target: HlsTarget, output: HlsOutput, ended: bool) -> str:
    shown = target.segments if target.live_window is None else target.segments[-target.live_window :]
    longest = max((s.duration for s in shown), default=1.0)
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{max(1, math.ceil(longest))}",
        f"#EXT-X-MEDIA-SEQUENCE:{shown[0].seq if shown else 1}",
    ]
    if target.live_window is None:
        lines.append("#EXT-X-PLAYLIST-TYPE:EVENT")
    for seg in shown:
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{iso_ms(dt.datetime.fromtimestamp(seg.start, dt.UTC))}")
        lines.append(f"#EXTINF:{seg.duration:.3f},")
        lines.append(target.uri(target.segment_key(output, seg)))
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def render_main(target: HlsTarget) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for output in target.outputs:
        info = f"BANDWIDTH={output.bandwidth}"
        if output.resolution:
            info += f",RESOLUTION={output.resolution}"
        lines.append(f"#EXT-X-STREAM-INF:{info}")
        lines.append(target.uri(target.playlist_key(output)))
    return "\n".join(lines) + "\n"


class S3Writer:
    """Puts objects into moto's S3 backend; a missing bucket is logged once and skipped."""

    def __init__(self, account_id: str) -> None:
        self._account_id = account_id
        self.skipped_buckets: set[str] = set()

    def put(self, bucket: str, key: str, body: bytes, content_type: str) -> bool:
        from moto.s3.exceptions import MissingBucket
        from moto.s3.models import s3_backends

        try:
            obj = s3_backends[self._account_id]["aws"].put_object(bucket, key, body)
        except MissingBucket:
            if bucket not in self.skipped_buckets:
                self.skipped_buckets.add(bucket)
                log.warning("sandbox: bucket %s does not exist; HLS output to it is skipped", bucket)
            return False
        obj.set_metadata({"Content-Type": content_type})
        return True

    def write(self, target: HlsTarget, new: list[Segment], ended: bool, label: str) -> None:
        """Write ``new`` segments of ``target`` and refresh its playlists (closing them when ``ended``)."""
        if not new and not ended:
            return
        if not target.segments:
            return
        first_write = new and new[0] is target.segments[0]
        for output in target.outputs:
            for seg in new:
                key = target.segment_key(output, seg)
                if not self.put(target.bucket, key, ts_bytes(f"{label} {key}"), "video/MP2T"):
                    return
            body = render_child(target, output, ended).encode()
            self.put(target.bucket, target.playlist_key(output), body, "application/vnd.apple.mpegurl")
        if first_write:
            body = render_main(target).encode()
            self.put(target.bucket, target.playlist_key(), body, "application/vnd.apple.mpegurl")
