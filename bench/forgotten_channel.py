"""How long, at worst, a forgotten channel runs before the default policy has it stopped, and what that costs.

The real policy (`core.watchdog.policy.decide`) is driven sweep by sweep with a simulated clock: a channel is
forgotten at t0, nobody reacts to the warning, and sweeps run every `sweep_seconds` at every phase
against t0 (one-second steps). CloudWatch reports InputVideoFrameRate per period, in buckets aligned to each
query's start, as the adapter asks for them. MediaLive sets its input-loss alert ALERT_SECONDS after video
stops (it raises input loss as soon as an expected frame fails to arrive, UG "Handling loss of video input"),
and the sweep reads it for the channels the metrics show quiet, as the sweeper does. IVS drops a view within
VIEW_DROP_SECONDS of playback ending (GetStream viewerCount, model doc). When the policy stops or deletes the
channel, MediaLive takes STOP_SECONDS more to stop (billing ends then). The cost is the running time after t0
at the MediaLive rate, billed per started minute.
Targets: no video under 15 minutes and $0.65; video streamed to nobody under 45 minutes and $2.00.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from core.adapters.aws.medialive import ChannelFacts
from core.config import Rates, WatchdogSettings
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.costs import running_hourly
from core.domain.session import BusyMark, ChannelState, Period, Resources, Session, SessionStatus
from core.watchdog.marks import WatchMark, WatchWarning
from core.watchdog.plan import DeleteChannel, Facts, NoteAudience, NoteRunning, Policy, Stop, Warn
from core.watchdog.policy import alert_suspects, decide

STOP_SECONDS = 60  # MediaLive's STOPPING takes well under a minute; billing runs until it is IDLE
ALERT_SECONDS = 5  # from the last frame to the input-loss alert: an assumption, AWS gives no figure
VIEW_DROP_SECONDS = 60  # the last viewer left at t0 is counted for up to a minute more
IVS_ARN = "arn:aws:ivs:us-east-1:123456789012:channel/bench"
T0 = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
DEPLOYMENT = "bench"
CHANNEL = "1234567"


@dataclass(frozen=True)
class Scenario:
    name: str
    session: Session | None
    input_until: datetime | None  # when video stopped arriving (None: it never came)
    tagged_session: bool = True
    watched_until: datetime | None = None  # IVS live, the last viewer leaving then (None: not streaming to IVS)


def _session(status: SessionStatus, run_start: datetime, **extra: object) -> Session:
    return Session(
        id="s1",
        show_name="Late Show",
        chat_channel="C1",
        created_by="host",
        created_at=run_start - timedelta(minutes=5),
        status=status,
        resources=Resources(channel_id=CHANNEL, input_id="in1", ivs_channel_arn=IVS_ARN),
        channel_runs=[Period(start=run_start)],
        **extra,  # type: ignore[arg-type]
    )


def scenarios() -> list[Scenario]:
    long_ago = T0 - timedelta(hours=1)
    died = BusyMark(action="end", actor="host", since=T0 - timedelta(minutes=20), until=T0 - timedelta(minutes=5))
    return [
        Scenario("encoder disconnected mid-show", _session(SessionStatus.READY, long_ago), T0),
        Scenario("went live, encoder never connected", _session(SessionStatus.READY, T0), None),
        Scenario("show ended, its end died: channel left on", _session(SessionStatus.ENDING, long_ago, busy=died), T0),
        Scenario("show ended, channel recorded nowhere", _session(SessionStatus.ENDED, long_ago), T0),
        Scenario("started outside the bot, no session", None, None, tagged_session=False),
    ]


def last_input(input_until: datetime | None, now: datetime, since: datetime, period: timedelta) -> datetime | None:
    """What the CloudWatch adapter reports: the end of the last period (aligned to the query) with frames."""
    if input_until is None or input_until <= since:
        return None
    latest_frame = min(input_until, now)
    bucket = math.floor((latest_frame - since) / period)
    return min(since + (bucket + 1) * period, now)


def input_lost(scenario: Scenario, now: datetime) -> datetime | None:
    """What ListAlerts says now: since when MediaLive has reported the input lost (None: video arrives)."""
    stopped = scenario.input_until or T0  # a channel that never got video raises the alert as it starts
    if now < stopped:
        return None
    set_at = stopped + timedelta(seconds=ALERT_SECONDS)
    return set_at if set_at <= now else None


def viewers(scenario: Scenario, now: datetime) -> dict[str, int]:
    if scenario.watched_until is None:
        return {}
    return {IVS_ARN: 1 if now < scenario.watched_until + timedelta(seconds=VIEW_DROP_SECONDS) else 0}


def run_until_stopped(
    scenario: Scenario, settings: WatchdogSettings, phase: timedelta, *, alerts: bool = True
) -> timedelta:
    """Sweeps from t0 + phase until the channel is stopped; returns how long it ran after t0."""
    policy = Policy.of(settings, deployment=DEPLOYMENT)
    every = timedelta(seconds=settings.sweep_seconds)
    period = timedelta(seconds=settings.metric_period_seconds)
    tags = {OWNER_TAG: DEPLOYMENT} | ({SESSION_TAG: "s1"} if scenario.tagged_session else {})
    channel = ChannelFacts(id=CHANNEL, arn="arn", name="late-show", state=ChannelState.RUNNING, tags=tags)
    mark: WatchMark | None = None
    sessions = {"s1": scenario.session} if scenario.session else {}
    now = T0 + phase
    while now < T0 + timedelta(days=1):
        since = now - policy.idle - period
        last = {CHANNEL: last_input(scenario.input_until, now, since, period)}
        facts = Facts(
            now=now,
            channels=[channel],
            inputs=[],
            sessions=sessions,
            marks={mark.key: mark} if mark else {},
            last_input=last,
            input_since=since,
            viewers=viewers(scenario, now),
        )
        suspects = alert_suspects(facts, policy) if alerts else []
        facts = replace(facts, input_lost={c: input_lost(scenario, now) for c in suspects})
        for action in decide(facts, policy).actions:
            match action:
                case Warn():
                    warning = WatchWarning(reason=action.reason, then=action.then, warned_at=now, due_at=action.due_at)
                    base = mark or WatchMark(kind="channel", resource_id=CHANNEL)
                    mark = base.model_copy(update={"warning": warning, "running_since": action.running_since})
                case NoteRunning():
                    mark = (mark or WatchMark(kind="channel", resource_id=CHANNEL)).model_copy(
                        update={"running_since": now}
                    )
                case NoteAudience():
                    mark = (mark or WatchMark(kind="channel", resource_id=CHANNEL)).model_copy(
                        update={"no_viewers_since": action.no_viewers_since}
                    )
                case Stop() | DeleteChannel():
                    return now + timedelta(seconds=STOP_SECONDS) - T0
        now += every
    raise AssertionError(f"{scenario.name}: never stopped")


def worst(scenario: Scenario, settings: WatchdogSettings, *, alerts: bool = True, step: int = 1) -> timedelta:
    phases = range(0, math.ceil(settings.sweep_seconds), step)
    return max(run_until_stopped(scenario, settings, timedelta(seconds=p), alerts=alerts) for p in phases)


def cost(ran: timedelta, rates: Rates) -> float:
    return math.ceil(ran.total_seconds() / 60) * running_hourly(rates) / 60


def streaming_to_nobody() -> Scenario:
    """Video arriving all along, IVS live, the last viewer gone at t0."""
    far = T0 + timedelta(days=1)
    return Scenario("video streamed to nobody", _session(SessionStatus.READY, T0), far, watched_until=T0)


def _table(title: str, rows: list[tuple[str, timedelta]], rates: Rates, minutes: float, dollars: float) -> None:
    print(f"  {title:<46}{'worst minutes':>14}{'worst cost':>12}")
    for name, ran in rows:
        print(f"  {name:<46}{ran.total_seconds() / 60:>14.1f}{f'${cost(ran, rates):.2f}':>12}")
    longest = max(ran for _, ran in rows)
    worst_minutes, worst_dollars = longest.total_seconds() / 60, cost(longest, rates)
    verdict = "meets" if worst_minutes < minutes and worst_dollars < dollars else "misses"
    print(f"  {'worst case':<46}{worst_minutes:>14.1f}{f'${worst_dollars:.2f}':>12}")
    print(f"  target: under {minutes:g} minutes and ${dollars:.2f} at ${running_hourly(rates):.2f}/h: {verdict} it")
    print()


def main() -> None:
    settings, rates = WatchdogSettings(), Rates()
    print(
        f"A forgotten channel under the default policy: sweep every {settings.sweep_seconds:g} s, "
        f"input-loss alert {settings.input_loss_minutes:g} min, no frames in the metrics {settings.idle_minutes:g} "
        f"min, 0 viewers {settings.no_viewers_minutes:g} min, grace {settings.grace_minutes:g} min, "
        f"longest show {settings.max_show_hours:g} h;"
    )
    print(
        f"MediaLive ${running_hourly(rates):.2f}/h, stopping takes {STOP_SECONDS} s, the input-loss alert is set "
        f"{ALERT_SECONDS} s after the last frame; every sweep phase tried, nobody answers the warning."
    )
    print()
    no_video = [(s.name, worst(s, settings)) for s in scenarios()]
    _table("no video: forgotten how", no_video, rates, 15, 0.65)
    nobody = streaming_to_nobody()
    _table("video, nobody watching", [(nobody.name, worst(nobody, settings))], rates, 45, 2.00)
    blind = max(worst(s, settings, alerts=False) for s in scenarios())
    print(
        f"  if the alerts cannot be read (ListAlerts not allowed), the metrics alone stop a channel without video "
        f"after at most {blind.total_seconds() / 60:.1f} min (${cost(blind, rates):.2f})."
    )


if __name__ == "__main__":
    main()
