"""No video, sooner: an input-loss alert's set time starts the idle clock; a channel whose video arrives is never
warned, whatever the lagging metrics say."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.health import AlertFact
from core.domain.session import ChannelState, SessionStatus
from core.watchdog.marks import Reason
from core.watchdog.plan import Facts, Stop, Warn
from core.watchdog.policy import alert_suspects
from core.watchdog.sweeper import alerts_tell_video
from tests.watchdog.test_policy import MIN, NOW, POLICY, actions, channel, facts, mark, session

PERIOD = POLICY.metric_period


def with_alerts(base: Facts, lost: datetime | None) -> Facts:
    """The facts as the sweep gathers them: alerts read (`lost`: the input-loss alert's set time, None: none)."""
    return Facts(**{**base.__dict__, "input_lost": {"111": lost}})


def test_an_input_loss_alert_makes_the_channel_idle_from_the_moment_it_was_set() -> None:
    base = facts(sessions=[session()], last_input={"111": NOW - timedelta(minutes=7)})
    assert actions(with_alerts(base, NOW - timedelta(minutes=7) + timedelta(seconds=1))) == []
    (warning,) = actions(with_alerts(base, NOW - timedelta(minutes=7, seconds=30)))
    assert isinstance(warning, Warn) and warning.reason is Reason.INPUT_LOST
    assert warning.running_since == NOW - timedelta(minutes=7, seconds=30)


def test_without_an_input_loss_alert_video_is_arriving_whatever_the_metrics_say() -> None:
    quiet = facts(sessions=[session()], last_input={"111": None})  # nothing published for the whole window
    assert [a.reason for a in actions(quiet)] == [Reason.NO_INPUT]
    assert actions(with_alerts(quiet, None)) == []


def test_frames_after_the_alerts_period_mean_the_alert_is_stale_and_the_metrics_tell() -> None:
    base = facts(sessions=[session()], last_input={"111": NOW - timedelta(minutes=2)})
    assert actions(with_alerts(base, NOW - timedelta(minutes=20))) == []


def test_an_alert_older_than_the_run_counts_from_the_start_of_the_run() -> None:
    started = NOW - timedelta(minutes=6)
    base = facts(sessions=[session(run_start=started)], last_input={"111": None})
    assert actions(with_alerts(base, NOW - timedelta(minutes=30))) == []


def test_every_channel_the_metrics_alone_would_call_idle_has_its_alerts_read() -> None:
    last = {"a": None, "b": NOW - POLICY.idle, "c": NOW - POLICY.input_loss + PERIOD, "d": NOW - MIN}
    shows = [session(id=f"s{c}", channel_id=c) for c in last]
    quiet = facts([channel(id=c, session=f"s{c}") for c in last], sessions=shows, last_input=last)
    assert alert_suspects(quiet, POLICY) == ["a", "b", "c"]


def test_alerts_are_not_read_where_no_reading_could_change_the_verdict() -> None:
    """Started under the input-loss threshold ago, or not a live show's channel: no reading could make it idle
    (an orphan is judged by its owner, not its video)."""
    just_started = session(id="s1", channel_id="a", run_start=NOW - POLICY.input_loss + MIN)
    ended = session(SessionStatus.ENDED, id="s2", channel_id="b")
    long_on_air = session(id="s3", channel_id="c", run_start=NOW - POLICY.input_loss)
    channels = [channel(id="a", session="s1"), channel(id="b", session="s2"), channel(id="c", session="s3")]
    channels += [channel(id="d", session=None), channel(ChannelState.IDLE, id="e", session="s3")]
    quiet = facts(channels, sessions=[just_started, ended, long_on_air], last_input=dict.fromkeys("abcd"))
    assert alert_suspects(quiet, POLICY) == ["c"]
    for show, ch in ((just_started, "a"), (ended, "b")):  # and indeed nothing the alerts say changes what is done
        for lost in (None, NOW - timedelta(hours=1)):
            alerted = Facts(**{**quiet.__dict__, "input_lost": {ch: lost}})
            assert [a for a in actions(alerted) if getattr(a, "session", None) == show] == [
                a for a in actions(quiet) if getattr(a, "session", None) == show
            ]


# timelines ---------------------------------------------------------------------------------------------
def _arriving(toggles: list[datetime], at: datetime) -> bool:
    """Video arrives at `at`: it started arriving at toggles[0], stopped at toggles[1], ... (sorted)."""
    return sum(1 for t in toggles if t <= at) % 2 == 1


def _metric_last(toggles: list[datetime], *, since: datetime, lag: timedelta) -> datetime | None:
    """What the CloudWatch adapter reports: the end of the last period (aligned to `since`) with frames, among
    the periods published by now (CloudWatch publishes a period `lag` after it ends)."""
    latest: datetime | None = None
    periods = math.ceil((NOW - since) / PERIOD)
    for n in range(periods):
        start, end = since + n * PERIOD, min(since + (n + 1) * PERIOD, NOW)
        if end > NOW - lag:
            break
        steps = [start + (end - start) * k / 10 for k in range(11)]
        if any(_arriving(toggles, t) for t in steps) or any(start <= t < end for t in toggles[::2]):
            latest = end
    return latest


def _alert(toggles: list[datetime], delay: timedelta) -> datetime | None:
    """ListAlerts now: MediaLive sets input loss `delay` after video stops and clears it once video is back."""
    stops = [t for t in toggles[1::2] if t <= NOW]
    if not stops or _arriving(toggles, NOW):
        return None
    set_at = stops[-1] + delay
    return set_at if set_at <= NOW else None


offsets = st.lists(st.integers(min_value=1, max_value=120 * 60), min_size=1, max_size=8, unique=True)


@settings(max_examples=600, deadline=None)
@given(
    offsets=offsets,
    run_minutes=st.integers(min_value=1, max_value=239),
    lag_seconds=st.integers(min_value=0, max_value=180),
    delay_seconds=st.integers(min_value=0, max_value=10),
    alerts_readable=st.booleans(),
)
def test_a_channel_whose_video_is_arriving_is_never_warned_or_stopped_for_want_of_it(
    offsets: list[int], run_minutes: int, lag_seconds: int, delay_seconds: int, alerts_readable: bool
) -> None:
    """Over any timeline of video starting and stopping, metrics published late and alerts set a little after
    video stops: if video arrives now and the alerts can be read, no warning for want of video."""
    toggles = sorted(NOW - timedelta(seconds=s) for s in offsets)
    if not _arriving(toggles, NOW):
        toggles = toggles[1:] if len(toggles) > 1 else toggles
    if not _arriving(toggles, NOW):
        return
    since = NOW - POLICY.idle - PERIOD
    last = _metric_last(toggles, since=since, lag=timedelta(seconds=lag_seconds))
    base = facts(sessions=[session(run_start=NOW - timedelta(minutes=run_minutes))], last_input={"111": last})
    suspects = alert_suspects(base, POLICY)
    lost = {c: _alert(toggles, timedelta(seconds=delay_seconds)) for c in suspects} if alerts_readable else {}
    decided: list[Any] = actions(Facts(**{**base.__dict__, "input_lost": lost}))
    wrong = [a for a in decided if isinstance(a, Warn | Stop) and a.reason in (Reason.NO_INPUT, Reason.INPUT_LOST)]
    if alerts_readable:
        assert wrong == []
    elif wrong:  # metrics alone: only a stream back for less than their lag may be warned (the old behaviour)
        assert toggles[-1] > NOW - timedelta(seconds=lag_seconds) - 2 * PERIOD


@settings(max_examples=300, deadline=None)
@given(stopped_seconds=st.integers(min_value=0, max_value=60 * 60), delay_seconds=st.integers(0, 10))
def test_a_channel_whose_video_stopped_is_warned_by_the_input_loss_threshold(
    stopped_seconds: int, delay_seconds: int
) -> None:
    stopped = NOW - timedelta(seconds=stopped_seconds)
    toggles = [NOW - timedelta(hours=2), stopped]
    since = NOW - POLICY.idle - PERIOD
    last = _metric_last(toggles, since=since, lag=timedelta(seconds=60))
    base = facts(sessions=[session(run_start=NOW - timedelta(hours=3))], last_input={"111": last})
    suspects = alert_suspects(base, POLICY)
    lost = {c: _alert(toggles, timedelta(seconds=delay_seconds)) for c in suspects}
    warned = [a for a in actions(Facts(**{**base.__dict__, "input_lost": lost})) if isinstance(a, Warn)]
    assert bool(warned) == (NOW - stopped - timedelta(seconds=delay_seconds) >= POLICY.input_loss)


def test_an_alert_the_bot_cannot_classify_leaves_the_verdict_to_the_metrics() -> None:
    at = NOW - timedelta(minutes=3)
    loss = AlertFact(alert_type="RTMP Has No Audio/Video", message="", pipeline="0", set_at=at)
    unknown = AlertFact(alert_type="Some Wording AWS Added Later", message="", pipeline="0", set_at=at)
    output = AlertFact(alert_type="RTMP Stream Not Found", message="", pipeline="0", set_at=at)
    assert alerts_tell_video([]) and alerts_tell_video([loss]) and alerts_tell_video([loss, unknown])
    assert alerts_tell_video([output])  # an output failing says nothing against video arriving
    assert not alerts_tell_video([unknown])  # it may be an input loss we do not recognise


minutes = st.integers(min_value=0, max_value=6 * 60)


@settings(max_examples=500, deadline=None)
@given(
    # Mostly live shows' encoding channels, where the alerts count; the rest so that no other case slips through.
    status=st.sampled_from([SessionStatus.READY] * 4 + [SessionStatus.ENDED, SessionStatus.FAILED]),
    state=st.sampled_from([ChannelState.RUNNING] * 3 + [ChannelState.RECOVERING, ChannelState.IDLE]),
    tagged=st.sampled_from([True] * 4 + [False]),
    run_minutes=st.none() | minutes,
    last_minutes=st.none() | minutes,
    warned_minutes=st.none() | st.integers(min_value=0, max_value=60),
    reason=st.sampled_from([Reason.NO_INPUT, Reason.INPUT_LOST, Reason.NO_VIEWERS, Reason.ORPHAN]),
    running_minutes=st.none() | minutes,
    lost_minutes=st.none() | minutes,
)
def test_reading_only_the_suspects_alerts_decides_exactly_as_reading_every_channels(
    status: SessionStatus,
    state: ChannelState,
    tagged: bool,
    run_minutes: int | None,
    last_minutes: int | None,
    warned_minutes: int | None,
    reason: Reason,
    running_minutes: int | None,
    lost_minutes: int | None,
) -> None:
    """The sweep reads alerts only where they can change its verdict: whatever the alerts say, reading them for every
    encoding channel would decide the same."""
    ago = lambda m: None if m is None else NOW - timedelta(minutes=m)  # noqa: E731
    show = session(status, run_start=ago(run_minutes))
    extra = {"running_since": ago(running_minutes)}
    marks = [mark(warned_at=ago(warned_minutes), reason=reason, **extra)] if warned_minutes is not None else []
    base = facts(
        [channel(state, session="s1" if tagged else None)],
        sessions=[show],
        marks=marks,
        last_input={"111": ago(last_minutes)},
    )
    said = {"111": ago(lost_minutes)}
    everywhere = Facts(**{**base.__dict__, "input_lost": said})
    suspects = Facts(**{**base.__dict__, "input_lost": {c: said[c] for c in alert_suspects(base, POLICY)}})
    assert actions(suspects) == actions(everywhere)
