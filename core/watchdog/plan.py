"""What the watchdog's policy works on and produces: facts in; findings and actions out (plain data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from core.adapters.aws.ivs import IvsChannelSummary
from core.adapters.aws.medialive import ChannelFacts, InputFacts, InputSecurityGroupFacts
from core.config import WatchdogSettings
from core.domain.channel_spec import owned_by
from core.domain.session import Session
from core.watchdog.marks import Kind, Op, Reason, WatchMark, mark_key


@dataclass(frozen=True)
class Policy:
    deployment: str  # the OWNER_TAG value of resources this bot may change
    idle: timedelta
    grace: timedelta
    max_show: timedelta
    no_viewers: timedelta = timedelta(minutes=30)  # live to 0 viewers this long: streaming to nobody
    input_loss: timedelta = timedelta(minutes=7)  # an input-loss alert set this long: idle, sooner than the metrics
    metric_period: timedelta = timedelta(minutes=1)
    dry_run: bool = False
    shared: frozenset[str] = frozenset()  # resources every show uses (the host's input security group): never leftovers

    def owns(self, tags: Mapping[str, str]) -> bool:
        """The resource carries this deployment's owner tag: the only ones the bot may change."""
        return owned_by(tags, self.deployment)

    @classmethod
    def of(
        cls, settings: WatchdogSettings, *, deployment: str, dry_run: bool | None = None, shared: Iterable[str] = ()
    ) -> Policy:
        return cls(
            deployment=deployment,
            idle=timedelta(minutes=settings.idle_minutes),
            grace=timedelta(minutes=settings.grace_minutes),
            max_show=timedelta(hours=settings.max_show_hours),
            no_viewers=timedelta(minutes=settings.no_viewers_minutes),
            input_loss=timedelta(minutes=settings.input_loss_minutes),
            metric_period=timedelta(seconds=settings.metric_period_seconds),
            dry_run=settings.dry_run if dry_run is None else dry_run,
            shared=frozenset(shared),
        )


@dataclass(frozen=True)
class Facts:
    now: datetime
    channels: Sequence[ChannelFacts]
    inputs: Sequence[InputFacts]
    sessions: Mapping[str, Session]  # by id, for every session a resource is tagged with
    marks: Mapping[str, WatchMark]  # by mark key
    last_input: Mapping[str, datetime | None]  # by channel id, for encoding channels
    input_since: datetime  # the start of the window `last_input` looked at
    ivs_channels: Sequence[IvsChannelSummary] = ()
    security_groups: Sequence[InputSecurityGroupFacts] = ()
    parameters: Sequence[str] = ()  # names of the stored keys below this deployment's path; never their values
    viewers: Mapping[str, int] = field(default_factory=dict)  # by IVS channel ARN: live streams of on-air shows only
    viewers_known: bool = True  # False when the live streams could not be listed: no audience is judged this sweep
    # By channel id, for channels whose alerts were read: when the earliest SET input-loss alert was set, or None
    # when MediaLive reports none (video is arriving, whatever the metrics, which lag, say yet).
    input_lost: Mapping[str, datetime | None] = field(default_factory=dict)

    def mark(self, kind: Kind, resource_id: str, policy: Policy) -> WatchMark | None:
        """The mark as this mode sees it: a dry run's warnings and actions do not count for a real sweep."""
        mark = self.marks.get(mark_key(kind, resource_id))
        if mark is not None and mark.dry_run != policy.dry_run:
            return mark.settled()
        return mark


class Resolution(StrEnum):
    INPUT_BACK = "input_back"
    STOPPED = "stopped"
    KEPT = "kept"
    OWNED_AGAIN = "owned_again"
    VIEWERS_BACK = "viewers_back"  # someone watches again, or the stream is off: nobody is streamed to in vain


LeftoverKind = Literal["ivs_channel", "security_group", "parameter"]


@dataclass(frozen=True)
class Leftover:
    """An IVS channel, a caller's input security group or a stored platform key of this deployment, with the
    session it was made for: what a show makes besides its MediaLive channel and inputs."""

    kind: LeftoverKind
    id: str  # the IVS channel's ARN, the group's id, the parameter's name
    name: str
    session_id: str
    state: str = ""
    used_by: tuple[str, ...] = ()  # a group's inputs: MediaLive deletes a group only once no input uses it


# actions ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Warn:
    channel: ChannelFacts
    reason: Reason
    then: Op
    due_at: datetime
    session: Session | None
    running_since: datetime | None
    mark: WatchMark | None


@dataclass(frozen=True)
class Stop:
    channel: ChannelFacts
    reason: Reason
    session: Session
    running_since: datetime | None
    mark: WatchMark | None


@dataclass(frozen=True)
class DeleteChannel:
    channel: ChannelFacts
    reason: Reason
    session: Session | None
    running_since: datetime | None
    mark: WatchMark | None
    inputs: tuple[str, ...] = ()  # its attached inputs that are ours too: deleted once detached


@dataclass(frozen=True)
class DeleteInput:
    input: InputFacts
    mark: WatchMark | None


@dataclass(frozen=True)
class ReportUnmanaged:
    channel: ChannelFacts
    mark: WatchMark | None


@dataclass(frozen=True)
class NoteRunning:
    channel: ChannelFacts
    mark: WatchMark | None


@dataclass(frozen=True)
class NoteAudience:
    """Remember since when the show has streamed to 0 viewers (None: it has viewers again, or is off IVS)."""

    channel: ChannelFacts
    mark: WatchMark | None
    no_viewers_since: datetime | None


@dataclass(frozen=True)
class NoteUnused:
    input: InputFacts
    mark: WatchMark | None


@dataclass(frozen=True)
class NoteLeftover:
    found: Leftover
    mark: WatchMark | None


@dataclass(frozen=True)
class DeleteLeftover:
    found: Leftover
    mark: WatchMark | None


@dataclass(frozen=True)
class ClearWarning:
    channel: ChannelFacts
    resolution: Resolution
    session: Session | None
    mark: WatchMark
    running_since: datetime | None  # kept in the mark while the channel runs


@dataclass(frozen=True)
class Forget:
    mark: WatchMark


Action = (
    Warn
    | Stop
    | DeleteChannel
    | DeleteInput
    | DeleteLeftover
    | ReportUnmanaged
    | NoteRunning
    | NoteAudience
    | NoteUnused
    | NoteLeftover
    | ClearWarning
    | Forget
)


# findings ---------------------------------------------------------------------------------------------
class ResourceStatus(StrEnum):
    WATCHING = "watching"  # wrong, but not due yet
    DUE = "due"  # acted on in this sweep
    KEPT = "kept"  # a keep holds the action back
    WAITING = "waiting"  # the channel is changing state
    REPORTED = "reported"  # already warned or reported (dry run: already "done")


@dataclass(frozen=True)
class Finding:
    kind: Kind
    resource_id: str
    name: str
    state: str
    owned: bool
    session_id: str | None
    reason: Reason
    status: ResourceStatus
    next: str  # "warn", "stop", "delete", "report" or "" (nothing more)
    since: datetime | None = None  # when the condition began, where known
    due_at: datetime | None = None  # when `next` happens


@dataclass(frozen=True)
class Decision:
    findings: tuple[Finding, ...]
    actions: tuple[Action, ...]


Item = Finding | Action
