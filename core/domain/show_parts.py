"""The parts of a show's session, as plain typed values: states, runs, takes, sources, platforms, resources."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class ChannelState(StrEnum):
    """MediaLive channel states, as AWS reports them."""

    CREATING = "CREATING"
    CREATE_FAILED = "CREATE_FAILED"
    IDLE = "IDLE"
    STARTING = "STARTING"
    RUNNING = "RUNNING"
    RECOVERING = "RECOVERING"
    STOPPING = "STOPPING"
    DELETING = "DELETING"
    DELETED = "DELETED"
    UPDATING = "UPDATING"
    UPDATE_FAILED = "UPDATE_FAILED"

    @property
    def transitional(self) -> bool:
        return self in _TRANSITIONAL

    @property
    def on_air(self) -> bool:
        """Encoding (and billing as running)."""
        return self in (ChannelState.STARTING, ChannelState.RUNNING, ChannelState.RECOVERING)


_TRANSITIONAL = frozenset(
    {
        ChannelState.CREATING,
        ChannelState.STARTING,
        ChannelState.STOPPING,
        ChannelState.DELETING,
        ChannelState.UPDATING,
        ChannelState.RECOVERING,
    }
)


class SessionStatus(StrEnum):
    CREATING = "CREATING"
    READY = "READY"
    ENDING = "ENDING"
    ENDED = "ENDED"
    FAILED = "FAILED"

    @property
    def active(self) -> bool:
        return self in (SessionStatus.CREATING, SessionStatus.READY, SessionStatus.ENDING)

    def may_become(self, target: SessionStatus) -> bool:
        """The session's state machine: staying put is always allowed (every step may be repeated)."""
        return target is self or target in _NEXT[self]


# Setup ends READY or FAILED; any live or failed show can be ended; nothing leaves ENDED. So a show that is
# ending can never be set up or go live again, whatever order racing workers finish in.
_NEXT: dict[SessionStatus, frozenset[SessionStatus]] = {
    SessionStatus.CREATING: frozenset({SessionStatus.READY, SessionStatus.FAILED, SessionStatus.ENDING}),
    SessionStatus.READY: frozenset({SessionStatus.ENDING}),
    SessionStatus.FAILED: frozenset({SessionStatus.ENDING}),
    SessionStatus.ENDING: frozenset({SessionStatus.ENDED}),
    SessionStatus.ENDED: frozenset(),
}


class StreamState(StrEnum):
    """What viewers get, derived from intent and the channel's state."""

    OFF = "OFF"
    STARTING = "STARTING"
    LIVE = "LIVE"


class RunShape(BaseModel):
    """What MediaLive bills while a channel runs, and what its push inputs bill while it does not.

    The defaults are the default show: one RTMP push input, two output encodes (IVS and the recording) and
    audio normalization (an add-on billed once per channel, however many outputs normalize).
    """

    model_config = ConfigDict(frozen=True)

    inputs: int = Field(default=1, ge=0, description="inputs billed while the channel runs")
    outputs: int = Field(default=2, ge=0, description="output encodes billed while the channel runs")
    normalized: bool = Field(default=True, description="an output normalizes loudness (one add-on per channel)")
    push_inputs: int = Field(default=1, ge=0, description="push inputs, billed idle while the channel is not running")


class Period(BaseModel):
    """A span of billed activity; `end` is None while it lasts.

    A channel run also records its shape; records stored before runs had one read as the default show.
    """

    model_config = ConfigDict(frozen=True)

    start: datetime
    end: datetime | None = None
    shape: RunShape = RunShape()


class Take(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    started_at: datetime
    started_by: str
    stopped_at: datetime | None = None
    stopped_by: str | None = None
    location: str | None = None
    duration_seconds: float | None = None
    segments: int | None = None
    sources: list[str] = Field(default_factory=list)  # "HH:MM:SS source" for each switch during the take
    note: str | None = None

    def stopped(
        self, *, at: datetime, by: str, location: str | None, seconds: float, segments: int, sources: list[str]
    ) -> Take:
        note = None if segments else "Nothing was recorded: the channel was not running yet."
        changes = {"stopped_at": at, "stopped_by": by, "location": location, "duration_seconds": seconds}
        return self.model_copy(update={**changes, "segments": segments, "sources": sources, "note": note})


class SourceKind(StrEnum):
    HOST = "host"
    CALLER = "caller"
    TRACK = "track"


class Source(BaseModel):
    """An input the show can switch to. Attached only while the channel is idle, so the flags say
    what the crew asked for (`removing`) and what the channel has now (`attached`).

    A source is recorded before its AWS resources are made (`token` names that one intended input), so a
    retry or the next command finds and finishes it instead of making a second one."""

    model_config = ConfigDict(frozen=True)

    kind: SourceKind
    number: int
    name: str
    input_id: str = ""
    token: str = ""
    security_group_id: str | None = None  # a caller's own group: only its addresses may push
    allowed_from: list[str] = Field(default_factory=list)  # CIDRs of that group, as the crew gave them
    endpoints: list[str] = Field(default_factory=list)
    url: str | None = None
    attached: bool = False
    removing: bool = False

    @property
    def attachment(self) -> str:
        return f"{self.kind.value}-{self.number}"

    @property
    def created(self) -> bool:
        return bool(self.input_id)

    @property
    def open_to_anyone(self) -> bool:
        return "0.0.0.0/0" in self.allowed_from

    @property
    def pending(self) -> bool:
        return self.attached == self.removing

    def group_made(self, group_id: str) -> Source:
        return self.model_copy(update={"security_group_id": group_id})

    def input_made(self, input_id: str, endpoints: list[str] | None = None) -> Source:
        return self.model_copy(update={"input_id": input_id, "endpoints": list(endpoints or self.endpoints)})

    def leaving(self) -> Source:
        return self.model_copy(update={"removing": True})


class OnAir(BaseModel):
    """What went on air when, as the product recorded it: DescribeSchedule keeps only about the last hour
    (ScheduleAction ActionName doc), so takes are never timed from it."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    source: str  # an attachment name: "host", "caller-1", "track-2"
    action: str | None = None  # the schedule action that made the switch, when there was one


class Platform(BaseModel):
    """An RTMP(S) output to YouTube, Facebook, Twitch or elsewhere. The key lives only in SSM."""

    model_config = ConfigDict(frozen=True)

    number: int
    kind: str
    name: str
    url: str
    key_parameter: str
    key_hint: str
    enabled: bool = True
    in_channel: bool = False
    removing: bool = False

    @property
    def wanted(self) -> bool:
        return self.enabled and not self.removing

    @property
    def pending(self) -> bool:
        return self.wanted != self.in_channel

    def leaving(self) -> Platform:
        return self.model_copy(update={"removing": True})

    def turned(self, enabled: bool) -> Platform:
        return self.model_copy(update={"enabled": enabled})


class Resources(BaseModel):
    """AWS resources the session owns. Secrets are never stored, only references to them."""

    model_config = ConfigDict(frozen=True)

    ivs_channel_arn: str | None = None
    ivs_ingest_endpoint: str | None = None
    ivs_playback_url: str | None = None
    stream_key_arn: str | None = None
    input_id: str | None = None
    input_endpoints: list[str] = Field(default_factory=list)
    channel_id: str | None = None

    @property
    def any(self) -> bool:
        return bool(self.ivs_channel_arn or self.input_id or self.channel_id)


class BusyMark(BaseModel):
    """An action holding the session. Its holder renews `until` while the work runs (a heartbeat), so a mark
    whose `until` has passed belongs to a dead worker and may be taken over."""

    model_config = ConfigDict(frozen=True)

    action: str
    actor: str
    since: datetime
    until: datetime
    holder: str = ""  # the process (Claims instance) running the action

    def alive(self, now: datetime) -> bool:
        return self.until > now

    def same_claim(self, other: BusyMark | None) -> bool:
        """The same hold, however often it was renewed since."""
        return other is not None and (self.holder, self.action, self.since) == (other.holder, other.action, other.since)

    def renewed(self, until: datetime) -> BusyMark:
        return self.model_copy(update={"until": until})


def open_period(periods: list[Period], at: datetime, *, shape: RunShape | None = None) -> list[Period]:
    """Start a period of this shape (None: the default show) unless one is already open (idempotent)."""
    if any(p.end is None for p in periods):
        return periods
    return [*periods, Period(start=at, shape=shape or RunShape())]


def close_period(periods: list[Period], at: datetime) -> list[Period]:
    return [p if p.end is not None else p.model_copy(update={"end": max(at, p.start)}) for p in periods]
