"""A show's lifecycle on the fakes: set up, go live, stop, end; repeats say so and change nothing."""

from __future__ import annotations

from dataclasses import replace

from tests.kit import FAST
from tests.service.kit import FakeKit, leftovers, new_session


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
