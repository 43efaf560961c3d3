"""A fault at each AWS step leaves no orphan behind and a clear error; the next command repairs the rest."""

from __future__ import annotations

import pytest

from core.domain.session import SessionStatus, StreamState
from core.errors import ShelcasterError
from sandbox.aws import AwsSandbox
from tests.kit import CoreKit, leftovers, new_session, wait_steady

CREATE_STEPS = [
    ("ivs", "CreateChannel", "ValidationException"),
    ("ivs", "GetStreamKey", "ValidationException"),
    ("medialive", "CreateInput", "BadRequestException"),
    ("medialive", "CreateChannel", "BadRequestException"),
    ("medialive", "DescribeChannel", "BadRequestException"),
]


@pytest.mark.parametrize(("service", "operation", "code"), CREATE_STEPS)
def test_a_failed_setup_deletes_what_it_created(
    kit: CoreKit, aws_sandbox: AwsSandbox, service: str, operation: str, code: str
) -> None:
    aws_sandbox.inject_fault(service=service, operation=operation, status=400, code=code, message="injected")
    with pytest.raises(ShelcasterError) as error:
        kit.control.create_session(chat_channel=kit.chat_channel, show_name="Doomed", actor="h")
    assert str(error.value).startswith("Could not ")
    assert "Traceback" not in str(error.value)
    failed = kit.store.sessions_for(kit.chat_channel)[0]
    assert failed.status is SessionStatus.FAILED
    assert leftovers(kit, failed.id) == []
    assert not failed.resources.any
    # and the channel is free for the next attempt
    retry = kit.control.create_session(chat_channel=kit.chat_channel, show_name="Second try", actor="h")
    assert retry.changed
    kit.control.end_session(session_id=retry.session.id, actor="h")


GO_LIVE_STEPS = [
    ("medialive", "StartChannel", "BadRequestException"),
    ("medialive", "DescribeChannel", "BadRequestException"),
]


@pytest.mark.parametrize(("service", "operation", "code"), GO_LIVE_STEPS)
def test_a_failed_go_live_leaves_the_session_ready_to_try_again(
    kit: CoreKit, aws_sandbox: AwsSandbox, service: str, operation: str, code: str
) -> None:
    session = new_session(kit)
    aws_sandbox.inject_fault(service=service, operation=operation, status=400, code=code)
    with pytest.raises(ShelcasterError):
        kit.control.go_live(session_id=session.id, actor="h")
    after = kit.store.require(session.id)
    assert after.busy is None
    assert not after.stream_wanted
    assert after.last_error
    live = kit.control.go_live(session_id=session.id, actor="h")
    assert live.changed
    assert wait_steady(kit, live.session).stream is StreamState.LIVE
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


def test_a_failed_go_live_after_a_new_stream_key_keeps_the_key_recorded(kit: CoreKit, aws_sandbox: AwsSandbox) -> None:
    session = new_session(kit)
    kit.recording.start_take(session_id=session.id, actor="h")  # revokes the key: viewers must not see it
    kit.recording.stop_take(session_id=session.id, actor="h")
    wait_steady(kit, kit.store.require(session.id))
    aws_sandbox.inject_fault(service="medialive", operation="UpdateChannel", status=400, code="BadRequestException")
    with pytest.raises(ShelcasterError):
        kit.control.go_live(session_id=session.id, actor="h")
    live = kit.control.go_live(session_id=session.id, actor="h")
    assert wait_steady(kit, live.session).stream is StreamState.LIVE
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


END_STEPS = [
    ("medialive", "StopChannel", "BadRequestException"),
    ("medialive", "DeleteChannel", "BadRequestException"),
    ("medialive", "DeleteInput", "BadRequestException"),
    ("ivs", "DeleteChannel", "ValidationException"),
]


@pytest.mark.parametrize(("service", "operation", "code"), END_STEPS)
def test_a_failed_end_is_finished_by_ending_again(
    kit: CoreKit, aws_sandbox: AwsSandbox, service: str, operation: str, code: str
) -> None:
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    aws_sandbox.inject_fault(service=service, operation=operation, status=400, code=code)
    with pytest.raises(ShelcasterError):
        kit.control.end_session(session_id=session.id, actor="h")
    half = kit.store.require(session.id)
    assert half.status is SessionStatus.ENDING
    assert half.busy is None
    assert kit.control.current(chat_channel=kit.chat_channel) is not None  # still findable to finish it
    ended = kit.control.end_session(session_id=session.id, actor="h")
    assert ended.session.status is SessionStatus.ENDED
    assert leftovers(kit, session.id) == []
