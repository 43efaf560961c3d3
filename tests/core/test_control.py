"""One whole show against the sandbox AWS over HTTP, through the real adapters. The service behaviours it
strings together (repeats, concurrency, takes and the stream, faults) are shown on the fakes in tests/service."""

from __future__ import annotations

import time

from core.domain.session import ChannelState, SessionStatus, StreamState
from tests.kit import CoreKit, leftovers, wait_steady


def test_a_whole_show_goes_live_records_a_take_and_ends_with_nothing_left(kit: CoreKit) -> None:
    created = kit.control.create_session(chat_channel=kit.chat_channel, show_name="Morning Show", actor="host")
    session = created.session
    assert created.changed
    assert session.status is SessionStatus.READY
    assert session.channel_state is ChannelState.IDLE
    assert session.resources.input_endpoints and all(u.startswith("rtmp://") for u in session.resources.input_endpoints)

    live = kit.control.go_live(session_id=session.id, actor="host")
    assert live.changed
    session = wait_steady(kit, live.session)
    assert session.stream is StreamState.LIVE

    kit.recording.start_take(session_id=session.id, actor="producer")
    time.sleep(2.2)
    stopped = kit.recording.stop_take(session_id=session.id, actor="producer")
    take = stopped.session.takes[0]
    assert take.location and take.location.startswith(f"s3://{kit.settings.recordings_bucket}/recordings/{session.id}/")
    assert take.duration_seconds and take.duration_seconds >= 1.5
    key = take.location.split("/", 3)[3]
    playlist = kit.aws.s3.get_object(Bucket=kit.settings.recordings_bucket, Key=key)["Body"].read().decode()
    assert playlist.count(".ts") == take.segments
    assert "#EXT-X-ENDLIST" in playlist
    assert stopped.session.stream is StreamState.LIVE  # recording never touched the stream

    off = kit.control.stop_stream(session_id=session.id, actor="host")
    assert wait_steady(kit, off.session).channel_state is ChannelState.IDLE

    ended = kit.control.end_session(session_id=session.id, actor="host")
    assert ended.session.status is SessionStatus.ENDED
    assert ended.session.final_cost is not None and ended.session.final_cost > 0
    assert leftovers(kit, session.id) == []
    assert kit.control.current(chat_channel=kit.chat_channel) is None
