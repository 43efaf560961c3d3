from datetime import UTC, datetime, timedelta

import pytest

from core.config import Rates
from core.costs import billed_minutes, close_period, open_period, session_cost
from core.models import Period, Session

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


def _session(**kw: object) -> Session:
    return Session(id="s", show_name="x", chat_channel="C", created_by="u", created_at=T0, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 10), (1, 10), (599, 10), (600, 10), (601, 11), (3600, 60), (3601, 61)]
)
def test_medialive_bills_started_minutes_with_a_ten_minute_minimum(seconds: int, minutes: int) -> None:
    assert billed_minutes(timedelta(seconds=seconds), minimum=10) == minutes


def test_one_hour_live_costs_the_reference_rates() -> None:
    run = [Period(start=T0, end=T0 + timedelta(hours=1))]
    cost = session_cost(_session(channel_runs=run, live_periods=run), now=T0 + timedelta(hours=2), rates=Rates())
    assert cost.medialive == pytest.approx(2.55)
    assert cost.ivs == pytest.approx(2.52)
    assert cost.s3 == pytest.approx(0.05)
    assert cost.total == pytest.approx(5.12)
    assert cost.hourly_now == 0


def test_open_run_accrues_to_now_and_reports_the_hourly_rate() -> None:
    s = _session(channel_runs=[Period(start=T0)], live_periods=[])
    cost = session_cost(s, now=T0 + timedelta(minutes=30), rates=Rates())
    assert cost.medialive == pytest.approx(2.55 / 2)
    assert cost.hourly_now == pytest.approx(2.60)


def test_each_short_run_pays_the_minimum() -> None:
    runs = [Period(start=T0 + timedelta(minutes=i * 5), end=T0 + timedelta(minutes=i * 5 + 1)) for i in range(3)]
    assert session_cost(_session(channel_runs=runs), now=T0, rates=Rates()).medialive == pytest.approx(30 * 2.55 / 60)


def test_periods_open_once_and_close_at_the_given_time() -> None:
    periods = open_period(open_period([], T0), T0 + timedelta(minutes=1))
    assert periods == [Period(start=T0)]
    assert close_period(periods, T0 + timedelta(minutes=3)) == [Period(start=T0, end=T0 + timedelta(minutes=3))]
