"""What a run will create and what it will cost, priced by the product's own cost model before anything is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.acceptance.clip import clip_ref
from core.acceptance.leftovers import Leftover
from core.acceptance.settings import CheckSettings, retry_budget_seconds
from core.config import CoreSettings
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.costs import Cost, running_hourly, session_cost
from core.domain.session import Period, RunShape, Session, SessionStatus

# Typical MediaLive times ("Most channels start in 3 minutes or less", MediaLive UG); the run measures the real ones.
CREATE_MINUTES, START_MINUTES, STOP_MINUTES, DELETE_MINUTES = 1.0, 3.0, 1.0, 1.0
LOOK_MINUTES = 1.5  # the recording, the switch and the metrics, while the channel runs
SHAPE = RunShape(inputs=1, outputs=2, normalized=True, push_inputs=0)  # the clip in; IVS and the recording out


@dataclass(frozen=True)
class RunPlan:
    run_id: str
    creates: list[str]
    minutes: float
    cost: float
    cost_lines: list[str]
    leftovers: list[Leftover] = field(default_factory=list)  # of earlier runs, removed first


def cost_lines(cost: Cost, session: Session, settings: CoreSettings) -> list[str]:
    """The cost of a check's show, line by line, as the product prices a show."""
    rates = settings.rates
    minutes = sum(max(rates.minimum_billed_minutes, _minutes(p, session)) for p in session.channel_runs)
    live = sum(_minutes(p, session) for p in session.live_periods)
    hourly = running_hourly(rates, session.channel_runs[-1].shape if session.channel_runs else SHAPE)
    return [
        f"MediaLive ${cost.running:.2f}: {minutes} billed min at ${hourly:.2f}/h "
        f"(at least {rates.minimum_billed_minutes} per start)",
        f"IVS ${cost.ivs:.2f}: {live} min live at ${rates.ivs_live:.2f}/h",
        f"S3 ${cost.s3:.2f}, idle channel ${cost.idle:.2f}",
    ]


def _minutes(period: Period, session: Session) -> int:
    end = period.end or session.ended_at or period.start
    return -(-int((end - period.start).total_seconds()) // 60)


def plan_run(
    *, run_id: str, settings: CoreSettings, check: CheckSettings, leftovers: list[Leftover], now: datetime
) -> RunPlan:
    watch = 2 * retry_budget_seconds(settings) / 60.0
    running = START_MINUTES + LOOK_MINUTES + check.take_seconds / 60.0 + watch + STOP_MINUTES
    live = START_MINUTES + LOOK_MINUTES + check.take_seconds / 60.0  # until the key is revoked
    total = CREATE_MINUTES + running + DELETE_MINUTES
    started = now + timedelta(minutes=CREATE_MINUTES)
    show = Session(
        id=run_id,
        show_name="check-aws",
        chat_channel=run_id,
        created_by="estimate",
        created_at=now,
        status=SessionStatus.ENDED,
        ended_at=now + timedelta(minutes=total),
        channel_runs=[Period(start=started, end=started + timedelta(minutes=running), shape=SHAPE)],
        live_periods=[Period(start=started, end=started + timedelta(minutes=live))],
    )
    cost = session_cost(show, now=now + timedelta(minutes=total), rates=settings.rates)
    tags = f"{OWNER_TAG}={settings.deployment}, {SESSION_TAG}={run_id}"
    creates = [
        f"s3://{settings.recordings_bucket}/{settings.tracks_prefix}/{clip_ref(run_id)} (the looping test clip)",
        "2 MediaLive MP4 file inputs reading it (the host and a track)",
        f"1 MediaLive channel ({settings.channel_class}) and 1 IVS channel with its stream key",
        f"its recording under {settings.live_prefix}/{run_id}/ and one take under "
        f"{settings.recordings_prefix}/{run_id}/",
        f"all tagged {tags}; everything is removed at the end",
    ]
    return RunPlan(
        run_id=run_id,
        creates=creates,
        minutes=round(total, 1),
        cost=round(cost.total, 2),
        cost_lines=cost_lines(cost, show, settings),
        leftovers=leftovers,
    )
