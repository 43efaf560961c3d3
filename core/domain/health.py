"""The show's health as AWS reports it, and the thread lines its changes call for (pure).

What is read: MediaLive's channel alerts (ListAlerts, or the "MediaLive Channel Alert" event), the channel's
`InputVideoFrameRate` metric (CloudWatch, namespace AWS/MediaLive) and IVS's stream health (GetStream `health`:
HEALTHY, STARVING or UNKNOWN, botocore model). Each condition is one key in `Health.told`: a line is posted when
it is set and one when it clears, so a condition read twice is told once.

AWS documents alert *wording* per alert id (MediaLive UG "Alerts for channels") but the model types AlertType as
a plain string, so alerts are sorted by what their wording says, and an alert of no known kind is still told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from core import messages
from core.redact import redact

STARVING = "STARVING"
VIDEO_KEY = "video"
IVS_KEY = "ivs starving"
LIVE_KEY = "live"
QUIET_SECONDS = 20.0  # a running channel with no input-loss alert this long is receiving video
_URL_PATH = re.compile(r"(rtmps?://[^/\s]+)/\S*", re.IGNORECASE)  # a platform's key may sit in the URL's path


class AlertKind(Enum):
    INPUT_LOSS = "input loss"
    OUTPUT = "output"
    S3 = "s3"
    FAILOVER = "failover"
    OTHER = "other"


# Words of the alert wording that say what kind it is, checked in this order.
_KINDS: tuple[tuple[AlertKind, tuple[str, ...]], ...] = (
    (AlertKind.S3, ("s3", "access denied")),
    (AlertKind.INPUT_LOSS, ("no audio/video", "video not detected", "input loss", "probe", "no input")),
    (AlertKind.OUTPUT, ("rtmp", "output", "socket", "connection")),
    (AlertKind.FAILOVER, ("failover",)),
)


@dataclass(frozen=True)
class AlertFact:
    """One SET channel alert (ListAlerts' Alert, or an alert event's detail)."""

    alert_type: str
    message: str
    pipeline: str
    set_at: datetime

    @property
    def kind(self) -> AlertKind:
        words = self.alert_type.lower()
        return next((kind for kind, marks in _KINDS if any(m in words for m in marks)), AlertKind.OTHER)

    @property
    def key(self) -> str:
        return f"alert {self.alert_type}|{self.pipeline}"


@dataclass(frozen=True)
class Reading:
    """What AWS reported about a running channel at one moment."""

    source: str  # what is on air ("host", "caller 1", "track 2")
    alerts: tuple[AlertFact, ...] = ()
    frame_rate: float | None = None  # the latest InputVideoFrameRate above zero; None when none was reported
    ivs_health: str | None = None  # None while IVS is not live
    running_for: float = 0.0  # seconds since the channel was seen RUNNING

    @property
    def video(self) -> bool | None:
        """False while an input-loss alert is set; True when frames were reported, or when the channel has run
        QUIET_SECONDS with no such alert (CloudWatch reports per minute, a little late; MediaLive raises input loss
        as soon as an expected frame fails to arrive, UG "Handling loss of video input"); else None."""
        if any(a.kind is AlertKind.INPUT_LOSS for a in self.alerts):
            return False
        return True if self.frame_rate or self.running_for >= QUIET_SECONDS else None


class Told(BaseModel):
    """A condition the thread has been told of: since when, and the line that says it is over."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    cleared: str


class Health(BaseModel):
    """The show's health as last told: the panel's encoder line, and the conditions the thread has heard of."""

    model_config = ConfigDict(frozen=True)

    source: str | None = None
    video: bool | None = None
    frame_rate: float | None = None
    video_seen: bool = False  # video arrived at some point of this run: a loss is then a drop, not a pre-flight
    told: dict[str, Told] = Field(default_factory=dict)  # by condition key


@dataclass(frozen=True)
class Where:
    """What the lines name: platform outputs by host, and the IVS ingest host."""

    platform_hosts: dict[str, str]  # host -> platform name
    ivs_host: str | None = None
    ivs_wanted: bool = True  # False after `live stop` during a take: the IVS output then fails by design
    stream_live: bool = False  # IVS is live: the line saying video arrived also says the stream is LIVE


def assess(before: Health, reading: Reading | None, *, now: datetime, where: Where) -> tuple[Health, list[str]]:
    """The new health and the lines its changes call for. `reading` None: the channel is not running, so
    every condition ends with the run, silently (the channel's own state line says it stopped)."""
    if reading is None:
        return Health(), []
    lines: list[str] = []
    told = dict(before.told)
    current: dict[str, tuple[datetime, str, str]] = {}  # key -> (set at, set line, cleared line)
    for alert in reading.alerts:
        if alert.kind is AlertKind.INPUT_LOSS:
            continue  # told as the video condition below, once for every input-loss alert
        if alert.kind is AlertKind.OUTPUT and not where.ivs_wanted and _output_name(alert.message, where) == "IVS":
            continue  # the key was revoked on purpose: IVS refusing the push is the point
        current[alert.key] = (alert.set_at, *_alert_lines(alert, where))
    if reading.ivs_health == STARVING:
        current[IVS_KEY] = (now, messages.HEALTH_IVS_STARVING, messages.HEALTH_IVS_HEALTHY)
    for key, (set_at, set_line, cleared_line) in current.items():
        if key not in told:
            told[key] = Told(at=set_at, cleared=cleared_line)
            lines.append(set_line)
    for key in [k for k in told if k not in current and k not in (VIDEO_KEY, LIVE_KEY)]:
        lines.append(told.pop(key).cleared)
    video = reading.video
    seen = before.video_seen or bool(video)
    source = reading.source
    if video is False and VIDEO_KEY not in told:
        since = min((a.set_at for a in reading.alerts if a.kind is AlertKind.INPUT_LOSS), default=now)
        told[VIDEO_KEY] = Told(at=since, cleared=messages.HEALTH_VIDEO_BACK.format(source=source))
        if before.video_seen:
            ago = max(0, int((now - since).total_seconds()))
            lines.append(messages.HEALTH_VIDEO_DROPPED.format(source=source, ago=ago))
        else:
            lines.append(messages.HEALTH_NOTHING_ARRIVING.format(source=source))
    elif video and VIDEO_KEY in told:
        lines.append(told.pop(VIDEO_KEY).cleared)
    # LIVE is announced once per stream, when IVS is live *and* video arrives: with nothing arriving IVS is live
    # on MediaLive's fill frames, which is not the show.
    if where.stream_live and video and LIVE_KEY not in told:
        told[LIVE_KEY] = Told(at=now, cleared="")
        lines.append(messages.HEALTH_LIVE)
    elif not where.stream_live:
        told.pop(LIVE_KEY, None)
    health = Health(source=source, video=video, frame_rate=reading.frame_rate, video_seen=seen, told=told)
    return health, lines


def _alert_lines(alert: AlertFact, where: Where) -> tuple[str, str]:
    text = _URL_PATH.sub(r"\1/…", redact(alert.message))[:160]
    if alert.kind is AlertKind.OUTPUT:
        name = _output_name(alert.message, where)
        if name is None:
            return messages.HEALTH_OUTPUT_FAILING.format(output="An output", message=text), messages.HEALTH_OUTPUT_BACK
        if name == "IVS":
            return messages.HEALTH_IVS_OUTPUT_FAILING, messages.HEALTH_IVS_OUTPUT_BACK
        return messages.HEALTH_PLATFORM_FAILING.format(name=name), messages.HEALTH_PLATFORM_BACK.format(name=name)
    if alert.kind is AlertKind.S3:
        return messages.HEALTH_S3_FAILING, messages.HEALTH_S3_BACK
    if alert.kind is AlertKind.FAILOVER:
        cleared = messages.HEALTH_ALERT_CLEARED.format(kind=alert.alert_type)
        return messages.HEALTH_FAILOVER.format(message=text), cleared
    return (
        messages.HEALTH_ALERT.format(kind=alert.alert_type, message=text),
        messages.HEALTH_ALERT_CLEARED.format(kind=alert.alert_type),
    )


def _output_name(message: str, where: Where) -> str | None:
    """Which output an RTMP alert is about, from the host its message names."""
    lowered = message.lower()
    if where.ivs_host and where.ivs_host.lower() in lowered:
        return "IVS"
    return next((name for host, name in where.platform_hosts.items() if host and host.lower() in lowered), None)
