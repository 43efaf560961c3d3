"""The session: what the crew controls, as plain typed data."""

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
    """An action holding the session; expires so a crashed worker cannot wedge it."""

    model_config = ConfigDict(frozen=True)

    action: str
    actor: str
    since: datetime
    until: datetime


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    show_name: str
    chat_channel: str
    created_by: str
    created_at: datetime
    status: SessionStatus = SessionStatus.CREATING
    version: int = 0
    resources: Resources = Field(default_factory=Resources)
    channel_state: ChannelState | None = None
    channel_state_at: datetime | None = None
    stream_wanted: bool = False
    stream_key_revoked: bool = False
    ivs_live: bool = False
    live_since: datetime | None = None
    take: Take | None = None
    takes: list[Take] = Field(default_factory=list)
    channel_runs: list[Period] = Field(default_factory=list)
    live_periods: list[Period] = Field(default_factory=list)
    busy: BusyMark | None = None
    keep_until: datetime | None = None
    alerts_sent: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    platforms: list[Platform] = Field(default_factory=list)
    active_source: str | None = None
    autoplay: list[str] = Field(default_factory=list)  # schedule actions of a track run not yet cancelled
    on_air: list[OnAir] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)  # told by nobody's command; posted to the thread, then cleared
    ui: dict[str, str] = Field(default_factory=dict)
    ended_at: datetime | None = None
    final_cost: float | None = None
    last_error: str | None = None

    @property
    def stream(self) -> StreamState:
        if not self.stream_wanted:
            return StreamState.OFF
        if self.channel_state is ChannelState.RUNNING and self.ivs_live:
            return StreamState.LIVE
        return StreamState.STARTING

    @property
    def changes_pending(self) -> bool:
        """Sources or platforms the crew changed that the channel does not have yet (it must be idle)."""
        return any(s.pending for s in self.sources) or any(p.pending for p in self.platforms)

    @property
    def recording(self) -> bool:
        return self.take is not None

    @property
    def next_take_number(self) -> int:
        return len(self.takes) + (2 if self.take else 1)

    # Named transitions: every change of a session goes through one of these, so a typo is a type error
    # and each rule (what a run start resets, what stopping the stream closes) lives in one place.

    def _with(self, **changes: object) -> Session:
        return self.model_copy(update=changes)

    def stored_as(self, version: int) -> Session:
        return self._with(version=version)

    # set-up and end
    def set_up(self, at: datetime) -> Session:
        return self._with(status=SessionStatus.READY, channel_state=ChannelState.IDLE, channel_state_at=at)

    def failed(self, reason: str) -> Session:
        return self._with(status=SessionStatus.FAILED, last_error=reason)

    def ending(self) -> Session:
        return self._with(status=SessionStatus.ENDING)

    def ended(self, at: datetime) -> Session:
        return self._with(status=SessionStatus.ENDED, ended_at=at, take=None)

    def final_cost_is(self, cost: float) -> Session:
        return self._with(final_cost=round(cost, 2))

    # AWS resources, recorded the moment they exist
    def resources_recorded(self, **changes: object) -> Session:
        return self._with(resources=self.resources.model_copy(update=changes))

    def ivs_recorded(self, *, arn: str, ingest: str, playback: str, key_arn: str) -> Session:
        return self.resources_recorded(
            ivs_channel_arn=arn, ivs_ingest_endpoint=ingest, ivs_playback_url=playback, stream_key_arn=key_arn
        )

    def ivs_forgotten(self) -> Session:
        return self.resources_recorded(
            ivs_channel_arn=None, ivs_ingest_endpoint=None, ivs_playback_url=None, stream_key_arn=None
        )

    def input_recorded(self, input_id: str | None, endpoints: list[str]) -> Session:
        return self.resources_recorded(input_id=input_id, input_endpoints=endpoints)

    def channel_recorded(self, channel_id: str) -> Session:
        return self.resources_recorded(channel_id=channel_id)

    def stream_key_recorded(self, key_arn: str) -> Session:
        return self.resources_recorded(stream_key_arn=key_arn)

    def channel_gone(self, at: datetime) -> Session:
        """The MediaLive channel is deleted: nothing runs or streams any more."""
        return (
            self.stream_off(at)
            .resources_recorded(channel_id=None)
            ._with(
                channel_state=ChannelState.DELETED,
                channel_state_at=at,
                channel_runs=close_period(self.channel_runs, at),
            )
        )

    # claims (one crew action at a time)
    def claimed(self, mark: BusyMark) -> Session:
        return self._with(busy=mark)

    def released(self, *, error: str | None = None) -> Session:
        return self._with(busy=None, last_error=error)

    def released_keeping_error(self) -> Session:
        return self._with(busy=None)

    def noted(self, error: str) -> Session:
        return self._with(last_error=error)

    # the channel
    def run_started(self, *, at: datetime, shape: RunShape, stopped_at: datetime) -> Session:
        """A start MediaLive accepted: a new billed run, back on the host with a cleared schedule."""
        runs = open_period(close_period(self.channel_runs, stopped_at), at, shape=shape)
        return self._with(
            channel_state=ChannelState.STARTING,
            channel_state_at=at,
            channel_runs=runs,
            active_source=None,
            autoplay=[],
            on_air=[*self.on_air, OnAir(at=at, source="host")],
        )

    def channel_stopping(self, at: datetime) -> Session:
        return self._with(
            channel_state=ChannelState.STOPPING, channel_state_at=at, channel_runs=close_period(self.channel_runs, at)
        )

    def channel_stopped_by_aws(self, at: datetime, notice: str) -> Session:
        stopped = self.stream_off(at)
        return stopped._with(channel_runs=close_period(stopped.channel_runs, at), notices=[*stopped.notices, notice])

    def observed(
        self, *, state: ChannelState, ivs_live: bool, active: str | None, switch: str | None, at: datetime
    ) -> Session:
        """What AWS reported at `at`: the channel's state, whether IVS is live, and what is on air."""
        changes: dict[str, object] = {"ivs_live": ivs_live, "active_source": active}
        if active and (not self.on_air or self.on_air[-1].source != active):
            # A follow-mode switch (the tracklist) ran: its time is known to within one poll.
            changes["on_air"] = [*self.on_air, OnAir(at=at, source=active, action=switch)]
        if state is not self.channel_state:
            changes |= {"channel_state": state, "channel_state_at": at}
        if not state.on_air and state is not ChannelState.STOPPING:
            changes |= {
                "channel_runs": close_period(self.channel_runs, at),
                "live_periods": close_period(self.live_periods, at),
            }
        return self._with(**changes)

    # the stream
    def stream_on(self, at: datetime) -> Session:
        return self._with(stream_wanted=True, live_since=at, live_periods=open_period(self.live_periods, at))

    def stream_off(self, at: datetime) -> Session:
        """Nothing goes to viewers any more, from `at`."""
        return self._with(
            stream_wanted=False, ivs_live=False, live_since=None, live_periods=close_period(self.live_periods, at)
        )

    def key_revoked(self) -> Session:
        return self._with(stream_key_revoked=True)

    # takes
    def take_started(self, take: Take) -> Session:
        return self._with(take=take)

    def take_saved(self, done: Take) -> Session:
        return self._with(take=None, takes=[*self.takes, done])

    # sources, switching and platforms
    def source_put(self, source: Source) -> Session:
        """Record (or re-record) a source, matched by its token: intent is written before AWS is asked."""
        others = [y for y in self.sources if not (y.token and y.token == source.token)]
        return self._with(sources=[*others, source])

    def source_replaced(self, old: Source, new: Source) -> Session:
        return self._with(sources=[new if y == old else y for y in self.sources])

    def source_dropped(self, source: Source) -> Session:
        return self._with(sources=[y for y in self.sources if y != source])

    def switched(self, *, target: str, autoplay: list[str], switch: OnAir) -> Session:
        return self._with(active_source=target, autoplay=autoplay, on_air=[*self.on_air, switch])

    def platform_added(self, platform: Platform) -> Session:
        return self._with(platforms=[*self.platforms, platform])

    def platform_replaced(self, number: int, platform: Platform) -> Session:
        return self._with(platforms=[platform if p.number == number else p for p in self.platforms])

    def platform_dropped(self, number: int) -> Session:
        return self._with(platforms=[p for p in self.platforms if p.number != number])

    def sources_and_platforms_forgotten(self) -> Session:
        return self._with(sources=[], platforms=[])

    def configuration_applied(self, *, public: bool) -> Session:
        """MediaLive accepted an edit: what was added is attached, what was removed is gone."""
        sources = [src.model_copy(update={"attached": True}) if src.created else src for src in self.sources]
        changes: dict[str, object] = {
            "sources": [src for src in sources if not src.removing],
            "platforms": [p.model_copy(update={"in_channel": p.wanted}) for p in self.platforms if not p.removing],
        }
        if public:
            changes["stream_key_revoked"] = False
        return self._with(**changes)

    # the crew's and the watchdog's marks, and the chat surface
    def kept_until(self, until: datetime) -> Session:
        return self._with(keep_until=until)

    def alerts_sent_for(self, keys: list[str]) -> Session:
        return self._with(alerts_sent=[*self.alerts_sent, *keys])

    def notices_posted(self, posted: list[str]) -> Session:
        return self._with(notices=[n for n in self.notices if n not in posted])

    def ui_remembered(self, refs: dict[str, str]) -> Session:
        return self._with(ui={**self.ui, **refs})

    def ui_forgotten(self) -> Session:
        return self._with(ui={})


def open_period(periods: list[Period], at: datetime, *, shape: RunShape | None = None) -> list[Period]:
    """Start a period of this shape (None: the default show) unless one is already open (idempotent)."""
    if any(p.end is None for p in periods):
        return periods
    return [*periods, Period(start=at, shape=shape or RunShape())]


def close_period(periods: list[Period], at: datetime) -> list[Period]:
    return [p if p.end is not None else p.model_copy(update={"end": max(at, p.start)}) for p in periods]
