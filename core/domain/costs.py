"""What a session has cost so far, by AWS's billing rules (pure functions).

MediaLive bills each channel run by its shape (`RunShape`): every input and every output encode at its own
hourly rate, and audio normalization once per channel however many outputs normalize, all per started minute
with a minimum per run. S3 is priced over the same billed minutes, IVS per started minute while live.

Idle charges, kept simple: the session's channel counts as existing from the session's creation until it ended
(or until now while the session is active; a failed setup stops at its last recorded activity). The part of that
span no run covers bills the idle channel rate, and the idle push input rate for each push input of the latest
run (the default shape before the first run). Idle time is prorated, not rounded up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel

from core.config import Rates
from core.domain.session import Period, RunShape, Session


class Cost(BaseModel):
    inputs: float  # MediaLive running inputs
    outputs: float  # MediaLive running output encodes
    normalization: float  # the audio normalization add-on, once per running channel
    idle_channel: float
    idle_push_inputs: float
    ivs: float
    s3: float
    hourly_now: float
    minimum_now: bool = False  # an open run is inside its minimum: that minimum is what it bills for now

    @property
    def running(self) -> float:
        """MediaLive's charges while the channel runs."""
        return self.inputs + self.outputs + self.normalization

    @property
    def idle(self) -> float:
        return self.idle_channel + self.idle_push_inputs

    @property
    def medialive(self) -> float:
        return self.running + self.idle

    @property
    def total(self) -> float:
        return self.medialive + self.ivs + self.s3


def billed_minutes(duration: timedelta, *, minimum: int) -> int:
    """MediaLive bills running time per started minute, with a minimum per run."""
    minutes = math.ceil(max(duration.total_seconds(), 0.0) / 60.0)
    return max(minutes, minimum)


def running_hourly(rates: Rates, shape: RunShape | None = None) -> float:
    """MediaLive's hourly rate for one running channel of this shape (None: the default show)."""
    shape = shape or RunShape()
    normalization = rates.audio_normalization if shape.normalized else 0.0
    return shape.inputs * rates.medialive_input + shape.outputs * rates.medialive_output + normalization


def _minutes(periods: Iterable[Period], now: datetime, *, minimum: int) -> int:
    return sum(billed_minutes((p.end or now) - p.start, minimum=minimum) for p in periods)


def _idle_until(session: Session, now: datetime) -> datetime:
    if session.ended_at is not None:
        return max(min(session.ended_at, now), session.created_at)
    if session.status.active:
        return max(now, session.created_at)
    return max([session.created_at, *(p.end for p in session.channel_runs if p.end is not None)])


def _idle(session: Session, now: datetime) -> timedelta:
    """The span the session's channel existed without running."""
    start, until = session.created_at, _idle_until(session, now)
    ran = sum(
        (max(min(p.end or now, until) - max(p.start, start), timedelta(0)) for p in session.channel_runs),
        timedelta(0),
    )
    return max(until - start - ran, timedelta(0))


def session_cost(session: Session, *, now: datetime, rates: Rates) -> Cost:
    inputs = outputs = normalization = s3 = 0.0
    for run in session.channel_runs:
        hours = billed_minutes((run.end or now) - run.start, minimum=rates.minimum_billed_minutes) / 60.0
        inputs += hours * run.shape.inputs * rates.medialive_input
        outputs += hours * run.shape.outputs * rates.medialive_output
        normalization += (hours * rates.audio_normalization) if run.shape.normalized else 0.0
        s3 += hours * rates.s3_recording
    idle_hours = _idle(session, now).total_seconds() / 3600.0
    push_inputs = session.channel_runs[-1].shape.push_inputs if session.channel_runs else RunShape().push_inputs
    idle_hourly = rates.idle_channel + push_inputs * rates.idle_push_input

    open_run = next((p for p in session.channel_runs if p.end is None), None)
    live_open = any(p.end is None for p in session.live_periods)
    if open_run is not None:
        hourly = running_hourly(rates, open_run.shape) + rates.s3_recording
    else:
        hourly = idle_hourly if session.ended_at is None and session.status.active else 0.0
    return Cost(
        inputs=inputs,
        outputs=outputs,
        normalization=normalization,
        idle_channel=idle_hours * rates.idle_channel,
        idle_push_inputs=idle_hours * push_inputs * rates.idle_push_input,
        ivs=_minutes(session.live_periods, now, minimum=0) * rates.ivs_live / 60.0,
        s3=s3,
        hourly_now=hourly + (rates.ivs_live if live_open else 0.0),
        minimum_now=open_run is not None and now - open_run.start < timedelta(minutes=rates.minimum_billed_minutes),
    )


def running_cost(since: datetime, now: datetime, rates: Rates, shape: RunShape | None = None) -> float:
    """What one channel of this shape has cost while encoding since `since` (for channels no session accounts for)."""
    return billed_minutes(now - since, minimum=rates.minimum_billed_minutes) * running_hourly(rates, shape) / 60.0
