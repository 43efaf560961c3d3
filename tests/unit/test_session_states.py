"""The session's status machine and claim marks (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.domain.session import BusyMark, Session, SessionStatus, WrongStatus, open_period
from core.show.claims import HOLD_FOR, unattended

T0 = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
STEP: dict[SessionStatus, str] = {
    SessionStatus.READY: "set_up",
    SessionStatus.FAILED: "failed",
    SessionStatus.ENDING: "ending",
    SessionStatus.ENDED: "ended",
}


def _session(status: SessionStatus, **fields: object) -> Session:
    return Session(id="s1", show_name="S", chat_channel="C1", created_by="h", created_at=T0, status=status, **fields)


def _become(session: Session, target: SessionStatus) -> Session:
    step = STEP[target]
    if step == "failed":
        return session.failed("no")
    if step == "ending":
        return session.ending()
    return getattr(session, step)(T0)  # type: ignore[no-any-return]


@pytest.mark.parametrize("start", list(SessionStatus))
@pytest.mark.parametrize("target", list(STEP))
def test_only_the_machines_steps_are_taken(start: SessionStatus, target: SessionStatus) -> None:
    allowed = {
        SessionStatus.CREATING: {SessionStatus.READY, SessionStatus.FAILED, SessionStatus.ENDING},
        SessionStatus.READY: {SessionStatus.READY, SessionStatus.ENDING},
        SessionStatus.FAILED: {SessionStatus.FAILED, SessionStatus.ENDING},
        SessionStatus.ENDING: {SessionStatus.ENDING, SessionStatus.ENDED},
        SessionStatus.ENDED: {SessionStatus.ENDED},
    }[start]
    if target in allowed:
        assert _become(_session(start), target).status is target
    else:
        with pytest.raises(WrongStatus) as refused:
            _become(_session(start), target)
        assert "`new`" in str(refused.value) or "already set up" in str(refused.value)


def test_a_setup_finishing_after_the_end_began_is_refused_with_what_to_do() -> None:
    with pytest.raises(WrongStatus, match="This show has ended"):
        _session(SessionStatus.ENDING).set_up(T0)


def test_the_end_closes_every_open_period_so_nothing_ended_is_billed_on() -> None:
    running = _session(
        SessionStatus.ENDING, channel_runs=open_period([], T0), live_periods=open_period([], T0), stream_wanted=True
    )
    ended = running.ended(T0 + timedelta(minutes=5))
    assert all(p.end == T0 + timedelta(minutes=5) for p in (*ended.channel_runs, *ended.live_periods))
    assert not ended.stream_wanted and ended.take is None


def test_a_heartbeat_is_not_a_change_a_reading_of_aws_must_wait_for() -> None:
    mark = BusyMark(action="live", actor="h", since=T0, until=T0 + timedelta(seconds=30), holder="w1")
    read = _session(SessionStatus.READY).claimed(mark).stored_as(3)
    renewed = read.claimed(mark.renewed(T0 + timedelta(seconds=40))).stored_as(4)
    assert not renewed.changed_since(read)
    assert renewed.noted("x").changed_since(read)
    other = BusyMark(action="end", actor="p", since=T0, until=T0 + timedelta(seconds=30), holder="w2")
    assert read.claimed(other).stored_as(4).changed_since(read)


def test_a_mark_is_alive_until_its_last_renewal_runs_out() -> None:
    mark = BusyMark(action="end", actor="p", since=T0, until=T0 + timedelta(seconds=30), holder="w1")
    assert mark.alive(T0 + timedelta(seconds=29)) and not mark.alive(T0 + timedelta(seconds=30))
    assert mark.same_claim(mark.renewed(T0 + timedelta(minutes=5)))
    assert not mark.same_claim(mark.model_copy(update={"holder": "w2"}))


def test_a_setup_or_end_is_unattended_once_its_mark_runs_out_or_it_was_never_claimed_for_a_hold() -> None:
    creating = _session(SessionStatus.CREATING)
    assert not unattended(creating, T0 + HOLD_FOR - timedelta(seconds=1))  # stored, its first claim still to come
    assert unattended(creating, T0 + HOLD_FOR)
    mark = BusyMark(action="end", actor="p", since=T0, until=T0 + HOLD_FOR, holder="w1")
    ending = _session(SessionStatus.ENDING).claimed(mark)
    assert not unattended(ending, T0 + timedelta(seconds=29)) and unattended(ending, T0 + HOLD_FOR)
    assert not unattended(_session(SessionStatus.READY), T0 + timedelta(hours=1))  # nothing left half done
