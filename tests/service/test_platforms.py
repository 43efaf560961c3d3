"""Platform outputs on the fakes: public runs send to IVS and every platform, recording-only runs to neither."""

from __future__ import annotations

import pytest

from core.domain.platform_rules import PlatformInput
from core.domain.session import ChannelState
from core.errors import NeedsConfirmation
from tests.service.kit import FakeKit, destinations, new_session, wait_steady


def _youtube(kit: FakeKit, session_id: str) -> None:
    entry = PlatformInput(kind="youtube", url="", key="yt-SECRET-key-0123456789")
    kit.platforms.add_platform(session_id=session_id, actor="h", entry=entry)


def test_a_recording_only_run_sends_nothing_to_ivs_or_any_platform(kit: FakeKit) -> None:
    session = new_session(kit)
    _youtube(kit, session.id)
    session = wait_steady(kit, kit.recording.start_take(session_id=session.id, actor="h").session)
    assert session.channel_state is ChannelState.RUNNING
    assert destinations(kit, session.resources.channel_id) == ["recording"]
    assert not session.ivs_live
    with pytest.raises(NeedsConfirmation, match="restarts"):
        kit.control.go_live(session_id=session.id, actor="h")
    kit.control.end_session(session_id=session.id, actor="h")


def test_stopping_the_stream_of_a_take_with_platforms_restarts_it_for_recording_only(kit: FakeKit) -> None:
    session = new_session(kit)
    _youtube(kit, session.id)
    session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
    assert "platform_1" in destinations(kit, session.resources.channel_id)
    kit.recording.start_take(session_id=session.id, actor="h")
    with pytest.raises(NeedsConfirmation, match="platform"):
        kit.control.stop_stream(session_id=session.id, actor="h")
    stopped = kit.control.stop_stream(session_id=session.id, actor="h", restart_ok=True)
    assert "keeps recording" in stopped.message
    session = wait_steady(kit, stopped.session)
    assert destinations(kit, session.resources.channel_id) == ["recording"]
    assert session.take is not None and not session.stream_wanted
    kit.control.end_session(session_id=session.id, actor="h")
