"""The watchdog's policy (pure): from what AWS, the store and the marks say now, what is wrong and what to do.

Level-triggered: every decision is made from the present state, so a sweep that died halfway is finished
by the next one, and doing a decided action twice is prevented by the mark it was decided on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from core.adapters.aws.medialive import ChannelFacts
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import ChannelState, Session, SessionStatus
from core.watchdog.input_policy import input_items
from core.watchdog.leftover_policy import leftover_decisions
from core.watchdog.marks import Op, Reason, WatchMark
from core.watchdog.plan import (
    Action,
    ClearWarning,
    Decision,
    DeleteChannel,
    Facts,
    Finding,
    Forget,
    Item,
    NoteAudience,
    NoteRunning,
    Policy,
    ReportUnmanaged,
    Resolution,
    ResourceStatus,
    Stop,
    Warn,
)

_DELETABLE = (ChannelState.IDLE, ChannelState.CREATE_FAILED, ChannelState.UPDATE_FAILED)
_GOING = (ChannelState.DELETING, ChannelState.DELETED)
_ENCODING = (ChannelState.RUNNING, ChannelState.RECOVERING)


def decide(facts: Facts, policy: Policy) -> Decision:
    findings: list[Finding] = []
    actions: list[Action] = []
    items: list[Item] = [i for c in facts.channels for i in _channel(c, facts, policy)]
    items += [i for found in facts.inputs for i in input_items(found, facts, policy)]
    items += leftover_decisions(facts, policy)
    for item in items:
        if isinstance(item, Finding):
            findings.append(item)
        else:
            actions.append(item)
    return Decision(tuple(findings), tuple(actions))


def session_owns(session: Session | None, channel_id: str, now: datetime) -> bool:
    """The session is live in the bot and records this channel as its own.

    A setup or an end is owned only while its worker is alive (its mark renewed): one whose worker died is
    finished by the follow-up job, and until then the channel is watched like any other orphan."""
    if session is None or session.resources.channel_id != channel_id:
        return False
    if session.status in (SessionStatus.CREATING, SessionStatus.ENDING):
        return session.busy is not None and session.busy.alive(now)
    return session.status is SessionStatus.READY


def open_run_start(session: Session) -> datetime | None:
    return session.running_since


def _channel(channel: ChannelFacts, facts: Facts, policy: Policy) -> Iterator[Item]:
    mark = facts.mark("channel", channel.id, policy)
    if not policy.owns(channel.tags):
        yield from _unmanaged(channel, mark, facts)
        return
    if channel.state in _GOING:
        return
    session = facts.sessions.get(channel.tags.get(SESSION_TAG, ""))
    if session_owns(session, channel.id, facts.now):
        assert session is not None
        yield from _show_channel(channel, session, mark, facts, policy)
    else:
        yield from _orphan(channel, session, mark, facts, policy)


def _finding(
    channel: ChannelFacts,
    reason: Reason,
    status: ResourceStatus,
    next_step: str,
    *,
    owned_: bool = True,
    since: datetime | None = None,
    due_at: datetime | None = None,
) -> Finding:
    return Finding(
        kind="channel",
        resource_id=channel.id,
        name=channel.name,
        state=channel.state.value,
        owned=owned_,
        session_id=channel.tags.get(SESSION_TAG),
        reason=reason,
        status=status,
        next=next_step,
        since=since,
        due_at=due_at,
    )


def _our_inputs(channel: ChannelFacts, facts: Facts, policy: Policy) -> tuple[str, ...]:
    attached = set(channel.input_ids)
    return tuple(i.id for i in facts.inputs if i.id in attached and policy.owns(i.tags))


def _unmanaged(channel: ChannelFacts, mark: WatchMark | None, facts: Facts) -> Iterator[Item]:
    """Never changed: reported once per run, with what it has cost since first seen."""
    if not channel.state.on_air:
        if mark is not None:
            yield Forget(mark)
        return
    if mark is None or mark.running_since is None:
        yield _finding(channel, Reason.UNMANAGED, ResourceStatus.DUE, "report", owned_=False, since=facts.now)
        yield ReportUnmanaged(channel, mark)
    else:
        yield _finding(channel, Reason.UNMANAGED, ResourceStatus.REPORTED, "", owned_=False, since=mark.running_since)


def _kept(mark: WatchMark | None, session: Session | None, now: datetime) -> datetime | None:
    keeps = [k for k in (mark.keep_until if mark else None, session.keep_until if session else None) if k]
    latest = max(keeps, default=None)
    return latest if latest is not None and latest > now else None


def _orphan(
    channel: ChannelFacts, session: Session | None, mark: WatchMark | None, facts: Facts, policy: Policy
) -> Iterator[Item]:
    now = facts.now
    since = mark.running_since if mark else None
    if mark is not None and mark.acting is Op.DELETE:
        if policy.dry_run:
            yield _finding(channel, mark.acting_reason or Reason.ORPHAN, ResourceStatus.REPORTED, "")
        else:  # a sweep started deleting it; finish the job
            yield _finding(channel, mark.acting_reason or Reason.ORPHAN, ResourceStatus.DUE, "delete")
            yield DeleteChannel(
                channel, mark.acting_reason or Reason.ORPHAN, session, since, mark, _our_inputs(channel, facts, policy)
            )
        return
    kept = _kept(mark, None, now)
    ended = session is not None and session.status in (SessionStatus.ENDED, SessionStatus.FAILED)
    if channel.state in _DELETABLE and ended:
        # The show is over and the channel is not encoding: nothing to warn anyone about.
        if kept:
            yield _finding(channel, Reason.LEFTOVER, ResourceStatus.KEPT, "delete", due_at=kept)
        else:
            yield _finding(channel, Reason.LEFTOVER, ResourceStatus.DUE, "delete")
            yield DeleteChannel(channel, Reason.LEFTOVER, session, since, mark, _our_inputs(channel, facts, policy))
        return
    if not channel.state.on_air and channel.state not in _DELETABLE:
        yield _finding(channel, Reason.ORPHAN, ResourceStatus.WAITING, "warn")
        return
    if channel.state.on_air and since is None:
        since = now  # first seen now; the warning records it
    yield from _warn_then(channel, Reason.ORPHAN, Op.DELETE, session, mark, kept, since, facts, policy)


def _warn_then(
    channel: ChannelFacts,
    reason: Reason,
    then: Op,
    session: Session | None,
    mark: WatchMark | None,
    kept: datetime | None,
    since: datetime | None,
    facts: Facts,
    policy: Policy,
) -> Iterator[Item]:
    """Warn now; act once the grace period after the warning has passed, unless kept meanwhile."""
    warning = mark.warning if mark else None
    if kept:
        yield _finding(channel, reason, ResourceStatus.KEPT, then.value, since=since, due_at=kept)
        if mark is not None and warning is not None:
            yield ClearWarning(channel, Resolution.KEPT, session, mark, since)
        return
    if warning is None:
        due = facts.now + policy.grace
        yield _finding(channel, reason, ResourceStatus.DUE, "warn", since=since, due_at=due)
        yield Warn(channel, reason, then, due, session, since, mark)
        return
    if facts.now < warning.due_at:
        yield _finding(channel, warning.reason, ResourceStatus.WATCHING, then.value, since=since, due_at=warning.due_at)
        return
    yield _finding(channel, warning.reason, ResourceStatus.DUE, then.value, since=since, due_at=warning.due_at)
    if then is Op.DELETE:
        yield DeleteChannel(channel, warning.reason, session, since, mark, _our_inputs(channel, facts, policy))
    elif session is not None:
        yield Stop(channel, warning.reason, session, since, mark)


def _show_channel(
    channel: ChannelFacts, session: Session, mark: WatchMark | None, facts: Facts, policy: Policy
) -> Iterator[Item]:
    """A channel of a live session: stopped (never deleted) when idle, streaming to nobody or on too long."""
    if mark is not None and mark.acting is Op.STOP:
        if policy.dry_run:
            yield _finding(channel, mark.acting_reason or Reason.NO_INPUT, ResourceStatus.REPORTED, "")
        else:  # finish (and report) a stop a previous sweep started
            yield _finding(channel, mark.acting_reason or Reason.NO_INPUT, ResourceStatus.DUE, "stop")
            yield Stop(channel, mark.acting_reason or Reason.NO_INPUT, session, mark.running_since, mark)
        return
    if not channel.state.on_air:
        if mark is not None and mark.warning:
            yield ClearWarning(channel, Resolution.STOPPED, session, mark, None)
        elif mark is not None and (mark.running_since or mark.no_viewers_since):
            yield Forget(mark)
        return
    items = list(_on_air(channel, session, mark, facts, policy))
    yield from items
    audience = _audience(channel, session, mark, facts)
    if audience is not None and all(isinstance(i, Finding) for i in items):
        yield audience  # a mark is written once per sweep: otherwise the next sweep notes it


def _on_air(
    channel: ChannelFacts, session: Session, mark: WatchMark | None, facts: Facts, policy: Policy
) -> Iterator[Item]:
    known = known_run_start(session, mark)
    noted = known is not None
    since = known or facts.now  # first seen on air now (started outside the bot)
    if mark is not None and (mark.acting is Op.DELETE or (mark.warning and mark.warning.reason is Reason.ORPHAN)):
        yield ClearWarning(channel, Resolution.OWNED_AGAIN, session, mark, since)
        return
    reason, began = _trouble(channel, session, mark, since, facts, policy)
    if reason is None:
        if mark is not None and mark.warning is not None:
            audience = mark.warning.reason in (Reason.NO_VIEWERS, Reason.PAST_PLAN)
            if audience and not facts.viewers_known:
                return  # nobody is known to watch again: the warning stands until the counts can be read
            back = Resolution.VIEWERS_BACK if audience else Resolution.INPUT_BACK
            yield ClearWarning(channel, back, session, mark, since)
        elif not noted:
            yield NoteRunning(channel, mark)
        return
    kept = _kept(mark, session, facts.now)
    if kept and not noted and not (mark and mark.warning):
        yield NoteRunning(channel, mark)
    yield from _warn_then(channel, reason, Op.STOP, session, mark, kept, began, facts, policy)


def alert_suspects(facts: Facts, policy: Policy) -> list[str]:
    """The channels whose alerts can change this sweep's verdict, read before the alerts are: encoding channels of
    live shows, on air for at least the input-loss threshold (before that no reading can make them idle), that
    the metrics already show quiet for nearly that long. Every channel the metrics alone would call idle is one;
    orphans are judged by their owner, not their video, so theirs are never read."""
    soon = min(policy.input_loss, policy.idle)
    suspects = []
    for channel in facts.channels:
        if channel.state not in _ENCODING or channel.id not in facts.last_input:
            continue
        session = facts.sessions.get(channel.tags.get(SESSION_TAG, ""))
        if session is None or not session_owns(session, channel.id, facts.now):
            continue
        on_air = facts.now - (known_run_start(session, facts.mark("channel", channel.id, policy)) or facts.now)
        quiet = facts.now - (facts.last_input[channel.id] or facts.input_since)
        if on_air >= soon and quiet >= soon - policy.metric_period:
            suspects.append(channel.id)
    return suspects


def known_run_start(session: Session, mark: WatchMark | None) -> datetime | None:
    """Since when the show's channel has been on air: its open run, else when a sweep first saw it on air."""
    return open_run_start(session) or (mark.running_since if mark else None)


def _quiet(channel: ChannelFacts, since: datetime, facts: Facts, policy: Policy) -> tuple[Reason, datetime] | None:
    """Idle since when, if it has been long enough: an input-loss alert's set time is when video stopped, to
    the second; without one the metrics tell, a period late at best (their frames may lag behind video)."""
    now, last = facts.now, facts.last_input.get(channel.id)
    if channel.id in facts.input_lost:
        lost = facts.input_lost[channel.id]
        if lost is None:
            return None  # MediaLive raises input loss as soon as an expected frame fails to arrive
        if last is None or last < lost + policy.metric_period:  # frames after the alert's period: it is stale
            quiet = max(lost, since)  # an alert is no weaker evidence than absent metrics: the shorter wait holds
            return (Reason.INPUT_LOST, quiet) if now - quiet >= min(policy.input_loss, policy.idle) else None
    # No frames in the metrics window means quiet at least since the window began.
    quiet = max(last or facts.input_since, since)
    return (Reason.NO_INPUT, quiet) if now - quiet >= policy.idle else None


def _viewers(session: Session, facts: Facts) -> int | None:
    """The show's IVS viewer count now; None while its stream is not live."""
    arn = session.resources.ivs_channel_arn
    return facts.viewers.get(arn) if arn else None


def _audience(channel: ChannelFacts, session: Session, mark: WatchMark | None, facts: Facts) -> NoteAudience | None:
    """Start the streaming-to-nobody clock at the first sweep that sees 0 viewers; stop it when anyone watches.
    Counts that could not be read change nothing."""
    if not facts.viewers_known:
        return None
    viewers = _viewers(session, facts)
    seen = mark.no_viewers_since if mark else None
    if viewers == 0 and seen is None:
        return NoteAudience(channel, mark, facts.now)
    if viewers != 0 and seen is not None:
        return NoteAudience(channel, mark, None)
    return None


def _trouble(
    channel: ChannelFacts, session: Session, mark: WatchMark | None, since: datetime, facts: Facts, policy: Policy
) -> tuple[Reason | None, datetime | None]:
    """What is wrong with an encoding channel of a live session, and since when."""
    now = facts.now
    if channel.state in _ENCODING:
        quiet = _quiet(channel, since, facts, policy)
        if quiet is not None:
            return quiet
    nobody_since = mark.no_viewers_since if mark else None
    if nobody_since is not None and _viewers(session, facts) == 0 and now - nobody_since >= policy.no_viewers:
        return Reason.NO_VIEWERS, nobody_since  # a show with viewers is never stopped by this rule
    planned = timedelta(minutes=session.planned_minutes) if session.planned_minutes else None
    if planned is not None and _viewers(session, facts) == 0 and now - since >= planned:
        return Reason.PAST_PLAN, since + planned  # over its time and nobody watching: no need to wait the 30 min
    if now - since >= policy.max_show:
        return Reason.TOO_LONG, since
    return None, None
