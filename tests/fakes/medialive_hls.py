"""What a running fake MediaLive channel writes to S3: its HLS recording, laid out as the sandbox lays it out.

Each HLS output group with an s3:// or s3ssl:// destination gets, at its pipeline-0 URL, a segment every
`length` seconds (a shorter last one when the run stops) and a child playlist per output with
#EXT-X-PROGRAM-DATE-TIME before each segment, closed with #EXT-X-ENDLIST when the run ends. Left out: the
main manifest, live windows (every segment stays listed, as in VOD mode) and `$dt$` in destinations.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.fakes.objects import FakeObjectStore

_M3U8 = "application/vnd.apple.mpegurl"


@dataclass(frozen=True)
class HlsTarget:
    bucket: str
    path: str  # key prefix and base name: ".../p0/index"
    modifiers: tuple[str, ...]  # one child playlist per output: ".../p0/index_720p.m3u8"


def hls_targets(spec: dict[str, Any]) -> list[HlsTarget]:
    urls = {d.get("Id"): str((d.get("Settings") or [{}])[0].get("Url", "")) for d in spec.get("Destinations") or []}
    targets = []
    for group in (spec.get("EncoderSettings") or {}).get("OutputGroups") or []:
        hls = (group.get("OutputGroupSettings") or {}).get("HlsGroupSettings")
        scheme, _, rest = urls.get((hls or {}).get("Destination", {}).get("DestinationRefId"), "").partition("://")
        bucket, _, path = rest.partition("/")
        if hls is not None and scheme in ("s3", "s3ssl") and bucket and path.rpartition("/")[2]:
            outputs = group.get("Outputs") or []
            modifiers = tuple(
                str(o.get("OutputSettings", {}).get("HlsOutputSettings", {}).get("NameModifier", "")) for o in outputs
            )
            targets.append(HlsTarget(bucket, path, modifiers))
    return targets


@dataclass
class Recording:
    """One run's recording: segments are (start, duration) on the fake clock, numbered from 1."""

    started: float
    targets: list[HlsTarget]
    segments: list[tuple[float, float]] = field(default_factory=list)
    ended: float | None = None

    def advance(self, now: float, length: float, objects: FakeObjectStore, at: Callable[[float], datetime]) -> None:
        """Complete the segments due by `now` and write them with the playlists that list them."""
        limit = now if self.ended is None else min(now, self.ended)
        start = sum(self.segments[-1]) if self.segments else self.started
        written = len(self.segments)
        while start + length <= limit + 1e-6:
            self.segments.append((start, length))
            start += length
        if self.ended is not None and self.ended - start > 0.05:
            self.segments.append((start, self.ended - start))
        if not self.segments or (len(self.segments) == written and self.ended is None):
            return
        for target in self.targets:
            for modifier in target.modifiers:
                for number in range(written + 1, len(self.segments) + 1):
                    key = f"{target.path}{modifier}_{number:05d}.ts"
                    objects.put(key, _ts_packet(key), content_type="video/MP2T", bucket=target.bucket)
                body = self._playlist(target, modifier, at).encode()
                objects.put(f"{target.path}{modifier}.m3u8", body, content_type=_M3U8, bucket=target.bucket)

    def _playlist(self, target: HlsTarget, modifier: str, at: Callable[[float], datetime]) -> str:
        longest = max((duration for _, duration in self.segments), default=1.0)
        lines = ["#EXTM3U", "#EXT-X-VERSION:3", f"#EXT-X-TARGETDURATION:{max(1, math.ceil(longest))}"]
        lines += ["#EXT-X-MEDIA-SEQUENCE:1", "#EXT-X-PLAYLIST-TYPE:EVENT"]
        for number, (start, duration) in enumerate(self.segments, start=1):
            name = posixpath.basename(f"{target.path}{modifier}_{number:05d}.ts")
            lines += [f"#EXT-X-PROGRAM-DATE-TIME:{iso_ms(at(start))}", f"#EXTINF:{duration:.3f},", name]
        if self.ended is not None:
            lines.append("#EXT-X-ENDLIST")
        return "\n".join(lines) + "\n"


def iso_ms(when: datetime) -> str:
    """The millisecond UTC form AWS uses in playlists and schedules: 2026-03-02T09:00:01.500Z."""
    utc = when.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _ts_packet(label: str) -> bytes:
    """One MPEG-TS-shaped packet (sync byte 0x47, 188 bytes), enough for what sniffs a segment."""
    payload = f"fake segment {label}".encode()[:184]
    return bytes([0x47, 0x40, 0x00, 0x10]) + payload + b"\xff" * (184 - len(payload))
