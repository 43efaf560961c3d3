"""The panel tells the truth about time, cost and what waits: pure views over a session, on a fixed clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.slack_ui import messages, views
from core.config import Rates
from core.domain.session import (
    BusyMark,
    ChannelState,
    Period,
    Platform,
    Session,
    SessionStatus,
    Source,
    SourceKind,
    Take,
)

T0 = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
RATES = Rates()


def _show(**changes: Any) -> Session:
    base = Session(
        id="s1", show_name="Late Show", chat_channel="C1", created_by="<@U1>", created_at=T0,
        status=SessionStatus.READY, channel_state=ChannelState.IDLE, channel_state_at=T0, ui={"ts": "1.1"},
    )  # fmt: skip
    return base.model_copy(update=changes)


def _text(session: Session, now: datetime) -> str:
    """Every text the panel shows, flattened."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(views.panel(session, now=now, rates=RATES))
    return "\n".join(found)


def _starting(at: datetime) -> Session:
    """The crew clicked Go live at `at`; MediaLive accepted the start at once."""
    return _show(
        stream_wanted=True,
        live_since=at,
        channel_state=ChannelState.STARTING,
        channel_state_at=at,
        channel_runs=[Period(start=at)],
        live_periods=[Period(start=at)],
    )


def test_while_starting_the_panel_counts_from_the_click_and_says_what_aws_usually_needs() -> None:
    text = _text(_starting(T0), T0 + timedelta(seconds=80))
    assert "starting… 1:20" in text
    assert "most MediaLive channels start within 3 minutes, and up to 10 is normal" in text
    assert "LIVE" not in text


def test_the_live_clock_starts_when_ivs_is_seen_live_not_at_the_click() -> None:
    running = _starting(T0).model_copy(
        update={"channel_state": ChannelState.RUNNING, "channel_state_at": T0 + timedelta(minutes=2)}
    )
    waiting = _text(running, T0 + timedelta(minutes=2, seconds=20))
    assert "the stream shows LIVE once IVS receives it" in waiting and "*LIVE*" not in waiting

    live = running.model_copy(update={"ivs_live": True, "ivs_live_at": T0 + timedelta(minutes=2, seconds=30)})
    text = _text(live, T0 + timedelta(minutes=4, seconds=30))
    assert "*LIVE* 2:00" in text  # not 4:30: the start-up minutes were not on air
    assert "running 4:30" in text  # the channel's own clock counts from its start, as MediaLive bills it


def test_the_session_records_when_ivs_was_first_seen_live_and_forgets_it_when_the_stream_stops() -> None:
    running = _starting(T0)
    seen = running.observed(
        state=ChannelState.RUNNING, ivs_live=True, active=None, switch=None, at=T0 + timedelta(minutes=2)
    )
    again = seen.observed(
        state=ChannelState.RUNNING, ivs_live=True, active=None, switch=None, at=T0 + timedelta(minutes=5)
    )
    assert again.ivs_live_at == T0 + timedelta(minutes=2)  # the first reading, not the latest
    assert again.stream_off(T0 + timedelta(minutes=6)).ivs_live_at is None


def test_a_stream_seen_live_before_the_moment_was_recorded_counts_from_the_channel_running() -> None:
    live = _starting(T0).model_copy(
        update={"channel_state": ChannelState.RUNNING, "channel_state_at": T0 + timedelta(minutes=1), "ivs_live": True}
    )
    assert "*LIVE* 1:00" in _text(live, T0 + timedelta(minutes=2))  # from the channel running, never the click


def test_stopping_shows_its_clock_and_promises_no_figure_aws_does_not_give() -> None:
    stopping = _show(channel_state=ChannelState.STOPPING, channel_state_at=T0)
    text = _text(stopping, T0 + timedelta(seconds=12))
    assert "stopping… 0:12" in text
    assert "running charges end once MediaLive reports it idle" in text
    assert "minute" not in text.split("stopping for")[-1]


def test_end_is_visible_from_the_first_redraw_after_the_click() -> None:
    mark = BusyMark(action="end", actor="<@U1>", since=T0, until=T0 + timedelta(seconds=30))
    text = _text(_show(busy=mark), T0 + timedelta(seconds=3))
    assert "<@U1> is ending the show (0:03 so far): saving any take, then stopping and deleting" in text


def test_another_action_in_progress_says_who_what_and_for_how_long() -> None:
    mark = BusyMark(action="live", actor="<@U2>", since=T0, until=T0 + timedelta(seconds=30))
    assert "<@U2> is running `live` (0:07 so far)" in _text(_show(busy=mark), T0 + timedelta(seconds=7))
    expired = mark.model_copy(update={"until": T0 + timedelta(seconds=5)})
    assert "is running" not in _text(_show(busy=expired), T0 + timedelta(seconds=7))


def test_the_cost_says_when_the_ten_minute_minimum_applies_and_how_long_it_holds() -> None:
    text = _text(_starting(T0), T0 + timedelta(minutes=2, seconds=20))
    assert "MediaLive bills each start at least 10 minutes" in text
    assert "the figure holds for the next 7:40" in text
    assert "starts so far" not in text
    assert "MediaLive bills each start" not in _text(_starting(T0), T0 + timedelta(minutes=11))


def test_a_restart_says_the_new_start_is_billed_its_own_minimum() -> None:
    restarted = _starting(T0).model_copy(
        update={"channel_runs": [Period(start=T0 - timedelta(minutes=30), end=T0), Period(start=T0)]}
    )
    assert "2 starts so far, each billed at least 10 minutes" in _text(restarted, T0 + timedelta(minutes=1))


def test_waiting_changes_say_what_apply_does_now_running_or_stopped() -> None:
    caller = Source(kind=SourceKind.CALLER, number=1, name="Ana", input_id="i-1")  # made, not attached yet
    live = _starting(T0).model_copy(update={"channel_state": ChannelState.RUNNING, "sources": [caller]})
    assert messages.CHANGES_WAIT_LIVE in _text(live, T0)
    stopped = _show(sources=[caller])
    text = _text(stopped, T0)
    assert messages.CHANGES_WAIT_IDLE in text
    assert "restarts it now" not in text and "next stop" not in text


def test_apply_on_a_live_show_asks_in_words_about_this_show() -> None:
    caller = Source(kind=SourceKind.CALLER, number=1, name="Ana", input_id="i-1")
    live = _starting(T0).model_copy(update={"channel_state": ChannelState.RUNNING, "sources": [caller]})
    apply = next(b for b in views.panel_buttons(live, RATES) if b.text and b.text.text == "Apply changes")
    assert apply.confirm is not None
    question = apply.confirm.to_dict()["text"]["text"]
    assert "apply: caller 1 (Ana) joins" in question
    assert "The stream is off air until it runs again" in question
    assert "Take" not in question  # no take is recording, so none is said to keep going
    assert "The new start bills at least 10 min (about $0.43)" in question
    assert len(question) <= 300


def test_each_restart_question_fits_the_dialog_and_names_the_take_only_when_one_records() -> None:
    from bot.slack_ui.confirms import restart_question

    take = Take(number=2, started_at=T0, started_by="<@U1>")
    recording_only = _show(channel_state=ChannelState.RUNNING, take=take, channel_runs=[Period(start=T0)])
    live_restart = restart_question(recording_only, "live restart", rates=RATES)
    assert live_restart.startswith("The channel stops and starts again with the IVS output.")
    assert "Take 2 keeps recording, with a gap for the restart." in live_restart
    many = [
        Platform(number=n, kind="custom", name=f"S{n}", url="rtmp://x.example/app", key_parameter="k", key_hint="1234")
        for n in range(1, 30)
    ]
    crowded = recording_only.model_copy(update={"platforms": many, "stream_wanted": True})
    for ask in ("live restart", "apply restart", "live stop restart"):
        assert len(restart_question(crowded, ask, rates=RATES)) <= 300
    assert "and 26 more" in restart_question(crowded, "apply restart", rates=RATES)


def test_kept_running_shows_only_while_the_channel_runs_and_the_keep_lasts() -> None:
    kept = _starting(T0).model_copy(update={"keep_until": T0 + timedelta(hours=1)})
    assert "Kept running until 21:00 UTC" in _text(kept, T0 + timedelta(minutes=5))
    assert "Kept running" not in _text(kept, T0 + timedelta(hours=2))
    stopped = _show(keep_until=T0 + timedelta(hours=1))
    assert "Kept running" not in _text(stopped, T0 + timedelta(minutes=5))


def test_the_ended_panel_lists_every_take_with_its_length_and_where_it_is() -> None:
    where = "s3://rec/recordings/s1/take-001/index.m3u8"
    saved = Take(
        number=1, started_at=T0, started_by="a", stopped_at=T0 + timedelta(seconds=125), duration_seconds=125,
        segments=21, location=where, sources=["20:00:00 host", "20:01:00 caller-1"],
    )  # fmt: skip
    empty = Take(number=2, started_at=T0, started_by="a", duration_seconds=0, segments=0)
    ended = _show(status=SessionStatus.ENDED, takes=[saved, empty], final_cost=1.23, channel_state=ChannelState.DELETED)
    text = _text(ended, T0 + timedelta(hours=1))
    assert "Take 1: 2m05s at `s3://rec/recordings/s1/take-001/index.m3u8` · on air: host → caller-1" in text
    assert "Take 2: nothing was recorded" in text
    assert "$1.23 in total" in text
    assert "End show" not in json.dumps(views.panel(ended, now=T0, rates=RATES))


def test_status_and_the_panel_show_the_same_running_times() -> None:
    live = _starting(T0).model_copy(
        update={
            "channel_state": ChannelState.RUNNING,
            "channel_state_at": T0 + timedelta(minutes=2),
            "ivs_live": True,
            "ivs_live_at": T0 + timedelta(minutes=2),
        }
    )
    now = T0 + timedelta(minutes=5)
    status = views.status_lines([live], now=now, rates=RATES)
    panel = _text(live, now)
    for clock in ("running 5:00", "*LIVE* 3:00"):
        assert clock in status and clock in panel


def test_a_stop_with_waiting_changes_says_they_join_at_the_next_start_not_the_next_stop() -> None:
    caller = Source(kind=SourceKind.CALLER, number=1, name="Ana", input_id="i-1")
    line = views.state_line(_show(sources=[caller]))
    assert line is not None and "join at its next start, or now with `apply` (no restart needed)" in line
    assert "next stop" not in (line + _text(_show(sources=[caller]), T0))


def test_a_show_without_a_name_is_named_by_its_day_once() -> None:
    from types import SimpleNamespace

    from bot.actions.desk import Desk, Invocation
    from core.show.claims import Outcome

    named: list[str] = []

    def create_session(*, chat_channel: str, show_name: str, actor: str, planned_minutes: int | None) -> Outcome:
        named.append(show_name)
        return Outcome(_show(show_name=show_name), False, "")

    control = SimpleNamespace(create_session=create_session)
    desk = Desk(core=SimpleNamespace(control=control), panel=None, rates=RATES, clock=lambda: T0, tick_seconds=0)  # type: ignore[arg-type]
    said: list[str] = []
    desk.new_show(
        Invocation(user="U1", chat_channel="C1", rest="", session_id=None, reply=lambda **k: said.append(k["text"]))
    )
    assert named == ["Dec 01 show"]
    assert messages_set_up("Dec 01 show").startswith("*Dec 01 show* is set up.")  # never "Show Show of …"


def messages_set_up(show: str) -> str:
    from core import messages as core_messages

    return core_messages.SET_UP.format(show=show)


def test_a_stream_whose_show_is_ending_reads_stopping_not_starting() -> None:
    mark = BusyMark(action="end", actor="<@U1>", since=T0, until=T0 + timedelta(seconds=30))
    ending = _starting(T0).model_copy(update={"channel_state": ChannelState.STOPPING, "busy": mark})
    text = _text(ending, T0 + timedelta(seconds=5))
    assert "Stream*\n:hourglass_flowing_sand: stopping…" in text and "starting…" not in text


def test_two_actions_following_one_show_tell_its_change_once() -> None:
    from types import SimpleNamespace

    from bot.actions.desk import Desk

    desk = Desk(core=SimpleNamespace(), panel=None, rates=RATES, clock=lambda: T0, tick_seconds=0)  # type: ignore[arg-type]
    line = ":red_circle: The channel is running and the stream is LIVE on IVS."
    assert desk._first_telling("s1", line) and not desk._first_telling("s1", line)
    assert desk._first_telling("s1", "stopped") and desk._first_telling("s1", line)  # a new change is told again
