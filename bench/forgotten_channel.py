"""How long, at worst, a forgotten channel runs before the default policy has it stopped, and what that costs.

The real policy (`core.watchdog.policy.decide`) is driven sweep by sweep with a simulated clock: a channel is
forgotten at t0, nobody reacts to the warning, and sweeps run every `sweep_seconds` at every phase
against t0 (one-second steps). CloudWatch reports InputVideoFrameRate per period, in buckets aligned to each
query's start, as the adapter asks for them. When the policy stops or deletes the channel, MediaLive takes
STOP_SECONDS more to stop (billing ends then). The cost is the running time after t0 at the MediaLive rate,
billed per started minute. Target: under 30 minutes and under $1.50 at $2.55/h.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.adapters.aws.medialive import ChannelFacts
from core.config import Rates, WatchdogSettings
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.costs import running_hourly
from core.domain.session import BusyMark, ChannelState, Period, Resources, Session, SessionStatus
from core.watchdog.marks import WatchMark, WatchWarning
from core.watchdog.plan import DeleteChannel, Facts, NoteRunning, Policy, Stop, Warn
from core.watchdog.policy import decide

STOP_SECONDS = 60  # MediaLive's STOPPING takes well under a minute; billing runs until it is IDLE
T0 = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
DEPLOYMENT = "bench"
CHANNEL = "1234567"


@dataclass(frozen=True)
class Scenario:
    name: str
    session: Session | None
    input_until: datetime | None  # when video stopped arriving (None: it never came)
    tagged_session: bool = True


def _session(status: SessionStatus, run_start: datetime, **extra: object) -> Session:
    return Session(
        id="s1",
        show_name="Late Show",
        chat_channel="C1",
        created_by="host",
        created_at=run_start - timedelta(minutes=5),
        status=status,
        resources=Resources(channel_id=CHANNEL, input_id="in1"),
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


def run_until_stopped(scenario: Scenario, settings: WatchdogSettings, phase: timedelta) -> timedelta:
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
        facts = Facts(
            now=now,
            channels=[channel],
            inputs=[],
            sessions=sessions,
            marks={mark.key: mark} if mark else {},
            last_input={CHANNEL: last_input(scenario.input_until, now, since, period)},
            input_since=since,
        )
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
                case Stop() | DeleteChannel():
                    return now + timedelta(seconds=STOP_SECONDS) - T0
        now += every
    raise AssertionError(f"{scenario.name}: never stopped")


def worst(scenario: Scenario, settings: WatchdogSettings) -> timedelta:
    phases = range(math.ceil(settings.sweep_seconds))
    return max(run_until_stopped(scenario, settings, timedelta(seconds=p)) for p in phases)


def cost(ran: timedelta, rates: Rates) -> float:
    return math.ceil(ran.total_seconds() / 60) * running_hourly(rates) / 60


def streaming_bound(settings: WatchdogSettings) -> timedelta:
    """A channel left streaming with video: only the longest-show limit stops it."""
    scenario = Scenario("left streaming", _session(SessionStatus.READY, T0), T0 + timedelta(days=1))
    phases = range(0, math.ceil(settings.sweep_seconds), 5)
    return max(run_until_stopped(scenario, settings, timedelta(seconds=p)) for p in phases)


def main() -> None:
    settings, rates = WatchdogSettings(), Rates()
    print(
        f"A forgotten channel under the default policy: sweep every {settings.sweep_seconds:g} s, "
        f"idle {settings.idle_minutes:g} min, grace {settings.grace_minutes:g} min, "
        f"longest show {settings.max_show_hours:g} h;"
    )
    print(
        f"MediaLive ${running_hourly(rates):.2f}/h, stopping takes {STOP_SECONDS} s; "
        f"every sweep phase tried, nobody answers the warning."
    )
    print()
    print(f"  {'forgotten how':<46}{'worst minutes':>14}{'worst cost':>12}")
    results = [(s.name, worst(s, settings)) for s in scenarios()]
    for name, ran in results:
        print(f"  {name:<46}{ran.total_seconds() / 60:>14.1f}{f'${cost(ran, rates):.2f}':>12}")
    longest = max(ran for _, ran in results)
    minutes, dollars = longest.total_seconds() / 60, cost(longest, rates)
    verdict = "meets" if minutes < 30 and dollars < 1.50 else "misses"
    print(f"  {'worst case':<46}{minutes:>14.1f}{f'${dollars:.2f}':>12}")
    print(f"  target: under 30 minutes and $1.50 at $2.55/h: {verdict} it")
    print()
    bound = streaming_bound(settings)
    print(
        f"A channel left streaming with video and nobody watching is stopped by the longest-show limit instead: "
        f"after at most {bound.total_seconds() / 3600:.2f} h (${cost(bound, rates):.2f}); "
        f"SHELCASTER_WATCHDOG__MAX_SHOW_HOURS sets it."
    )


if __name__ == "__main__":
    main()
