"""A show's lifecycle on the fakes: set up, go live, stop, end; repeats say so and change nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.domain.session import ChannelState, RunShape
from core.show.channel_edits import StartedRun
from tests.kit import FAST
from tests.service.kit import FakeKit, leftovers, new_session, wait_steady


def test_repeating_a_call_in_its_target_state_is_a_no_op_that_says_so(kit: FakeKit) -> None:
    session = new_session(kit)
    again = kit.control.create_session(chat_channel=kit.chat_channel, show_name="Other", actor="host")
    assert (again.changed, again.session.id) == (False, session.id)
    assert not kit.control.stop_stream(session_id=session.id, actor="h").changed
    assert "Not recording" in kit.recording.stop_take(session_id=session.id, actor="h").message
    assert kit.control.go_live(session_id=session.id, actor="h").changed
    second = kit.control.go_live(session_id=session.id, actor="h")
    assert not second.changed
    assert "Already" in second.message
    kit.control.end_session(session_id=session.id, actor="h")
    assert "already ended" in kit.control.end_session(session_id=session.id, actor="h").message


def test_starts_promise_no_timing_aws_does_not_give(kit: FakeKit) -> None:
    # "Most channels start in 3 minutes or less, but a startup time up to 10 minutes is still normal" (UG).
    outcome = kit.control.go_live(session_id=new_session(kit).id, actor="h")
    assert "up to 10" in outcome.message and "a minute" not in outcome.message
    kit.control.end_session(session_id=outcome.session.id, actor="h")


def test_a_channel_already_gone_when_the_waiter_looks_still_ends_cleanly(kit: FakeKit) -> None:
    # A deleted channel shows DELETED for a while, then is not found; the ChannelDeleted waiter has no 404 acceptor.
    session = new_session(kit)
    kit.aws.medialive.timings = replace(FAST, deleted_visible=0.0)
    ended = kit.control.end_session(session_id=session.id, actor="h")
    assert ended.changed
    assert leftovers(kit, session.id) == []


def test_a_reading_taken_before_a_newer_transition_never_overwrites_it(kit: FakeKit) -> None:
    # `live stop`, then `live` while the refresh that read "STOPPING" is still on its way back from AWS.
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    session = kit.control.stop_stream(session_id=session.id, actor="h").session
    real = kit.aws.medialive.describe_channel

    def read_then_someone_goes_live(channel_id: str) -> Any:
        facts = real(channel_id)  # STOPPING, as AWS says at this moment
        at = kit.aws.waits.now()
        started = StartedRun(session=session, folder="run-x", shape=RunShape(), at=at, stopped_at=at)
        kit.store.update(session.id, lambda x: started.apply_to(x).stream_on(at))  # the newer transition
        return facts

    kit.aws.medialive.describe_channel = read_then_someone_goes_live  # type: ignore[method-assign]
    seen = kit.control.refresh(session_id=session.id)
    kit.aws.medialive.describe_channel = real  # type: ignore[method-assign]
    assert seen.stream_wanted
    assert any(p.end is None for p in seen.channel_runs), "the new run must stay open"
    assert seen.channel_state is ChannelState.STARTING
