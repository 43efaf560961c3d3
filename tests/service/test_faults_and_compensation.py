"""A fault at each AWS step leaves no orphan behind and a clear error; the next command repairs the rest.

Each fault is the domain error the adapter raises for that AWS error, made by a fake's next call of the port
method the step goes through (`tests.fakes.faults.failing`), as the sandbox fails the next HTTP attempt."""

from __future__ import annotations

import pytest

from core.domain.session import SessionStatus, StreamState
from core.errors import ShelcasterError
from tests.fakes.errors import aws_error
from tests.fakes.faults import failing
from tests.service.kit import FakeKit, leftovers, new_session, wait_steady


def _fault(kit: FakeKit, service: str, method: str, code: str) -> None:
    fake = kit.aws.ivs if service == "ivs" else kit.aws.medialive
    failing(fake, method, aws_error(code, f"call {service} {method}", "injected"))


CREATE_STEPS = [
    ("ivs", "create_channel", "ValidationException"),  # CreateChannel
    ("ivs", "stream_key", "ValidationException"),  # GetStreamKey
    ("medialive", "create_input", "BadRequestException"),  # CreateInput
    ("medialive", "create_channel", "BadRequestException"),  # CreateChannel
    ("medialive", "wait", "BadRequestException"),  # DescribeChannel, as the ChannelCreated waiter polls it
]


@pytest.mark.parametrize(("service", "method", "code"), CREATE_STEPS)
def test_a_failed_setup_deletes_what_it_created(kit: FakeKit, service: str, method: str, code: str) -> None:
    _fault(kit, service, method, code)
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
    ("medialive", "start_channel", "BadRequestException"),  # StartChannel
    ("medialive", "describe_channel", "BadRequestException"),  # DescribeChannel
]


@pytest.mark.parametrize(("service", "method", "code"), GO_LIVE_STEPS)
def test_a_failed_go_live_leaves_the_session_ready_to_try_again(
    kit: FakeKit, service: str, method: str, code: str
) -> None:
    session = new_session(kit)
    _fault(kit, service, method, code)
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


def test_a_failed_go_live_after_a_new_stream_key_keeps_the_key_recorded(kit: FakeKit) -> None:
    session = new_session(kit)
    kit.recording.start_take(session_id=session.id, actor="h")  # revokes the key: viewers must not see it
    kit.recording.stop_take(session_id=session.id, actor="h")
    wait_steady(kit, kit.store.require(session.id))
    _fault(kit, "medialive", "update_channel", "BadRequestException")  # UpdateChannel
    with pytest.raises(ShelcasterError):
        kit.control.go_live(session_id=session.id, actor="h")
    live = kit.control.go_live(session_id=session.id, actor="h")
    assert wait_steady(kit, live.session).stream is StreamState.LIVE
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


END_STEPS = [
    ("medialive", "stop_channel", "BadRequestException"),  # StopChannel
    ("medialive", "delete_channel", "BadRequestException"),  # DeleteChannel
    ("medialive", "delete_input", "BadRequestException"),  # DeleteInput
    ("ivs", "delete_channel", "ValidationException"),  # DeleteChannel
]


@pytest.mark.parametrize(("service", "method", "code"), END_STEPS)
def test_a_failed_end_is_finished_by_ending_again(kit: FakeKit, service: str, method: str, code: str) -> None:
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    _fault(kit, service, method, code)
    with pytest.raises(ShelcasterError):
        kit.control.end_session(session_id=session.id, actor="h")
    half = kit.store.require(session.id)
    assert half.status is SessionStatus.ENDING
    assert half.busy is None
    assert kit.control.current(chat_channel=kit.chat_channel) is not None  # still findable to finish it
    ended = kit.control.end_session(session_id=session.id, actor="h")
    assert ended.session.status is SessionStatus.ENDED
    assert leftovers(kit, session.id) == []
