"""The operator's overview: every MediaLive channel the account has, the bot's own first, with its show, state,
running time and cost so far, and what the bot's channels have cost today. Decided over plain data (pure),
read in a few calls (`FleetReader`): one channel listing, the sessions those channels name, the watchdog's marks.

A channel the bot did not create is listed too, as MediaLive reports it; its spend is not known to the bot
(only its hourly rate while it runs, at the default show's shape).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from core.clock import Clock
from core.config import Rates
from core.domain.channel_spec import SESSION_TAG, owned_by
from core.domain.costs import running_cost, running_hourly, session_cost
from core.domain.session import ChannelState, Session
from core.ports import MediaLivePort, SessionStorePort
from core.watchdog.cost_alerts import daily_spend
from core.watchdog.marks import WatchMark, WatchMarks, mark_key


@dataclass(frozen=True)
class FleetChannel:
    channel_id: str
    name: str
    state: ChannelState
    ours: bool
    session: Session | None  # the live or past show the channel is tagged with, when the store has it
    running_since: datetime | None  # the open run's start (the show's, else when the watchdog first saw it run)
    cost: float | None  # the show's cost so far; None when the bot cannot know it
    hourly: float  # what it bills per hour right now (MediaLive and, for a show, IVS and the recording)
    warned: bool  # the watchdog has warned about it and will act unless someone keeps it

    @property
    def on_air(self) -> bool:
        return self.state.on_air

    @property
    def stoppable(self) -> bool:
        return self.ours and self.on_air

    @property
    def deletable(self) -> bool:
        return self.ours and self.state not in (ChannelState.DELETING, ChannelState.DELETED)


@dataclass(frozen=True)
class Fleet:
    at: datetime
    channels: tuple[FleetChannel, ...]  # the bot's own first, running before stopped, then the rest
    spent_today: float  # what the bot's shows' channels have billed since 00:00 UTC
    day_start: datetime

    @property
    def ours(self) -> tuple[FleetChannel, ...]:
        return tuple(c for c in self.channels if c.ours)

    @property
    def others(self) -> tuple[FleetChannel, ...]:
        return tuple(c for c in self.channels if not c.ours)


def _row(
    channel_id: str,
    name: str,
    state: ChannelState,
    *,
    ours: bool,
    session: Session | None,
    mark: WatchMark | None,
    now: datetime,
    rates: Rates,
) -> FleetChannel:
    running = state.on_air
    since = session.running_since if session is not None else None
    since = since or (mark.running_since if mark is not None and running else None)
    if session is not None:
        cost = session_cost(session, now=now, rates=rates)
        total: float | None = session.final_cost if session.final_cost is not None else cost.total
        hourly = cost.hourly_now if running else 0.0
    else:
        total = running_cost(since, now, rates) if ours and running and since else None
        hourly = running_hourly(rates) if running else 0.0
    warned = mark is not None and mark.warning is not None
    return FleetChannel(channel_id, name, state, ours, session, since if running else None, total, hourly, warned)


def fleet_view(
    channels: Iterable[tuple[str, str, ChannelState, Mapping[str, str]]],
    *,
    sessions: Mapping[str, Session],
    marks: Mapping[str, WatchMark],
    all_sessions: Iterable[Session],
    deployment: str,
    rates: Rates,
    now: datetime,
) -> Fleet:
    """`channels` as (id, name, state, tags); `sessions` by id; `marks` by key; `all_sessions` for today's spend."""
    rows = []
    for channel_id, name, state, tags in channels:
        ours = owned_by(tags, deployment)
        session = sessions.get(tags.get(SESSION_TAG, "")) if ours else None
        mark = marks.get(mark_key("channel", channel_id))
        rows.append(_row(channel_id, name, state, ours=ours, session=session, mark=mark, now=now, rates=rates))
    rows.sort(key=lambda r: (not r.ours, not r.on_air, r.session.show_name if r.session else r.name))
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    spent = sum(s.cost for s in daily_spend(all_sessions, start=day_start, end=now, rates=rates))
    return Fleet(now, tuple(rows), spent, day_start)


@dataclass(frozen=True, kw_only=True)
class FleetReader:
    deployment: str
    store: SessionStorePort
    medialive: MediaLivePort
    marks: WatchMarks | None
    rates: Rates
    clock: Clock

    def read(self) -> Fleet:
        listed = [c for c in self.medialive.list_channels() if c.state is not ChannelState.DELETED]
        every = list(self.store.all_sessions())
        by_id = {s.id: s for s in every}
        marks = self.marks.all() if self.marks is not None else {}
        return fleet_view(
            ((c.id, c.name, c.state, c.tags) for c in listed),
            sessions=by_id,
            marks=marks,
            all_sessions=every,
            deployment=self.deployment,
            rates=self.rates,
            now=self.clock(),
        )
