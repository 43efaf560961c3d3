"""The session: what the crew controls, as typed data that changes only through named transitions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from core import messages
from core.domain.health import Health
from core.domain.show_parts import (
    BusyMark,
    ChannelState,
    OnAir,
    Period,
    Platform,
    Resources,
    RunShape,
    SessionStatus,
    Source,
    SourceKind,
    StreamState,
    Take,
    close_period,
    open_period,
)
from core.errors import SessionEnded

__all__ = [
    "BusyMark",
    "ChannelState",
    "OnAir",
    "Period",
    "Platform",
    "Resources",
    "RunShape",
    "Session",
    "SessionStatus",
    "Source",
    "SourceKind",
    "StreamState",
    "Take",
    "close_period",
    "open_period",
]


class WrongStatus(SessionEnded):
    """A status change the state machine forbids (e.g. setup finishing after `end` began): nothing is changed."""

    def __init__(self, status: SessionStatus, target: SessionStatus) -> None:
        told = {SessionStatus.FAILED: messages.SETUP_FAILED, SessionStatus.READY: messages.ALREADY_SET_UP}
        super().__init__(told.get(status, messages.SHOW_ENDED))
        self.status, self.target = status, target


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    show_name: str
    chat_channel: str
    created_by: str
    created_at: datetime
    planned_minutes: int | None = None  # how long the crew said the show runs (`new Late Show for 2h`)
    status: SessionStatus = SessionStatus.CREATING
    version: int = 0
    resources: Resources = Field(default_factory=Resources)
    channel_state: ChannelState | None = None
    channel_state_at: datetime | None = None
    stream_wanted: bool = False
    stream_key_revoked: bool = False
    stop_wanted: bool = False  # a stop was asked for and not yet seen done: the next command or refresh finishes it
    ivs_live: bool = False
    ivs_live_at: datetime | None = None  # when IVS was first seen live for this stream (a start takes minutes)
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
    health: Health = Field(default_factory=Health)  # what AWS last reported of the picture, alerts and stream
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

    @property
    def running_since(self) -> datetime | None:
        """When the open channel run started; None while the channel is not running."""
        return next((p.start for p in self.channel_runs if p.end is None), None)

    # Named transitions: every change of a session goes through one of these, so a typo is a type error
    # and each rule (what a run start resets, what stopping the stream closes) lives in one place.

    def _with(self, **changes: object) -> Session:
        return self.model_copy(update=changes)

    def stored_as(self, version: int) -> Session:
        return self._with(version=version)

    def changed_since(self, read: Session) -> bool:
        """Changed since `read` was stored, other than by its claim's heartbeat (which only renews the mark)."""
        if self.version == read.version:
            return False
        same_hold = self.busy == read.busy or (self.busy is not None and self.busy.same_claim(read.busy))
        bare = {"version": 0, "busy": None}
        return not same_hold or self._with(**bare) != read._with(**bare)

    # set-up and end: the only transitions that change `status`, each checked against its state machine
    def _becoming(self, target: SessionStatus, **changes: object) -> Session:
        if not self.status.may_become(target):
            raise WrongStatus(self.status, target)
        return self._with(status=target, **changes)

    def set_up(self, at: datetime) -> Session:
        return self._becoming(SessionStatus.READY, channel_state=ChannelState.IDLE, channel_state_at=at)

    def failed(self, reason: str) -> Session:
        return self._becoming(SessionStatus.FAILED, last_error=reason)

    def ending(self) -> Session:
        return self._becoming(SessionStatus.ENDING)

    def ended(self, at: datetime) -> Session:
        """Everything is deleted: whatever period is still open closes now, so nothing ended is billed on."""
        return self._becoming(
            SessionStatus.ENDED,
            ended_at=at,
            take=None,
            stream_wanted=False,
            ivs_live=False,
            live_since=None,
            channel_runs=close_period(self.channel_runs, at),
            live_periods=close_period(self.live_periods, at),
        )

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

    def stop_intended(self) -> Session:
        """Written before StopChannel is called, so a failed or interrupted stop is never forgotten."""
        return self._with(stop_wanted=True)

    @property
    def channel_on_air_unwanted(self) -> bool:
        """The channel runs (bills) though nothing wants it: no stream, no take."""
        running = self.channel_state is not None and self.channel_state.on_air
        return running and not self.stream_wanted and self.take is None

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
        if ivs_live != self.ivs_live:
            changes["ivs_live_at"] = at if ivs_live else None
        if active and (not self.on_air or self.on_air[-1].source != active):
            # A follow-mode switch (the tracklist) ran: its time is known to within one poll.
            changes["on_air"] = [*self.on_air, OnAir(at=at, source=active, action=switch)]
        if state is not self.channel_state:
            changes |= {"channel_state": state, "channel_state_at": at}
        if state in (ChannelState.IDLE, ChannelState.DELETED):
            changes["stop_wanted"] = False
        if not state.on_air and state is not ChannelState.STOPPING:
            changes |= {
                "channel_runs": close_period(self.channel_runs, at),
                "live_periods": close_period(self.live_periods, at),
            }
        return self._with(**changes)

    def health_noted(self, health: Health, lines: list[str]) -> Session:
        """The show's health as read now, and the thread lines its changes call for (posted like any notice)."""
        return self._with(health=health, notices=[*self.notices, *lines])

    # the stream
    def stream_on(self, at: datetime) -> Session:
        return self._with(stream_wanted=True, live_since=at, live_periods=open_period(self.live_periods, at))

    def stream_off(self, at: datetime) -> Session:
        """Nothing goes to viewers any more, from `at`."""
        return self._with(
            stream_wanted=False,
            ivs_live=False,
            ivs_live_at=None,
            live_since=None,
            live_periods=close_period(self.live_periods, at),
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
