"""A stop the crew asked for is owed until AWS has done it: a failed StopChannel never leaves a channel billing
with no command that stops it."""

from __future__ import annotations

import pytest

from core.domain.session import ChannelState
from core.errors import ShelcasterError
from tests.fakes.errors import aws_error
from tests.fakes.faults import failing
from tests.service.kit import FakeKit, new_session, wait_steady


def _recording_only_take_whose_stop_fails(kit: FakeKit) -> str:
    session = wait_steady(kit, kit.recording.start_take(session_id=new_session(kit).id, actor="h").session)
    assert session.channel_state is ChannelState.RUNNING
    kit.aws.waits.sleep(1.5)
    failing(kit.aws.medialive, "stop_channel", aws_error("InternalServerErrorException", "stop the channel"))
    with pytest.raises(ShelcasterError):
        kit.recording.stop_take(session_id=session.id, actor="h")
    return session.id


def test_a_take_whose_channel_stop_failed_is_saved_and_the_stop_stays_owed(kit: FakeKit) -> None:
    session_id = _recording_only_take_whose_stop_fails(kit)
    s = kit.store.require(session_id)
    assert s.take is None and s.takes[-1].segments  # the take is saved
    assert s.stop_wanted and s.channel_on_air_unwanted  # and the channel is known to be running for nothing
    stopped = kit.control.stop_stream(session_id=session_id, actor="h")  # `live stop` / the Stop channel button
    assert stopped.changed
    assert wait_steady(kit, stopped.session).channel_state is ChannelState.IDLE
    kit.control.end_session(session_id=session_id, actor="h")


def test_the_next_refresh_finishes_an_owed_stop_without_anyone_asking(kit: FakeKit) -> None:
    session_id = _recording_only_take_whose_stop_fails(kit)
    kit.control.refresh(session_id=session_id)  # the follow-up job does this every minute at least
    assert wait_steady(kit, kit.store.require(session_id)).channel_state is ChannelState.IDLE
    assert not kit.store.require(session_id).stop_wanted
    kit.control.end_session(session_id=session_id, actor="h")
