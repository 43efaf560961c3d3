"""Cost alerts per session as its accrued cost crosses thresholds, and the daily MediaLive spend by session.

The decisions are pure functions; `CostWatch` reads the store, claims each alert in the session (so every
threshold is announced once, whichever replica sees it) and returns what to post.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock
from core.config import CoreSettings, Rates
from core.domain.channel_spec import owned_by
from core.domain.costs import running_hourly, session_cost
from core.domain.session import Period, Session
from core.ports import MediaLivePort, SessionStorePort


def alert_key(threshold: float) -> str:
    return f"cost:{threshold:g}"


def crossed(session: Session, *, now: datetime, rates: Rates, thresholds: Sequence[float]) -> float | None:
    """The highest threshold the session's cost has reached and not yet been announced for."""
    total = session_cost(session, now=now, rates=rates).total
    due = [t for t in thresholds if total >= t and alert_key(t) not in session.alerts_sent]
    return max(due, default=None)


def with_alerted(session: Session, threshold: float, thresholds: Sequence[float]) -> Session:
    """Lower thresholds count as announced too: a late first look reports only the highest."""
    keys = [alert_key(t) for t in thresholds if t <= threshold and alert_key(t) not in session.alerts_sent]
    return session.alerts_sent_for(list(keys))


def billed_in_window(periods: Iterable[Period], *, start: datetime, end: datetime, minimum: int) -> int:
    """Started minutes of running inside [start, end); a run that began inside it bills its minimum there."""
    minutes = 0
    for period in periods:
        first, last = max(period.start, start), min(period.end or end, end)
        if last <= first:
            continue
        used = math.ceil((last - first).total_seconds() / 60.0)
        minutes += max(used, minimum) if period.start >= start else used
    return minutes


@dataclass(frozen=True)
class SessionSpend:
    session_id: str
    show_name: str
    chat_channel: str
    minutes: int
    cost: float
    running: bool


@dataclass(frozen=True)
class DailySpend:
    start: datetime
    end: datetime
    sessions: tuple[SessionSpend, ...]
    others_running: int  # channels not ours, encoding now: their spend is not known to the bot
    others_hourly: float

    @property
    def total(self) -> float:
        return sum(s.cost for s in self.sessions)


def daily_spend(sessions: Iterable[Session], *, start: datetime, end: datetime, rates: Rates) -> list[SessionSpend]:
    lines = []
    for s in sessions:
        minutes = billed_in_window(s.channel_runs, start=start, end=end, minimum=rates.minimum_billed_minutes)
        if minutes:
            running = s.running_since is not None
            cost = (
                sum(
                    billed_in_window([p], start=start, end=end, minimum=rates.minimum_billed_minutes)
                    * running_hourly(rates, p.shape)
                    for p in s.channel_runs
                )
                / 60.0
            )
            lines.append(SessionSpend(s.id, s.show_name, s.chat_channel, minutes, cost, running))
    return sorted(lines, key=lambda line: -line.cost)


@dataclass(frozen=True)
class CostAlert:
    session: Session
    threshold: float
    cost: float
    hourly: float


@dataclass(frozen=True, kw_only=True)
class CostWatch:
    settings: CoreSettings
    store: SessionStorePort
    medialive: MediaLivePort
    clock: Clock

    def due_alerts(self) -> list[CostAlert]:
        """Alerts to post now; each is recorded in its session first, so it is posted at most once."""
        now, rates, thresholds = self.clock(), self.settings.rates, self.settings.alerts.cost_thresholds
        alerts = []
        for session in self.store.all_sessions():
            if session.status.active and crossed(session, now=now, rates=rates, thresholds=thresholds) is not None:
                alert = self._claim(session.id, now)
                if alert is not None:
                    alerts.append(alert)
        return alerts

    def _claim(self, session_id: str, now: datetime) -> CostAlert | None:
        rates, thresholds = self.settings.rates, self.settings.alerts.cost_thresholds
        claimed: list[float] = []  # what this caller's write added; a lost race re-reads and re-decides

        def claim(s: Session) -> Session:
            claimed.clear()
            threshold = crossed(s, now=now, rates=rates, thresholds=thresholds)
            if threshold is None:
                return s
            claimed.append(threshold)
            return with_alerted(s, threshold, thresholds)

        updated = self.store.update(session_id, claim)
        if not claimed:
            return None
        cost = session_cost(updated, now=now, rates=rates)
        return CostAlert(updated, claimed[0], cost.total, cost.hourly_now)

    def summary_due(self) -> datetime | None:
        """The end of the day to summarise, when today's summary time has passed and nobody has claimed it."""
        hour = self.settings.alerts.daily_summary_hour
        if hour < 0:
            return None
        now = self.clock()
        end = now.replace(hour=hour, minute=0, second=0, microsecond=0)
        if now < end:
            return None
        return (
            end
            if self.store.claim_once(f"daily-summary:{self.settings.deployment}:{end:%Y-%m-%d}", ttl=timedelta(days=3))
            else None
        )

    def daily_summary(self, *, end: datetime) -> DailySpend:
        start = end - timedelta(days=1)
        rates = self.settings.rates
        lines = daily_spend(self.store.all_sessions(), start=start, end=end, rates=rates)
        others = [
            c
            for c in self.medialive.list_channels()
            if c.state.on_air and not owned_by(c.tags, self.settings.deployment)
        ]
        return DailySpend(start, end, tuple(lines), len(others), len(others) * running_hourly(rates))
