"""Takes on the fakes: recording runs independently of the stream, and never reaches viewers on its own."""

from __future__ import annotations

import pytest

from core.domain.session import ChannelState, StreamState
from core.errors import NeedsConfirmation
from tests.service.kit import FakeKit, channel_spec, ivs_live, new_session, upload, wait_steady

ANA = ["203.0.113.7/32"]


def test_stopping_the_stream_keeps_the_take_recording(kit: FakeKit) -> None:
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    kit.recording.start_take(session_id=session.id, actor="h")
    off = kit.control.stop_stream(session_id=session.id, actor="h")
    assert "keeps recording" in off.message
    kit.aws.waits.sleep(1.5)
    session = kit.control.refresh(session_id=session.id)
    assert session.channel_state is ChannelState.RUNNING
    assert session.stream is StreamState.OFF
    assert not ivs_live(kit, session.resources.ivs_channel_arn)  # key revoked: no reconnect
    done = kit.recording.stop_take(session_id=session.id, actor="h")
    assert done.session.takes[0].segments
    assert wait_steady(kit, done.session).channel_state is ChannelState.IDLE  # nothing left needs the channel
    kit.control.end_session(session_id=session.id, actor="h")


def test_recording_alone_never_reaches_viewers_and_going_live_then_asks_to_restart(kit: FakeKit) -> None:
    session = new_session(kit)
    recording = kit.recording.start_take(session_id=session.id, actor="h")
    assert "starting" in recording.message
    session = wait_steady(kit, recording.session)
    assert session.channel_state is ChannelState.RUNNING
    kit.aws.waits.sleep(0.8)
    assert not ivs_live(kit, session.resources.ivs_channel_arn)
    with pytest.raises(NeedsConfirmation):
        kit.control.go_live(session_id=session.id, actor="h")
    live = kit.control.go_live(session_id=session.id, actor="h", restart_ok=True)
    session = wait_steady(kit, live.session)
    assert session.stream is StreamState.LIVE
    assert session.take is not None  # the take survived the restart
    kit.control.end_session(session_id=session.id, actor="h")
    ended = kit.store.require(session.id)
    assert ended.takes and ended.takes[0].segments


def test_every_channel_edit_keeps_the_role_so_the_recording_keeps_writing(kit: FakeKit) -> None:
    # UpdateChannel RoleArn doc: "If you do not specify this on an update call ... that role will be removed."
    session = new_session(kit)
    upload(kit, "tracks/jingle.mp4")
    kit.sources.add_track(session_id=session.id, actor="h", ref="jingle.mp4", title="")
    kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    assert channel_spec(kit, session.resources.channel_id)["RoleArn"] == kit.settings.medialive_role_arn
    session = wait_steady(kit, kit.recording.start_take(session_id=session.id, actor="h").session)
    assert channel_spec(kit, session.resources.channel_id)["RoleArn"] == kit.settings.medialive_role_arn
    kit.aws.waits.sleep(1.6)
    take = kit.recording.stop_take(session_id=session.id, actor="h").session.takes[0]
    assert take.segments
    kit.control.end_session(session_id=session.id, actor="h")
