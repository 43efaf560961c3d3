from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.config import Rates
from core.domain.costs import billed_minutes, running_cost, running_hourly, session_cost
from core.domain.session import Period, RunShape, Session, SessionStatus, close_period, open_period

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
# Round figures, so each charge is visible on its own.
RATES = Rates(
    medialive_input=1.0,
    medialive_output=10.0,
    audio_normalization=100.0,
    idle_channel=0.5,
    idle_push_input=0.25,
    ivs_live=2.0,
    s3_recording=0.0,
)


def _session(**kw: object) -> Session:
    return Session(id="s", show_name="x", chat_channel="C", created_by="u", created_at=T0, **kw)  # type: ignore[arg-type]


def _ended(runs: list[Period], at: datetime, **kw: object) -> Session:
    return _session(channel_runs=runs, status=SessionStatus.ENDED, ended_at=at, **kw)


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 10), (1, 10), (599, 10), (600, 10), (601, 11), (3600, 60), (3601, 61)]
)
def test_medialive_bills_started_minutes_with_a_ten_minute_minimum(seconds: int, minutes: int) -> None:
    assert billed_minutes(timedelta(seconds=seconds), minimum=10) == minutes


def test_the_default_rates_split_the_reference_figure_for_the_default_show() -> None:
    assert running_hourly(Rates()) == pytest.approx(0.45 + 2 * 0.90 + 0.30) == pytest.approx(2.55)


def test_one_hour_live_costs_the_reference_rates() -> None:
    run = [Period(start=T0, end=T0 + HOUR)]
    cost = session_cost(_ended(run, T0 + HOUR, live_periods=run), now=T0 + 2 * HOUR, rates=Rates())
    assert cost.medialive == pytest.approx(2.55)
    assert cost.ivs == pytest.approx(2.52)
    assert cost.s3 == pytest.approx(0.05)
    assert cost.total == pytest.approx(5.12)
    assert cost.hourly_now == 0


def test_each_running_input_and_output_encode_bills_at_its_own_rate() -> None:
    shape = RunShape(inputs=2, outputs=3, normalized=False)
    cost = session_cost(_ended([Period(start=T0, end=T0 + HOUR, shape=shape)], T0 + HOUR), now=T0 + HOUR, rates=RATES)
    assert (cost.inputs, cost.outputs, cost.normalization) == pytest.approx((2.0, 30.0, 0.0))
    assert cost.running == pytest.approx(running_hourly(RATES, shape)) == pytest.approx(32.0)


@pytest.mark.parametrize("outputs", [1, 2, 5])
def test_normalization_is_billed_once_per_channel_however_many_outputs_normalize(outputs: int) -> None:
    run = Period(start=T0, end=T0 + HOUR, shape=RunShape(outputs=outputs, normalized=True))
    assert session_cost(_ended([run], T0 + HOUR), now=T0 + HOUR, rates=RATES).normalization == pytest.approx(100.0)


def test_open_run_accrues_to_now_and_reports_the_hourly_rate() -> None:
    s = _session(channel_runs=[Period(start=T0)], live_periods=[])
    cost = session_cost(s, now=T0 + timedelta(minutes=30), rates=Rates())
    assert cost.medialive == pytest.approx(2.55 / 2)
    assert cost.hourly_now == pytest.approx(2.60)


def test_each_short_run_pays_the_minimum_at_its_own_shape() -> None:
    shapes = [RunShape(), RunShape(outputs=3), RunShape(normalized=False)]
    runs = [
        Period(start=T0 + timedelta(minutes=i * 5), end=T0 + timedelta(minutes=i * 5 + 1), shape=shape)
        for i, shape in enumerate(shapes)
    ]
    cost = session_cost(_ended(runs, T0 + timedelta(minutes=11)), now=T0 + HOUR, rates=RATES)
    assert cost.running == pytest.approx(sum(running_hourly(RATES, shape) for shape in shapes) * 10 / 60)


def test_the_channel_and_its_push_inputs_bill_idle_while_the_session_is_not_running() -> None:
    s = _session(status=SessionStatus.READY, channel_runs=[Period(start=T0 + HOUR, end=T0 + 2 * HOUR)])
    cost = session_cost(s, now=T0 + 3 * HOUR, rates=RATES)
    assert (cost.idle_channel, cost.idle_push_inputs) == pytest.approx((2 * 0.5, 2 * 0.25))
    assert cost.hourly_now == pytest.approx(0.5 + 0.25)


def test_idle_push_inputs_are_those_of_the_latest_run() -> None:
    runs = [Period(start=T0, end=T0 + HOUR, shape=RunShape(push_inputs=3))]
    cost = session_cost(_session(status=SessionStatus.READY, channel_runs=runs), now=T0 + 2 * HOUR, rates=RATES)
    assert cost.idle_push_inputs == pytest.approx(3 * 0.25)


def test_nothing_bills_idle_while_the_channel_runs() -> None:
    s = _session(status=SessionStatus.READY, channel_runs=[Period(start=T0)])
    assert session_cost(s, now=T0 + 3 * HOUR, rates=RATES).idle == 0


def test_idle_charges_stop_when_the_session_ends() -> None:
    s = _ended([Period(start=T0, end=T0 + HOUR)], T0 + 2 * HOUR)
    cost = session_cost(s, now=T0 + 10 * HOUR, rates=RATES)
    assert cost.idle == pytest.approx(0.5 + 0.25)
    assert cost.hourly_now == 0


def test_a_failed_setup_bills_no_idle_time_after_its_last_activity() -> None:
    s = _session(status=SessionStatus.FAILED)
    assert session_cost(s, now=T0 + 10 * HOUR, rates=RATES).total == 0


@pytest.mark.parametrize(
    ("open_for", "applies"),
    [(timedelta(0), True), (timedelta(minutes=9, seconds=59), True), (timedelta(minutes=10), False), (HOUR, False)],
)
def test_the_minimum_applies_now_while_an_open_run_is_inside_its_first_ten_minutes(
    open_for: timedelta, applies: bool
) -> None:
    cost = session_cost(_session(channel_runs=[Period(start=T0)]), now=T0 + open_for, rates=Rates())
    assert cost.minimum_now is applies
    if applies:
        assert cost.running == pytest.approx(2.55 * 10 / 60)


def test_a_closed_short_run_does_not_say_the_minimum_applies_now() -> None:
    runs = [Period(start=T0, end=T0 + timedelta(minutes=1))]
    assert not session_cost(_session(channel_runs=runs), now=T0 + timedelta(minutes=2), rates=Rates()).minimum_now


def test_old_period_records_without_a_shape_price_as_the_default_show() -> None:
    old = Period.model_validate_json('{"start": "2026-11-24T20:00:00Z", "end": "2026-11-24T21:00:00Z"}')
    assert old.shape == RunShape(inputs=1, outputs=2, normalized=True, push_inputs=1)
    cost = session_cost(_ended([old], T0 + HOUR), now=T0 + HOUR, rates=Rates())
    assert cost.medialive == pytest.approx(2.55)


def test_periods_open_once_and_close_at_the_given_time() -> None:
    periods = open_period(open_period([], T0), T0 + timedelta(minutes=1))
    assert periods == [Period(start=T0)]
    assert close_period(periods, T0 + timedelta(minutes=3)) == [Period(start=T0, end=T0 + timedelta(minutes=3))]


def test_a_period_opens_with_its_shape_and_keeps_it_when_closed() -> None:
    shape = RunShape(inputs=2, outputs=4)
    closed = close_period(open_period([], T0, shape=shape), T0 + HOUR)
    assert closed == [Period(start=T0, end=T0 + HOUR, shape=shape)]


def test_a_channel_no_session_accounts_for_costs_its_shape_since_first_seen() -> None:
    assert running_cost(T0, T0 + HOUR, Rates()) == pytest.approx(2.55)
    assert running_cost(T0, T0 + timedelta(minutes=1), RATES, RunShape(outputs=1)) == pytest.approx(111.0 / 6)


# Properties --------------------------------------------------------------------------------------------------

_shapes = st.builds(
    RunShape,
    inputs=st.integers(0, 3),
    outputs=st.integers(0, 4),
    normalized=st.booleans(),
    push_inputs=st.integers(0, 3),
)
_seconds = st.integers(0, 4 * 3600)


@st.composite
def _sessions(draw: st.DrawFn, *, closed: bool) -> Session:
    """Runs one after another after the session's creation, the last still open unless the session is closed."""
    at, runs, live = T0 + timedelta(seconds=draw(_seconds)), [], []
    for _ in range(draw(st.integers(0, 4))):
        start, at = at, at + timedelta(seconds=draw(_seconds))
        runs.append(Period(start=start, end=at, shape=draw(_shapes)))
        if draw(st.booleans()):
            live.append(Period(start=start, end=at))
        at += timedelta(seconds=draw(_seconds))
    if runs and not closed and draw(st.booleans()):
        runs[-1] = runs[-1].model_copy(update={"end": None})
        live = [p.model_copy(update={"end": None}) if p.start == runs[-1].start else p for p in live]
    status = SessionStatus.ENDED if closed else draw(st.sampled_from(list(SessionStatus)))
    return _session(channel_runs=runs, live_periods=live, status=status, ended_at=at if closed else None)


def _latest(s: Session) -> datetime:
    return max([s.created_at, *(t for p in s.channel_runs for t in (p.start, p.end) if t is not None)])


@given(_sessions(closed=False), _seconds, _seconds)
def test_cost_never_decreases_as_now_moves_forward(session: Session, later: int, more: int) -> None:
    now = _latest(session) + timedelta(seconds=later)
    before = session_cost(session, now=now, rates=Rates())
    after = session_cost(session, now=now + timedelta(seconds=more), rates=Rates())
    assert after.total >= before.total
    assert after.running >= before.running and after.idle >= before.idle and after.ivs >= before.ivs


@given(_sessions(closed=True), _seconds, _seconds)
def test_a_closed_session_costs_the_same_whatever_now(session: Session, later: int, more: int) -> None:
    assert session.ended_at is not None
    now = session.ended_at + timedelta(seconds=later)
    before = session_cost(session, now=now, rates=Rates())
    assert session_cost(session, now=now + timedelta(seconds=more), rates=Rates()) == before
    assert before.hourly_now == 0 and not before.minimum_now
