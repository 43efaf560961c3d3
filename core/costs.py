"""What a session has cost so far, by AWS's billing rules (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel

from core.config import Rates
from core.models import Period, Session


class Cost(BaseModel):
    medialive: float
    ivs: float
    s3: float
    hourly_now: float

    @property
    def total(self) -> float:
        return self.medialive + self.ivs + self.s3


def billed_minutes(duration: timedelta, *, minimum: int) -> int:
    """MediaLive bills running time per started minute, with a minimum per run."""
    minutes = math.ceil(max(duration.total_seconds(), 0.0) / 60.0)
    return max(minutes, minimum)


def _minutes(periods: Iterable[Period], now: datetime, *, minimum: int) -> int:
    return sum(billed_minutes((p.end or now) - p.start, minimum=minimum) for p in periods)


def session_cost(session: Session, *, now: datetime, rates: Rates) -> Cost:
    running = _minutes(session.channel_runs, now, minimum=rates.minimum_billed_minutes)
    live = _minutes(session.live_periods, now, minimum=0)
    channel_open = any(p.end is None for p in session.channel_runs)
    live_open = any(p.end is None for p in session.live_periods)
    hourly = (rates.medialive_running + rates.s3_recording if channel_open else 0.0) + (
        rates.ivs_live if live_open else 0.0
    )
    return Cost(
        medialive=running * rates.medialive_running / 60.0,
        ivs=live * rates.ivs_live / 60.0,
        s3=running * rates.s3_recording / 60.0,
        hourly_now=hourly,
    )


def open_period(periods: list[Period], at: datetime) -> list[Period]:
    """Start a period unless one is already open (idempotent)."""
    if any(p.end is None for p in periods):
        return periods
    return [*periods, Period(start=at)]


def close_period(periods: list[Period], at: datetime) -> list[Period]:
    return [p if p.end is not None else Period(start=p.start, end=max(at, p.start)) for p in periods]


def running_cost(since: datetime, now: datetime, rates: Rates) -> float:
    """What one channel has cost while encoding since `since` (for channels no session accounts for)."""
    return billed_minutes(now - since, minimum=rates.minimum_billed_minutes) * rates.medialive_running / 60.0
