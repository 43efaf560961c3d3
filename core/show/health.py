"""Reads a running show's health from AWS: channel alerts, the input frame rate, IVS's stream health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlparse

from core.domain.health import AlertFact, Reading, Where
from core.domain.session import ChannelState, Session

FRAME_WINDOW = timedelta(minutes=3)  # CloudWatch publishes MediaLive metrics per minute, a little late


class AlertsPort(Protocol):
    def active_alerts(self, channel_id: str) -> list[AlertFact]: ...


class StreamHealthPort(Protocol):
    def stream_health(self, channel_arn: str) -> str | None: ...


class FrameRatePort(Protocol):
    def frame_rate(self, channel_id: str, *, start: datetime, end: datetime) -> float | None: ...


@dataclass(frozen=True, kw_only=True)
class HealthReader:
    alerts: AlertsPort
    streams: StreamHealthPort
    frames: FrameRatePort

    def read(self, s: Session, *, channel_id: str, ivs_live: bool, now: datetime) -> Reading:
        arn = s.resources.ivs_channel_arn
        running = s.channel_state is ChannelState.RUNNING and s.channel_state_at is not None
        return Reading(
            running_for=(now - s.channel_state_at).total_seconds() if running and s.channel_state_at else 0.0,
            source=on_air_name(s),
            alerts=tuple(self.alerts.active_alerts(channel_id)),
            # The window reaches past now, so the period still filling (the freshest frames) is part of it.
            frame_rate=self.frames.frame_rate(channel_id, start=now - FRAME_WINDOW, end=now + timedelta(minutes=1)),
            ivs_health=self.streams.stream_health(arn) if arn and ivs_live else None,
        )


def on_air_name(s: Session) -> str:
    """The source on air as the crew names it ("host", "caller 1 (Ana)")."""
    active = s.active_source
    found = next((src for src in s.sources if active and src.attachment == active), None)
    if found is None:
        return "host"
    return f"{found.kind.value} {found.number}" + (f" ({found.name})" if found.name else "")


def where(s: Session) -> Where:
    """What an output alert may name: the platforms' hosts and IVS's ingest host."""
    hosts = {(urlparse(p.url).hostname or ""): p.name for p in s.platforms if p.in_channel}
    return Where(
        platform_hosts={h: n for h, n in hosts.items() if h},
        ivs_host=s.resources.ivs_ingest_endpoint,
        ivs_wanted=s.stream_wanted and not s.stream_key_revoked,
        stream_live=s.ivs_live,
    )
