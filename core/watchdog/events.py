"""What a sweep tells the crew and reports to its caller (plain data), and the port the telling goes through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from core.domain.session import Session
from core.watchdog.marks import Kind, Reason
from core.watchdog.plan import Finding, Resolution


class Mode(StrEnum):
    ACT = "act"  # warn, act, record
    DRY_RUN = "dry_run"  # warn and report what it would do; change nothing in AWS or the sessions
    PREVIEW = "preview"  # decide and return the report only: no posts, no marks


class EventKind(StrEnum):
    WARNED = "warned"
    STOPPED = "stopped"
    DELETED = "deleted"
    INPUT_DELETED = "input_deleted"
    RESOURCE_DELETED = "resource_deleted"  # a leftover IVS channel, input security group or stored key
    UNMANAGED = "unmanaged"
    RESOLVED = "resolved"
    KEPT = "kept"
    FAILED = "failed"


@dataclass(frozen=True)
class WatchEvent:
    kind: EventKind
    resource: Kind
    resource_id: str
    name: str
    reason: Reason | None
    session: Session | None  # set when the resource belongs to one (its thread gets the message)
    dry_run: bool = False
    due_at: datetime | None = None  # when the warned action happens
    then: str = ""  # what happens then: "stop" or "delete"
    cost: float | None = None  # accrued so far, USD
    hourly: float | None = None  # USD per hour now
    resolution: Resolution | None = None
    actor: str | None = None  # who acted, when a person did
    until: datetime | None = None  # a keep's end
    error: str | None = None  # crew-facing
    warning_posted: Mapping[str, str] = field(default_factory=dict)  # the earlier warning, to settle it


class Notifier(Protocol):
    """Where events go (a chat surface, a log); returns where the message landed, if anywhere."""

    def notify(self, event: WatchEvent) -> Mapping[str, str] | None: ...


@dataclass(frozen=True)
class ActionOutcome:
    """One decided action and what became of it."""

    action: str  # "warn", "stop", "delete channel", "delete input", "delete", "report", "note", "clear", "forget"
    resource: Kind
    resource_id: str
    name: str
    reason: Reason | None
    done: bool  # changed something (false in a dry run or preview, or when it failed)
    note: str = ""
    error: str | None = None


@dataclass(frozen=True)
class PolicySource:
    """Which watchdog settings a sweep decided with: the deployment's as its sweeps recorded them (`recorded_at`),
    or this process's own (None: nothing recorded yet); `differences` from this process's, one line each."""

    recorded_at: datetime | None
    differences: tuple[str, ...] = ()


@dataclass(frozen=True)
class SweepReport:
    at: datetime
    mode: Mode
    channels: int
    inputs: int
    findings: tuple[Finding, ...]
    outcomes: tuple[ActionOutcome, ...]
    policy: PolicySource | None = None  # set for a preview: whose settings it used

    @property
    def failed(self) -> tuple[ActionOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error)
