"""Takes are cut by time from the channel's continuous HLS recording, never by touching the channel."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.domain.channel_spec import RECORDING_BASENAME
from core.domain.encodes import RECORDING_RENDITION
from core.domain.session import OnAir
from core.ports import ObjectStorePort

PLAYLIST_NAME = f"{RECORDING_BASENAME}{RECORDING_RENDITION}.m3u8"


@dataclass(frozen=True)
class Segment:
    key: str
    start: datetime
    duration: float

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.duration)


@dataclass(frozen=True)
class SourceChange:
    at: datetime
    source: str


def timeline(on_air: Iterable[OnAir], *, start: datetime, end: datetime) -> list[SourceChange]:
    """What was on air during [start, end), from what the product recorded as it switched (DescribeSchedule
    only keeps about the last hour): the source live at the start, then every switch during the take."""
    changes = sorted((SourceChange(at=o.at, source=o.source) for o in on_air), key=lambda c: c.at)
    before = [c for c in changes if c.at <= start]
    during = [c for c in changes if start < c.at < end]
    return [SourceChange(at=start, source=before[-1].source if before else "host"), *during]


@dataclass(frozen=True)
class CutTake:
    location: str | None
    duration_seconds: float
    segments: int
    sources: tuple[SourceChange, ...] = ()


def parse_playlist(text: str, *, folder: str) -> list[Segment]:
    """Segments of an HLS media playlist, timed by EXT-X-PROGRAM-DATE-TIME (carried forward by EXTINF)."""
    segments: list[Segment] = []
    at: datetime | None = None
    duration: float | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
            at = datetime.fromisoformat(line.split(":", 1)[1].replace("Z", "+00:00"))
        elif line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line and not line.startswith("#") and duration is not None:
            if at is not None:
                segments.append(Segment(key=posixpath.join(folder, line), start=at, duration=duration))
                at = at + timedelta(seconds=duration)
            duration = None
    return segments


def select(segments: Iterable[Segment], *, start: datetime, end: datetime) -> list[Segment]:
    """Segments that overlap [start, end), in time order."""
    return sorted((s for s in segments if s.start < end and s.end > start), key=lambda s: s.start)


def take_playlist(segments: list[Segment], names: list[str]) -> str:
    """A self-contained VOD playlist; a discontinuity marks each gap (e.g. a channel restart)."""
    target = max((s.duration for s in segments), default=1.0)
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{int(target + 0.999)}",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-MEDIA-SEQUENCE:1",
    ]
    previous: Segment | None = None
    for segment, name in zip(segments, names, strict=True):
        if previous is not None and abs((segment.start - previous.end).total_seconds()) > 0.5:
            lines.append("#EXT-X-DISCONTINUITY")
        stamp = segment.start.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        lines += [f"#EXT-X-PROGRAM-DATE-TIME:{stamp}", f"#EXTINF:{segment.duration:.3f},", name]
        previous = segment
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, kw_only=True)
class TakeCutter:
    objects: ObjectStorePort
    live_prefix: str
    recordings_prefix: str

    def recorded(self, session_id: str) -> list[Segment]:
        """Every segment recorded for the session so far (pipeline 0), across channel restarts."""
        segments: list[Segment] = []
        for key in self.objects.keys(f"{self.live_prefix}/{session_id}/"):
            if key.endswith(f"/p0/{PLAYLIST_NAME}"):
                segments += parse_playlist(self.objects.read_text(key), folder=posixpath.dirname(key))
        return segments

    def cut(
        self,
        *,
        session_id: str,
        number: int,
        recorded: list[Segment],
        start: datetime,
        end: datetime,
        sources: list[SourceChange] | None = None,
    ) -> CutTake:
        """Copy the segments of `recorded` (as `recorded()` returned them) that overlap [start, end)."""
        chosen = select(recorded, start=start, end=end)
        if not chosen:
            return CutTake(location=None, duration_seconds=0.0, segments=0)
        folder = f"{self.recordings_prefix}/{session_id}/take-{number:03d}"
        names = [f"segment_{n:05d}.ts" for n in range(1, len(chosen) + 1)]
        for segment, name in zip(chosen, names, strict=True):
            self.objects.copy(segment.key, f"{folder}/{name}")
        if sources is not None:
            timeline = json.dumps([{"at": c.at.isoformat(), "source": c.source} for c in sources], indent=1)
            self.objects.write_text(f"{folder}/sources.json", timeline, content_type="application/json")
        playlist_key = f"{folder}/index.m3u8"
        self.objects.write_text(
            playlist_key, take_playlist(chosen, names), content_type="application/vnd.apple.mpegurl"
        )
        return CutTake(
            location=self.objects.uri(playlist_key),
            duration_seconds=round(sum(s.duration for s in chosen), 3),
            segments=len(chosen),
            sources=tuple(sources or ()),
        )
