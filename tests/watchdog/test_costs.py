"""Cost alerts per session and the daily spend summary: pure decisions, then the claims in the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.config import Rates
from core.domain.costs import running_hourly
from core.domain.session import Period, RunShape, Session, SessionStatus
from core.watchdog.cost_alerts import alert_key, billed_in_window, crossed, daily_spend, with_alerted
from tests.watchdog.kit import WatchKit

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
RATES = Rates()
STEPS = (5.0, 10.0, 25.0)


def _session(hours_running: float, *, sent: list[str] | None = None, live: bool = False) -> Session:
    start = NOW - timedelta(hours=hours_running)
    return Session(
        id="s",
        show_name="Morning Show",
        chat_channel="C1",
        created_by="u",
        created_at=start,
        status=SessionStatus.READY,
        channel_runs=[Period(start=start)],
        live_periods=[Period(start=start)] if live else [],
        alerts_sent=sent or [],
    )


@pytest.mark.parametrize(
    ("hours", "live", "expected"),
    [(0.5, False, None), (1.9, False, None), (2.0, False, 5.0), (1.0, True, 5.0), (2.0, True, 10.0), (5, True, 25.0)],
)
def test_the_highest_threshold_crossed_is_the_one_announced(hours: float, live: bool, expected: float | None) -> None:
    assert crossed(_session(hours, live=live), now=NOW, rates=RATES, thresholds=STEPS) == expected


def test_an_announced_threshold_is_not_announced_again_and_lower_ones_count_as_announced() -> None:
    s = _session(5, live=True)
    announced = with_alerted(s, 25.0, STEPS)
    assert announced.alerts_sent == [alert_key(5), alert_key(10), alert_key(25)]
    assert crossed(announced, now=NOW, rates=RATES, thresholds=STEPS) is None
    assert crossed(_session(2.5, live=True, sent=[alert_key(5)]), now=NOW, rates=RATES, thresholds=STEPS) == 10.0


def test_spend_in_a_window_bills_started_minutes_and_a_run_begun_inside_it_its_minimum() -> None:
    start, end = NOW - timedelta(days=1), NOW
    runs = [
        Period(start=start - timedelta(hours=1), end=start + timedelta(minutes=30)),  # began before: 30 min
        Period(start=start + timedelta(hours=2), end=start + timedelta(hours=2, minutes=3)),  # short: the minimum
        Period(start=end - timedelta(minutes=5)),  # still running: 5 min so far, but a fresh run bills 10
        Period(start=start - timedelta(days=2), end=start - timedelta(days=1)),  # outside
    ]
    assert billed_in_window(runs, start=start, end=end, minimum=10) == 30 + 10 + 10


def test_the_daily_spend_lists_sessions_by_cost_and_skips_those_that_did_not_run() -> None:
    busy, quiet = _session(3), _session(0).model_copy(update={"id": "q", "channel_runs": []})
    lines = daily_spend([quiet, busy], start=NOW - timedelta(days=1), end=NOW, rates=RATES)
    assert [(line.session_id, line.minutes, line.running) for line in lines] == [("s", 180, True)]
    assert lines[0].cost == pytest.approx(3 * running_hourly(RATES))


def test_the_daily_spend_prices_each_run_by_its_own_shape() -> None:
    start, end = NOW - timedelta(days=1), NOW
    wide = RunShape(inputs=2, outputs=4, normalized=True)
    runs = [
        Period(start=start + timedelta(hours=1), end=start + timedelta(hours=2)),
        Period(start=start + timedelta(hours=3), end=start + timedelta(hours=4), shape=wide),
    ]
    session = _session(0).model_copy(update={"channel_runs": runs})
    [line] = daily_spend([session], start=start, end=end, rates=RATES)
    assert line.minutes == 120
    assert line.cost == pytest.approx(running_hourly(RATES) + running_hourly(RATES, wide))
    assert running_hourly(RATES, wide) == pytest.approx(2 * 0.45 + 4 * 0.90 + 0.30)  # normalization once


def test_cost_alerts_are_claimed_in_the_session_so_each_is_posted_once(wk: WatchKit) -> None:
    session = wk.new_session()
    start = wk.clock() - timedelta(hours=2, minutes=5)
    wk.core.store.update(session.id, lambda s: s.model_copy(update={"channel_runs": [Period(start=start)]}))
    first = wk.watch.costs.due_alerts()
    mine = [a for a in first if a.session.id == session.id]
    assert [a.threshold for a in mine] == [5.0]
    assert mine[0].cost > 5
    assert [a for a in wk.watch.costs.due_alerts() if a.session.id == session.id] == []
    wk.clock.advance(hours=2)
    assert [a.threshold for a in wk.watch.costs.due_alerts() if a.session.id == session.id] == [10.0]


def test_the_daily_summary_is_claimed_once_per_day(wk: WatchKit) -> None:
    hour = wk.settings.alerts.daily_summary_hour
    today = wk.clock().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=400)
    wk.clock.at(today - timedelta(minutes=1))
    assert wk.watch.costs.summary_due() is None  # not yet its hour
    wk.clock.at(today + timedelta(minutes=1))
    assert wk.watch.costs.summary_due() == today
    assert wk.watch.costs.summary_due() is None  # another replica, or a restart: already claimed
    spend = wk.watch.costs.daily_summary(end=today)
    assert spend.start == today - timedelta(days=1)
