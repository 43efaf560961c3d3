"""Streaming to nobody: a live show whose IVS stream has 0 viewers is warned, then stopped; one with viewers never."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.session import ChannelState, Resources, Session
from core.watchdog.marks import Op, Reason, WatchMark
from core.watchdog.plan import ClearWarning, Facts, Forget, NoteAudience, Resolution, ResourceStatus, Stop, Warn
from core.watchdog.policy import decide
from tests.watchdog.test_policy import MIN, NOW, POLICY, actions, channel, facts, mark, session

ARN = "arn:aws:ivs:us-east-1:123456789012:channel/abcdefABCDEF"


def streaming(run_start: datetime = NOW - timedelta(hours=1), **extra: Any) -> Session:
    """A live show streaming to IVS, on air for an hour unless told otherwise."""
    found = session(run_start=run_start, **extra)
    resources = Resources(channel_id="111", input_id="in1", ivs_channel_arn=ARN)
    return found.model_copy(update={"resources": resources})


def watched(viewers: int | None, *, marks: list[WatchMark] | None = None, show: Session | None = None) -> Facts:
    """Video arriving; IVS reports `viewers` (None: the stream is not live)."""
    base = facts(sessions=[show or streaming()], marks=marks, last_input={"111": NOW - MIN})
    return Facts(**{**base.__dict__, "viewers": {} if viewers is None else {ARN: viewers}})


def nobody_since(minutes: float, **extra: Any) -> WatchMark:
    return mark(no_viewers_since=NOW - timedelta(minutes=minutes), **extra)


def test_the_first_sweep_that_sees_no_viewers_starts_the_clock_and_warns_nobody() -> None:
    (note,) = actions(watched(0))
    assert isinstance(note, NoteAudience) and (note.mark, note.no_viewers_since) == (None, NOW)


def test_a_show_streaming_to_nobody_is_warned_once_the_threshold_has_passed() -> None:
    assert actions(watched(0, marks=[nobody_since(29)])) == []
    (warning,) = actions(watched(0, marks=[nobody_since(30)]))
    assert isinstance(warning, Warn)
    assert (warning.reason, warning.then, warning.due_at) == (Reason.NO_VIEWERS, Op.STOP, NOW + POLICY.grace)


def test_a_warning_for_streaming_to_nobody_stops_the_channel_after_the_grace() -> None:
    warned = nobody_since(40, warned_at=NOW - POLICY.grace, reason=Reason.NO_VIEWERS)
    (stop,) = actions(watched(0, marks=[warned]))
    assert isinstance(stop, Stop) and stop.reason is Reason.NO_VIEWERS


def test_a_viewer_withdraws_the_warning_and_resets_the_clock() -> None:
    warned = nobody_since(40, warned_at=NOW - MIN, reason=Reason.NO_VIEWERS)
    (clear,) = actions(watched(3, marks=[warned]))
    assert isinstance(clear, ClearWarning) and clear.resolution is Resolution.VIEWERS_BACK
    (reset,) = actions(watched(3, marks=[nobody_since(20)]))
    assert isinstance(reset, NoteAudience) and reset.no_viewers_since is None


def test_a_stream_that_is_off_ivs_is_not_streaming_to_nobody() -> None:
    (reset,) = actions(watched(None, marks=[nobody_since(45)]))
    assert isinstance(reset, NoteAudience) and reset.no_viewers_since is None


def test_a_keep_holds_back_the_warning_for_streaming_to_nobody() -> None:
    kept = streaming(keep_until=NOW + timedelta(minutes=20))
    decision = decide(watched(0, marks=[nobody_since(45)], show=kept), POLICY)
    assert decision.actions == ()
    (finding,) = decision.findings
    assert (finding.reason, finding.status) == (Reason.NO_VIEWERS, ResourceStatus.KEPT)


def test_the_clock_is_forgotten_when_the_channel_stops() -> None:
    base = facts([channel(ChannelState.IDLE)], sessions=[streaming()], marks=[nobody_since(10)])
    (forget,) = actions(base)
    assert isinstance(forget, Forget)


minutes = st.floats(min_value=0, max_value=600)


@settings(max_examples=500, deadline=None)
@given(
    viewers=st.integers(min_value=1, max_value=10_000),
    nobody=st.none() | minutes,
    warned=st.none() | minutes,
    reason=st.sampled_from([Reason.NO_VIEWERS, Reason.NO_INPUT]),
    on_air=st.floats(min_value=0, max_value=239),
    frames_ago=st.floats(min_value=0, max_value=5),
)
def test_a_channel_with_video_and_viewers_is_never_warned_or_stopped(
    viewers: int, nobody: float | None, warned: float | None, reason: Reason, on_air: float, frames_ago: float
) -> None:
    """Whatever the marks remember (an old clock, an old warning), video arriving and anyone watching within
    the longest show means no warning and no stop."""

    def ago(m: float) -> datetime:
        return NOW - timedelta(minutes=m)

    show = streaming(run_start=ago(on_air))
    remembered = mark(
        no_viewers_since=None if nobody is None else ago(nobody),
        warned_at=None if warned is None else ago(warned),
        reason=reason,
    )
    base = facts(sessions=[show], marks=[remembered], last_input={"111": ago(frames_ago)})
    decided: list[Any] = actions(Facts(**{**base.__dict__, "viewers": {ARN: viewers}}))
    assert not [a for a in decided if isinstance(a, Warn | Stop)]


def test_a_show_past_its_planned_length_with_nobody_watching_is_warned_without_the_long_wait() -> None:
    planned = streaming(run_start=NOW - timedelta(minutes=125)).model_copy(update={"planned_minutes": 120})
    warnings = [a for a in actions(watched(0, show=planned, marks=[nobody_since(1)])) if isinstance(a, Warn)]
    assert [w.reason for w in warnings] == [Reason.PAST_PLAN]
    within = planned.model_copy(update={"planned_minutes": 180})
    assert not [a for a in actions(watched(0, show=within, marks=[nobody_since(1)])) if isinstance(a, Warn)]


def test_a_show_past_its_planned_length_with_viewers_runs_on() -> None:
    planned = streaming(run_start=NOW - timedelta(minutes=200)).model_copy(update={"planned_minutes": 60})
    assert not [a for a in actions(watched(4, show=planned)) if isinstance(a, Warn | Stop)]


def test_counts_that_could_not_be_read_neither_reset_the_clock_nor_withdraw_a_warning() -> None:
    unknown = lambda marks: Facts(**{**watched(None, marks=marks).__dict__, "viewers_known": False})  # noqa: E731
    assert actions(unknown([nobody_since(20)])) == []  # the clock keeps running
    warned = nobody_since(40, warned_at=NOW - MIN, reason=Reason.NO_VIEWERS)
    assert actions(unknown([warned])) == []  # the warning stands
    assert actions(unknown(None)) == []  # and no clock starts
