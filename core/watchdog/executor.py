"""Carrying out the watchdog's decided actions: claim the mark, act (unless a dry run), tell, settle the mark.

Claiming is a compare-and-swap on the mark the decision was made from, so of two sweeps that decided the
same action only one carries it out. In a dry run the claim is recorded (so it is reported once) and
nothing in AWS or the sessions changes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from core.adapters.aws.medialive import ChannelFacts
from core.config import Rates
from core.domain.channel_spec import SESSION_TAG
from core.domain.costs import running_cost, running_hourly, session_cost
from core.domain.session import Session
from core.ports import SessionStorePort
from core.watchdog.cleanup import Cleanup
from core.watchdog.events import ActionOutcome, EventKind, Notifier, WatchEvent
from core.watchdog.leftovers import LeftoverRemoval
from core.watchdog.marks import Kind, Op, Reason, WatchMark, WatchMarks, WatchWarning
from core.watchdog.plan import (
    Action,
    ClearWarning,
    DeleteChannel,
    DeleteInput,
    DeleteLeftover,
    Forget,
    NoteAudience,
    NoteLeftover,
    NoteRunning,
    NoteUnused,
    ReportUnmanaged,
    Resolution,
    Stop,
    Warn,
)

log = logging.getLogger(__name__)

STOP_NOTE = "The watchdog stopped the channel."
DELETE_NOTE = "The watchdog deleted the leftover channel and its inputs."


_VERBS: dict[type, str] = {
    Warn: "warn",
    Stop: "stop",
    DeleteChannel: "delete channel",
    DeleteInput: "delete input",
    DeleteLeftover: "delete",
    ReportUnmanaged: "report",
    NoteRunning: "note",
    NoteAudience: "note",
    NoteUnused: "note",
    NoteLeftover: "note",
    ClearWarning: "clear",
    Forget: "forget",
}


def describe(action: Action) -> tuple[str, Kind, str, str]:
    """(verb, resource kind, id, name) of an action, for reports and logs."""
    verb = _VERBS[type(action)]
    match action:
        case DeleteInput(input=found) | NoteUnused(input=found):
            return verb, "input", found.id, found.id
        case DeleteLeftover(found=leftover) | NoteLeftover(found=leftover):
            return verb, leftover.kind, leftover.id, leftover.name
        case Forget(mark=mark):
            return verb, mark.kind, mark.resource_id, mark.resource_id
        case _:
            return verb, "channel", action.channel.id, action.channel.name


def outcome(action: Action, *, done: bool, note: str = "", error: str | None = None) -> ActionOutcome:
    verb, kind, resource_id, name = describe(action)
    return ActionOutcome(verb, kind, resource_id, name, getattr(action, "reason", None), done, note, error)


def _blank(resource_id: str, kind: Kind = "channel") -> WatchMark:
    return WatchMark(kind=kind, resource_id=resource_id)


def _event(
    kind: EventKind,
    channel: ChannelFacts,
    session: Session | None,
    dry: bool,
    *,
    reason: Reason | None = None,
    cost: float | None = None,
    hourly: float | None = None,
    posted: Mapping[str, str] | None = None,
) -> WatchEvent:
    return WatchEvent(
        kind=kind,
        resource="channel",
        resource_id=channel.id,
        name=channel.name,
        reason=reason,
        session=session,
        dry_run=dry,
        cost=cost,
        hourly=hourly,
        warning_posted=posted or {},
    )


def _posted(mark: WatchMark | None) -> Mapping[str, str]:
    return dict(mark.warning.posted) if mark and mark.warning else {}


@dataclass(frozen=True, kw_only=True)
class SweepActions:
    store: SessionStorePort
    marks: WatchMarks
    cleanup: Cleanup
    leftovers: LeftoverRemoval
    rates: Rates
    notifier: Notifier
    dry_run: bool = False  # decided once for the whole sweep by the Sweeper: report and mark, change nothing

    def run(self, action: Action, *, now: datetime) -> ActionOutcome:
        dry = self.dry_run
        match action:
            case Warn():
                self._warn(action, now)
            case Stop():
                self._stop(action, now)
            case DeleteChannel():
                self._delete_channel(action, now)
            case DeleteInput():
                self._delete_input(action)
            case DeleteLeftover():
                self._delete_leftover(action)
            case ReportUnmanaged():
                self._report_unmanaged(action, now)
            case NoteRunning(channel=channel, mark=mark):
                self.marks.swap(mark, (mark or _blank(channel.id)).running_seen(now))
            case NoteAudience(channel=channel, mark=mark, no_viewers_since=nobody_since):
                self.marks.swap(mark, (mark or _blank(channel.id)).audience_seen(nobody_since))
            case NoteUnused(input=found, mark=mark):
                self.marks.swap(mark, (mark or _blank(found.id, "input")).unused_seen(now))
            case NoteLeftover(found=leftover, mark=mark):
                self.marks.swap(mark, (mark or _blank(leftover.id, leftover.kind)).unused_seen(now))
            case ClearWarning():
                self._clear(action)
            case Forget(mark=mark):
                self.marks.swap(mark, None)
        acts = isinstance(action, Stop | DeleteChannel | DeleteInput | DeleteLeftover)
        return outcome(action, done=not (dry and acts), note="dry run" if dry and acts else "")

    def tell(self, event: WatchEvent) -> Mapping[str, str] | None:
        """A failed post must not stop the sweep: the action has happened and is logged either way."""
        try:
            return self.notifier.notify(event)
        except Exception:
            log.exception("watchdog: could not post the %s event for %s", event.kind.value, event.resource_id)
            return None

    def cost(
        self, channel: ChannelFacts, session: Session | None, since: datetime | None, now: datetime
    ) -> tuple[float, float]:
        """The session's cost when it accounts for the channel, else the channel's own since first seen."""
        if session is not None and session.resources.channel_id == channel.id:
            cost = session_cost(session, now=now, rates=self.rates)
            return cost.total, cost.hourly_now
        if since is None or not channel.state.on_air:
            return 0.0, 0.0
        return running_cost(since, now, self.rates), running_hourly(self.rates)

    # one method per action ----------------------------------------------------------------------------
    def _warn(self, action: Warn, now: datetime) -> None:
        dry = self.dry_run
        channel, mark = action.channel, action.mark
        base = mark or _blank(channel.id)
        warning = WatchWarning(reason=action.reason, then=action.then, warned_at=now, due_at=action.due_at)
        since = base.running_since or (action.running_since if channel.state.on_air else None)
        stored = self.marks.swap(mark, base.warned(warning, dry=dry, running_since=since))
        cost, hourly = self.cost(channel, action.session, since, now)
        event = _event(EventKind.WARNED, channel, action.session, dry, reason=action.reason, cost=cost, hourly=hourly)
        posted = self.tell(replace(event, due_at=action.due_at, then=action.then.value))
        if posted and stored is not None and stored.warning is not None:
            # Remembered so the outcome can settle the warning message (its buttons) later.
            self.marks.swap(stored, stored.warning_posted(dict(posted)))

    def _claim(self, mark: WatchMark | None, resource_id: str, op: Op, action: Action) -> WatchMark | None:
        kind: Kind = "input" if isinstance(action, DeleteInput) else "channel"
        if isinstance(action, DeleteLeftover):
            kind = action.found.kind
        reason = getattr(action, "reason", None)
        base = mark or _blank(resource_id, kind)
        return self.marks.swap(mark, base.acting_on(op, reason, dry=self.dry_run))

    def _stop(self, action: Stop, now: datetime) -> None:
        dry = self.dry_run
        channel, session = action.channel, action.session
        claimed = self._claim(action.mark, channel.id, Op.STOP, action)
        if not dry:
            self.cleanup.stop_show_channel(session_id=session.id, channel_id=channel.id)
            session = self.store.update(session.id, lambda s: s.noted(STOP_NOTE))
        cost, _ = self.cost(channel, session, action.running_since, now)
        posted = _posted(action.mark)
        self.tell(_event(EventKind.STOPPED, channel, session, dry, reason=action.reason, cost=cost, posted=posted))
        if not dry:
            self.marks.swap(claimed, None)

    def _delete_channel(self, action: DeleteChannel, now: datetime) -> None:
        dry = self.dry_run
        channel, session = action.channel, action.session
        claimed = self._claim(action.mark, channel.id, Op.DELETE, action)
        cost, _ = self.cost(channel, session, action.running_since, now)
        if not dry:
            session = self.cleanup.delete_channel(
                channel_id=channel.id, inputs=action.inputs, session=session, note=DELETE_NOTE
            )
        posted = _posted(action.mark)
        self.tell(_event(EventKind.DELETED, channel, session, dry, reason=action.reason, cost=cost, posted=posted))
        if not dry:
            self.marks.swap(claimed, None)

    def _delete_input(self, action: DeleteInput) -> None:
        dry = self.dry_run
        found = action.input
        claimed = self._claim(action.mark, found.id, Op.DELETE, action)
        session_id = found.tags.get(SESSION_TAG)
        session = self.store.get(session_id) if session_id else None
        if not dry:
            self.cleanup.delete_input(found.id, session=session)
        self.tell(WatchEvent(EventKind.INPUT_DELETED, "input", found.id, found.id, None, session, dry_run=dry))
        if not dry:
            self.marks.swap(claimed, None)

    def _delete_leftover(self, action: DeleteLeftover) -> None:
        dry = self.dry_run
        found = action.found
        claimed = self._claim(action.mark, found.id, Op.DELETE, action)
        session = self.store.get(found.session_id)
        if not dry:
            self.leftovers.delete(found, session=session)
        event = WatchEvent(EventKind.RESOURCE_DELETED, found.kind, found.id, found.name, Reason.UNRECORDED, session)
        self.tell(replace(event, dry_run=dry))
        if not dry:
            self.marks.swap(claimed, None)

    def _report_unmanaged(self, action: ReportUnmanaged, now: datetime) -> None:
        dry = self.dry_run
        channel, mark = action.channel, action.mark
        self.marks.swap(mark, (mark or _blank(channel.id)).running_seen(now))
        hourly = running_hourly(self.rates)
        self.tell(_event(EventKind.UNMANAGED, channel, None, dry, cost=0.0, hourly=hourly))

    def _clear(self, action: ClearWarning) -> None:
        dry = self.dry_run
        channel, mark = action.channel, action.mark
        if action.resolution is Resolution.STOPPED:
            self.marks.swap(mark, None)
        else:
            since = mark.running_since or action.running_since
            settled = mark.settled(running_since=since)
            if action.resolution is Resolution.VIEWERS_BACK:
                settled = settled.audience_seen(None)
            self.marks.swap(mark, settled)
        if action.resolution is not Resolution.KEPT:  # a keep tells the thread itself
            reason = mark.warning.reason if mark.warning else None
            event = _event(EventKind.RESOLVED, channel, action.session, dry, reason=reason, posted=_posted(mark))
            self.tell(replace(event, resolution=action.resolution))
