"""The watchdog's policy as a pure function: facts and a clock in, findings and actions out."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.adapters.aws.medialive import ChannelFacts, InputFacts
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.session import BusyMark, ChannelState, Period, Resources, Session, SessionStatus, Source, SourceKind
from core.watchdog.marks import Op, Reason, WatchMark, WatchWarning, mark_key
from core.watchdog.plan import (
    ClearWarning,
    DeleteChannel,
    DeleteInput,
    Facts,
    Forget,
    NoteRunning,
    NoteUnused,
    Policy,
    ReportUnmanaged,
    Resolution,
    ResourceStatus,
    Stop,
    Warn,
)
from core.watchdog.policy import decide, session_owns

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
POLICY = Policy(deployment="ours", idle=timedelta(minutes=10), grace=timedelta(minutes=5), max_show=timedelta(hours=4))
MIN = timedelta(minutes=1)


def channel(
    state: ChannelState = ChannelState.RUNNING,
    *,
    id: str = "111",
    owner: str | None = "ours",
    session: str | None = "s1",
    inputs: tuple[str, ...] = ("in1",),
) -> ChannelFacts:
    tags = {k: v for k, v in {OWNER_TAG: owner, SESSION_TAG: session}.items() if v is not None}
    return ChannelFacts(id=id, arn=f"arn:{id}", name=f"show-{id}", state=state, tags=tags, input_ids=inputs)


def an_input(
    id: str = "in9", *, owner: str | None = "ours", session: str | None = "s1", attached: tuple[str, ...] = ()
) -> InputFacts:
    tags = {k: v for k, v in {OWNER_TAG: owner, SESSION_TAG: session}.items() if v is not None}
    state = "ATTACHED" if attached else "DETACHED"
    return InputFacts(id=id, arn=f"arn:{id}", state=state, type="RTMP_PUSH", attached_channels=attached, tags=tags)


def session(
    status: SessionStatus = SessionStatus.READY,
    *,
    id: str = "s1",
    channel_id: str | None = "111",
    input_id: str | None = "in1",
    run_start: datetime | None = NOW - timedelta(minutes=30),
    **extra: Any,
) -> Session:
    runs = [Period(start=run_start)] if run_start else []
    return Session(
        id=id,
        show_name="Morning Show",
        chat_channel="C1",
        created_by="host",
        created_at=NOW - timedelta(hours=1),
        status=status,
        resources=Resources(channel_id=channel_id, input_id=input_id),
        channel_runs=runs,
        **extra,
    )


def mark(
    *, warned_at: datetime | None = None, reason: Reason = Reason.NO_INPUT, then: Op = Op.STOP, **extra: Any
) -> WatchMark:
    warning = None
    if warned_at is not None:
        warning = WatchWarning(reason=reason, then=then, warned_at=warned_at, due_at=warned_at + POLICY.grace)
    return WatchMark(kind="channel", resource_id=extra.pop("resource_id", "111"), warning=warning, **extra)


def facts(
    channels: list[ChannelFacts] | None = None,
    *,
    sessions: list[Session] | None = None,
    marks: list[WatchMark] | None = None,
    inputs: list[InputFacts] | None = None,
    last_input: dict[str, datetime | None] | None = None,
    now: datetime = NOW,
) -> Facts:
    return Facts(
        now=now,
        channels=channels if channels is not None else [channel()],
        inputs=inputs or [],
        sessions={s.id: s for s in sessions or []},
        marks={m.key: m for m in marks or []},
        last_input=last_input or {},
        input_since=now - POLICY.idle - MIN,
    )


def actions(f: Facts, policy: Policy = POLICY) -> list[Any]:
    return list(decide(f, policy).actions)


# live shows -------------------------------------------------------------------------------------------
def test_a_live_show_with_video_arriving_is_left_alone() -> None:
    decision = decide(facts(sessions=[session()], last_input={"111": NOW - MIN}), POLICY)
    assert decision.actions == () and decision.findings == ()


@pytest.mark.parametrize(("quiet_minutes", "warned"), [(0, False), (9, False), (10, True), (45, True)])
def test_a_running_show_is_warned_once_it_has_had_no_video_for_the_idle_threshold(
    quiet_minutes: int, warned: bool
) -> None:
    last = NOW - timedelta(minutes=quiet_minutes)
    (found,) = actions(facts(sessions=[session()], last_input={"111": last})) or [None]
    if not warned:
        assert found is None
        return
    assert isinstance(found, Warn)
    assert (found.reason, found.then, found.due_at) == (Reason.NO_INPUT, Op.STOP, NOW + POLICY.grace)


def test_no_video_since_the_start_counts_from_the_start_of_the_run() -> None:
    started = NOW - timedelta(minutes=9)
    assert actions(facts(sessions=[session(run_start=started)])) == []
    later = facts(sessions=[session(run_start=started)], now=started + POLICY.idle)
    assert [type(a) for a in actions(later)] == [Warn]


def test_a_starting_channel_is_not_idle_yet() -> None:
    assert (
        actions(facts([channel(ChannelState.STARTING)], sessions=[session(run_start=NOW - timedelta(hours=1))])) == []
    )


def test_a_warning_waits_for_its_grace_then_stops_the_channel() -> None:
    warned = mark(warned_at=NOW - timedelta(minutes=4))
    decision = decide(facts(sessions=[session()], marks=[warned]), POLICY)
    assert decision.actions == ()
    assert [(f.status, f.next, f.due_at) for f in decision.findings] == [(ResourceStatus.WATCHING, "stop", NOW + MIN)]
    due = mark(warned_at=NOW - POLICY.grace)
    (stop,) = actions(facts(sessions=[session()], marks=[due]))
    assert isinstance(stop, Stop) and stop.reason is Reason.NO_INPUT and stop.mark == due


def test_a_show_running_past_the_longest_show_is_warned_even_with_video() -> None:
    long_run = session(run_start=NOW - timedelta(hours=4, minutes=1))
    (warn,) = actions(facts(sessions=[long_run], last_input={"111": NOW}))
    assert isinstance(warn, Warn) and warn.reason is Reason.TOO_LONG and warn.then is Op.STOP


@pytest.mark.parametrize("where", ["session", "mark"])
def test_a_keep_holds_back_the_warning_and_the_stop_until_it_runs_out(where: str) -> None:
    until = NOW + timedelta(minutes=30)
    live = session(keep_until=until) if where == "session" else session()
    warned = mark(warned_at=NOW - timedelta(minutes=20), keep_until=until if where == "mark" else None)
    decision = decide(facts(sessions=[live], marks=[warned]), POLICY)
    assert [type(a) for a in decision.actions] == [ClearWarning]
    assert decision.actions[0].resolution is Resolution.KEPT  # type: ignore[union-attr]
    assert [(f.status, f.due_at) for f in decision.findings] == [(ResourceStatus.KEPT, until)]
    kept_quietly = decide(facts(sessions=[live], marks=[warned.model_copy(update={"warning": None})]), POLICY)
    assert kept_quietly.actions == ()
    after = facts(sessions=[live], marks=[warned.model_copy(update={"warning": None})], now=until + MIN)
    assert [type(a) for a in actions(after)] == [Warn]


def test_video_coming_back_withdraws_the_warning() -> None:
    warned = mark(warned_at=NOW - timedelta(minutes=2))
    (clear,) = actions(facts(sessions=[session()], marks=[warned], last_input={"111": NOW}))
    assert isinstance(clear, ClearWarning) and clear.resolution is Resolution.INPUT_BACK


def test_a_channel_the_crew_stopped_withdraws_the_warning_and_forgets_its_mark() -> None:
    warned = mark(warned_at=NOW - timedelta(minutes=2))
    (clear,) = actions(facts([channel(ChannelState.IDLE)], sessions=[session()], marks=[warned]))
    assert isinstance(clear, ClearWarning) and clear.resolution is Resolution.STOPPED
    noted = mark(running_since=NOW - timedelta(hours=1))
    assert [type(a) for a in actions(facts([channel(ChannelState.IDLE)], sessions=[session()], marks=[noted]))] == [
        Forget
    ]


def test_a_channel_started_outside_the_bot_is_timed_from_when_the_watchdog_first_saw_it() -> None:
    no_run = session(run_start=None)
    (note,) = actions(facts(sessions=[no_run]))
    assert isinstance(note, NoteRunning)
    seen = mark(running_since=NOW - timedelta(minutes=11))
    (warn,) = actions(facts(sessions=[no_run], marks=[seen]))
    assert isinstance(warn, Warn) and warn.reason is Reason.NO_INPUT


def test_an_interrupted_stop_is_finished_and_a_dry_run_one_is_only_reported() -> None:
    acting = mark(acting=Op.STOP, acting_reason=Reason.TOO_LONG)
    (stop,) = actions(facts([channel(ChannelState.IDLE)], sessions=[session()], marks=[acting]))
    assert isinstance(stop, Stop) and stop.reason is Reason.TOO_LONG
    dry = acting.model_copy(update={"dry_run": True})
    dry_policy = Policy(**{**POLICY.__dict__, "dry_run": True})
    assert actions(facts(sessions=[session()], marks=[dry]), dry_policy) == []


def test_a_dry_runs_warning_does_not_count_for_a_real_sweep() -> None:
    dry_warning = mark(warned_at=NOW - timedelta(hours=1), dry_run=True)
    (warn,) = actions(facts(sessions=[session()], marks=[dry_warning]))
    assert isinstance(warn, Warn) and warn.due_at == NOW + POLICY.grace


# orphans and leftovers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "owner_session",
    [
        None,
        session(SessionStatus.ENDED, channel_id=None),
        session(SessionStatus.FAILED),
        session(SessionStatus.ENDING),  # the end died: nobody holds it
        session(channel_id="222"),  # a live session that records another channel
    ],
    ids=["missing", "ended", "failed", "abandoned end", "not its channel"],
)
def test_a_running_channel_no_live_show_owns_is_warned_now_then_deleted_after_the_grace(
    owner_session: Session | None,
) -> None:
    sessions = [owner_session] if owner_session else []
    (warn,) = actions(facts(sessions=sessions, last_input={"111": NOW}))
    assert isinstance(warn, Warn)
    assert (warn.reason, warn.then, warn.due_at, warn.running_since) == (
        Reason.ORPHAN,
        Op.DELETE,
        NOW + POLICY.grace,
        NOW,
    )
    warned = mark(warned_at=NOW - POLICY.grace, reason=Reason.ORPHAN, then=Op.DELETE)
    ours, theirs = an_input("in1", attached=("111",)), an_input("in2", owner="other", attached=("111",))
    two_inputs = channel(inputs=("in1", "in2"))
    (delete,) = actions(facts([two_inputs], sessions=sessions, marks=[warned], inputs=[ours, theirs]))
    assert isinstance(delete, DeleteChannel) and delete.inputs == ("in1",)


def test_an_end_in_progress_is_not_an_orphan() -> None:
    busy = BusyMark(action="end", actor="host", since=NOW - MIN, until=NOW + timedelta(minutes=14))
    ending = session(SessionStatus.ENDING, busy=busy)
    assert actions(facts(sessions=[ending], last_input={"111": NOW})) == []


@pytest.mark.parametrize("status", [SessionStatus.ENDED, SessionStatus.FAILED])
def test_a_stopped_channel_of_an_ended_show_is_deleted_at_once(status: SessionStatus) -> None:
    ended = session(status, run_start=None)
    (delete,) = actions(facts([channel(ChannelState.IDLE)], sessions=[ended]))
    assert isinstance(delete, DeleteChannel) and delete.reason is Reason.LEFTOVER
    kept = mark(keep_until=NOW + MIN)
    decision = decide(facts([channel(ChannelState.IDLE)], sessions=[ended], marks=[kept]), POLICY)
    assert decision.actions == () and decision.findings[0].status is ResourceStatus.KEPT


def test_a_stopped_channel_without_a_session_is_warned_before_it_is_deleted() -> None:
    (warn,) = actions(facts([channel(ChannelState.IDLE)]))
    assert isinstance(warn, Warn) and warn.then is Op.DELETE and warn.running_since is None


@pytest.mark.parametrize("state", [ChannelState.CREATING, ChannelState.UPDATING, ChannelState.STOPPING])
def test_an_orphan_changing_state_is_waited_for(state: ChannelState) -> None:
    decision = decide(facts([channel(state)]), POLICY)
    assert decision.actions == () and decision.findings[0].status is ResourceStatus.WAITING


@pytest.mark.parametrize("state", [ChannelState.DELETING, ChannelState.DELETED])
def test_a_channel_on_its_way_out_is_left_alone(state: ChannelState) -> None:
    assert decide(facts([channel(state)]), POLICY) == decide(facts([]), POLICY)


def test_an_interrupted_delete_is_finished_whatever_state_the_channel_is_in() -> None:
    acting = mark(acting=Op.DELETE, acting_reason=Reason.ORPHAN)
    for state in (ChannelState.RUNNING, ChannelState.STOPPING, ChannelState.IDLE):
        (delete,) = actions(facts([channel(state)], marks=[acting]))
        assert isinstance(delete, DeleteChannel) and delete.mark == acting


def test_an_orphan_warning_is_withdrawn_when_a_live_show_owns_the_channel_again() -> None:
    warned = mark(warned_at=NOW - MIN, reason=Reason.ORPHAN, then=Op.DELETE)
    (clear,) = actions(facts(sessions=[session()], marks=[warned], last_input={"111": NOW}))
    assert isinstance(clear, ClearWarning) and clear.resolution is Resolution.OWNED_AGAIN


# not ours ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("owner", [None, "another-deployment"])
def test_a_running_channel_that_is_not_ours_is_reported_once_and_never_acted_on(owner: str | None) -> None:
    theirs = channel(owner=owner)
    (report,) = actions(facts([theirs]))
    assert isinstance(report, ReportUnmanaged)
    seen = mark(running_since=NOW - timedelta(days=3))
    decision = decide(facts([theirs], marks=[seen]), POLICY)
    assert decision.actions == ()
    assert decision.findings[0].reason is Reason.UNMANAGED and not decision.findings[0].owned
    (forget,) = actions(facts([channel(ChannelState.IDLE, owner=owner)], marks=[seen]))
    assert isinstance(forget, Forget)


# inputs -----------------------------------------------------------------------------------------------
def test_detached_inputs_of_ended_or_missing_shows_are_deleted_and_others_kept() -> None:
    ended = session(SessionStatus.ENDED, id="s2", channel_id=None, input_id=None)
    spare = an_input("in9", session="s2")
    orphan = an_input("in8", session="nobody")
    attached = an_input("in7", session="s2", attached=("999",))
    theirs = an_input("in6", owner="someone-else", session="s2")
    got = actions(facts([], sessions=[ended], inputs=[spare, orphan, attached, theirs]))
    assert sorted(a.input.id for a in got if isinstance(a, DeleteInput)) == ["in8", "in9"]
    assert all(isinstance(a, DeleteInput) for a in got)


def test_a_live_shows_inputs_are_kept_and_a_stray_one_is_deleted_only_after_the_grace() -> None:
    source = Source(kind=SourceKind.CALLER, number=1, name="Caller 1", input_id="in5")
    live = session(sources=[source])
    own, caller, stray = an_input("in1"), an_input("in5"), an_input("in4")
    (note,) = actions(facts([], sessions=[live], inputs=[own, caller, stray]))
    assert isinstance(note, NoteUnused) and note.input.id == "in4"
    noted = WatchMark(kind="input", resource_id="in4", unused_since=NOW - timedelta(minutes=4))
    assert actions(facts([], sessions=[live], inputs=[stray], marks=[noted])) == []
    later = facts([], sessions=[live], inputs=[stray], marks=[noted], now=NOW + MIN)
    assert [type(a) for a in actions(later)] == [DeleteInput]


def test_an_input_of_a_show_being_set_up_is_never_touched() -> None:
    creating = session(SessionStatus.CREATING, input_id=None, channel_id=None, run_start=None)
    assert actions(facts([], sessions=[creating], inputs=[an_input("in3")])) == []


# properties -------------------------------------------------------------------------------------------
states = st.sampled_from(list(ChannelState))
statuses = st.sampled_from(list(SessionStatus))
moments = st.integers(min_value=-600, max_value=600).map(lambda m: NOW + timedelta(minutes=m))


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Facts, Policy]:
    n = draw(st.integers(1, 5))
    chans, sessions, marks, last = [], [], [], {}
    for i in range(n):
        cid, sid = f"c{i}", f"s{i}"
        owner = draw(st.sampled_from(["ours", "other", None]))
        chans.append(channel(draw(states), id=cid, owner=owner, session=sid, inputs=(f"i{i}",)))
        if draw(st.booleans()):
            records = draw(st.sampled_from([cid, None, "elsewhere"]))
            busy = None
            if draw(st.booleans()):
                start = draw(moments)
                busy = BusyMark(action="x", actor="y", since=start, until=start + timedelta(minutes=15))
            sessions.append(
                session(
                    draw(statuses),
                    id=sid,
                    channel_id=records,
                    run_start=draw(st.none() | moments),
                    keep_until=draw(st.none() | moments),
                    busy=busy,
                )
            )
        if draw(st.booleans()):
            warned = draw(st.none() | moments)
            marks.append(
                mark(
                    resource_id=cid,
                    warned_at=warned,
                    reason=draw(st.sampled_from([Reason.ORPHAN, Reason.NO_INPUT, Reason.TOO_LONG])),
                    then=draw(st.sampled_from(list(Op))),
                    acting=draw(st.none() | st.sampled_from(list(Op))),
                    keep_until=draw(st.none() | moments),
                    running_since=draw(st.none() | moments),
                    dry_run=draw(st.booleans()),
                )
            )
        last[cid] = draw(st.none() | moments)
    inputs = [an_input(f"i{i}", owner=draw(st.sampled_from(["ours", "other"])), session=f"s{i}") for i in range(n)]
    policy = Policy(**{**POLICY.__dict__, "dry_run": draw(st.booleans())})
    f = Facts(
        now=NOW,
        channels=chans,
        inputs=inputs,
        sessions={s.id: s for s in sessions},
        marks={m.key: m for m in marks},
        last_input=last,
        input_since=NOW - POLICY.idle - MIN,
    )
    return f, policy


def _target(action: Any) -> str:
    if isinstance(action, DeleteInput | NoteUnused):
        return mark_key("input", action.input.id)
    if isinstance(action, Forget):
        return action.mark.key
    return mark_key("channel", action.channel.id)


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_the_policy_never_changes_what_is_not_ours_and_writes_each_mark_at_most_once(
    world: tuple[Facts, Policy],
) -> None:
    f, policy = world
    decision = decide(f, policy)
    ours = {c.id for c in f.channels if c.tags.get(OWNER_TAG) == "ours"}
    for action in decision.actions:
        if isinstance(action, Warn | Stop | DeleteChannel | NoteRunning | ClearWarning):
            assert action.channel.id in ours
        if isinstance(action, ReportUnmanaged):
            assert action.channel.id not in ours
        if isinstance(action, DeleteInput | NoteUnused):
            assert action.input.tags.get(OWNER_TAG) == "ours"
    assert max(Counter(_target(a) for a in decision.actions).values(), default=0) <= 1


@settings(max_examples=1000, deadline=None)
@given(worlds())
def test_nothing_is_stopped_or_deleted_without_a_due_warning_or_an_earlier_start_except_leftovers(
    world: tuple[Facts, Policy],
) -> None:
    f, policy = world
    for action in decide(f, policy).actions:
        if not isinstance(action, Stop | DeleteChannel):
            continue
        # A dry run reports each would-be action once (its claim is recorded); a different one may follow,
        # e.g. "would delete" once a channel a dry run "would stop" has stopped.
        op = Op.STOP if isinstance(action, Stop) else Op.DELETE
        assert not (policy.dry_run and action.mark is not None and action.mark.dry_run and action.mark.acting is op)
        m = action.mark if action.mark and action.mark.dry_run == policy.dry_run else None
        started = m is not None and m.acting is not None
        warned_due = m is not None and m.warning is not None and m.warning.due_at <= f.now
        leftover = isinstance(action, DeleteChannel) and action.reason is Reason.LEFTOVER
        assert started or warned_due or leftover
        if leftover:
            assert not action.channel.state.on_air


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_a_live_shows_channel_is_never_deleted_by_the_sweep(world: tuple[Facts, Policy]) -> None:
    f, policy = world
    for action in decide(f, policy).actions:
        if isinstance(action, DeleteChannel):
            owner = f.sessions.get(action.channel.tags.get(SESSION_TAG, ""))
            assert not session_owns(owner, action.channel.id, f.now)
