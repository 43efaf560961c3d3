"""What the panel says about time (pure): the LIVE clock, the channel's running clock, and how long a start, a
stop or an end has taken so far beside what AWS says such a step usually needs.

The LIVE clock counts from when IVS was first seen live for the current stream, not from the click: on AWS a
start takes minutes, and those minutes are not on air. The session records that moment when a reading of AWS
first finds IVS live (`Session.ivs_live_at`), whether or not a panel was drawn then.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.slack_ui import messages
from core.config import Rates
from core.domain.session import ChannelState, Session, SessionStatus, StreamState


def clock(span: timedelta) -> str:
    """1:20, 12:03, 1:02:03."""
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(since: datetime | None, now: datetime) -> str:
    """The clock since `since`; empty when there is no start to count from."""
    return "" if since is None else clock(now - since)


def length(seconds: float | None) -> str:
    """A take's length: 45s, 2m05s."""
    minutes, secs = divmod(round(seconds or 0.0), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def live_since(session: Session) -> datetime | None:
    """When the stream went live as IVS reports it; None while it is not live. A stream seen live before this
    was recorded counts from when the channel was seen running, which is never before IVS could receive it."""
    if session.stream is not StreamState.LIVE:
        return None
    if session.ivs_live_at is not None:
        return session.ivs_live_at
    running_at = session.channel_state_at if session.channel_state is ChannelState.RUNNING else None
    candidates = [t for t in (session.live_since, running_at) if t is not None]
    return max(candidates) if candidates else None


def channel_clock(session: Session, now: datetime) -> str:
    """The channel's state with how long it has been in it: `running 12:03`, `starting… 1:20`."""
    if session.status is SessionStatus.ENDED:
        return "deleted"
    if session.status is SessionStatus.FAILED:
        return "setup failed"
    state = session.channel_state
    if state is None:
        return "being created…"
    if state is ChannelState.RUNNING:
        return f"running {elapsed(session.running_since, now)}".rstrip()
    if state.transitional:
        return f"{state.value.lower()}… {elapsed(session.channel_state_at, now)}".rstrip()
    return state.value.lower()


def stream_clock(session: Session, now: datetime) -> str:
    """`LIVE 12:03` from when IVS was seen live; `starting… 1:20` from the click while it is not yet."""
    match session.stream:
        case StreamState.LIVE:
            return f":red_circle: *LIVE* {elapsed(live_since(session), now)}".rstrip()
        case StreamState.STARTING if _going_down(session, now):
            return ":hourglass_flowing_sand: stopping…"
        case StreamState.STARTING:
            return f":hourglass_flowing_sand: starting… {elapsed(session.live_since, now)}".rstrip()
        case _:
            return "off"


def _going_down(session: Session, now: datetime) -> bool:
    """The stream is still wanted, but the channel is stopping or the show ending: it is not starting."""
    ending = session.status is SessionStatus.ENDING or (
        session.busy is not None and session.busy.alive(now) and session.busy.action == "end"
    )
    return ending or session.channel_state is ChannelState.STOPPING


def progress_note(session: Session, now: datetime) -> str | None:
    """One line while something takes time: what is happening, for how long so far, and what AWS says it
    usually needs (only where AWS says so)."""
    busy = session.busy if session.busy is not None and session.busy.alive(now) else None
    if (busy is not None and busy.action == "end") or session.status is SessionStatus.ENDING:
        if busy is None:  # its worker died: the follow-up job or the next command finishes it
            return messages.PROGRESS_ENDING_STALLED
        return messages.PROGRESS_ENDING.format(actor=busy.actor, elapsed=elapsed(busy.since, now))
    state = session.channel_state
    if session.status is not SessionStatus.READY or state is None:
        return None
    if state is ChannelState.STARTING:
        return messages.PROGRESS_STARTING.format(elapsed=elapsed(session.channel_state_at, now))
    if state is ChannelState.STOPPING:
        return messages.PROGRESS_STOPPING.format(elapsed=elapsed(session.channel_state_at, now))
    if state is ChannelState.RUNNING and session.stream is StreamState.STARTING:
        return messages.PROGRESS_WAITING_FOR_IVS.format(elapsed=elapsed(session.channel_state_at, now))
    return None


def busy_note(session: Session, now: datetime) -> str | None:
    """Who is running which action, and for how long (an end has its own progress line)."""
    busy = session.busy
    if busy is None or not busy.alive(now) or busy.action == "end":
        return None
    return messages.PROGRESS_BUSY.format(actor=busy.actor, action=busy.action, elapsed=elapsed(busy.since, now))


def minimum_note(session: Session, now: datetime, rates: Rates) -> str | None:
    """Why the cost jumps: each start bills MediaLive's minimum at once, so a new run adds that much at its
    start and the figure holds until the run has lasted that long."""
    minimum = rates.minimum_billed_minutes
    run = next((p for p in session.channel_runs if p.end is None), None)
    if not minimum or run is None or session.final_cost is not None:
        return None
    left = timedelta(minutes=minimum) - (now - run.start)
    if left <= timedelta(0):
        return None
    starts = len(session.channel_runs)
    return messages.COST_MINIMUM.format(
        minutes=minimum,
        left=clock(left),
        starts="" if starts == 1 else messages.COST_STARTS.format(starts=starts, minutes=minimum),
    )
