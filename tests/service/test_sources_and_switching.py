"""Callers, tracks and switching on the fakes, in MediaLive's terms: inputs join while the channel is idle,
switches need it running, and a restart comes back on the host."""

from __future__ import annotations

import pytest

from core.domain.session import ChannelState, SourceKind
from core.errors import InvalidRequest, NeedsConfirmation, NotReady
from tests.service.kit import FakeKit, channel_spec, leftovers, new_session, upload, wait_steady

ANA = ["203.0.113.7/32"]


def test_a_caller_joins_an_idle_channel_at_once_and_a_second_one_is_refused(kit: FakeKit) -> None:
    session = new_session(kit)
    added = kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    caller = added.session.sources[0] if added.session.sources else kit.store.require(session.id).sources[0]
    assert "The channel is updated" in added.message
    assert "from 203.0.113.7/32 only" in added.message
    assert caller.endpoints
    assert all(e.startswith("rtmp://") for e in caller.endpoints)
    attachments = channel_spec(kit, session.resources.channel_id)["InputAttachments"]
    assert [a["InputAttachmentName"] for a in attachments] == ["host", "caller-1"]
    with pytest.raises(InvalidRequest, match="two RTMP push inputs"):
        kit.sources.add_caller(session_id=session.id, actor="h", name="Bob", allowed_from=ANA)
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


def test_a_change_while_live_waits_for_the_next_stop_or_a_confirmed_restart(kit: FakeKit) -> None:
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    added = kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    assert "when it next starts" in added.message
    assert kit.store.require(session.id).changes_pending
    with pytest.raises(NeedsConfirmation):
        kit.sources.apply_changes(session_id=session.id, actor="h")
    applied = kit.sources.apply_changes(session_id=session.id, actor="h", restart_ok=True)
    assert "restarting" in applied.message
    session = wait_steady(kit, applied.session)
    assert session.channel_state is ChannelState.RUNNING
    assert not session.changes_pending
    kit.control.end_session(session_id=session.id, actor="h")


def test_tracks_must_exist_and_be_mp4(kit: FakeKit) -> None:
    session = new_session(kit)
    with pytest.raises(InvalidRequest, match="no file"):
        kit.sources.add_track(session_id=session.id, actor="h", ref="missing.mp4", title="")
    upload(kit, "tracks/notes.txt", b"just some text, not a movie")
    with pytest.raises(InvalidRequest, match="not an MP4"):
        kit.sources.add_track(session_id=session.id, actor="h", ref="notes.txt", title="")
    upload(kit, "tracks/intro.mp4")
    added = kit.sources.add_track(session_id=session.id, actor="h", ref="intro.mp4", title="Intro")
    assert "Track 1 (Intro)" in added.message
    assert kit.store.require(session.id).sources[0].url == f"s3ssl://{kit.settings.recordings_bucket}/tracks/intro.mp4"
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


def test_a_re_added_caller_gets_a_new_input_never_the_deleted_one(kit: FakeKit) -> None:
    session = new_session(kit)
    first = kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    first_id = kit.store.require(session.id).sources[0].input_id
    assert first.changed
    kit.sources.remove_source(session_id=session.id, actor="h", kind=SourceKind.CALLER, number=None)
    kit.sources.add_caller(session_id=session.id, actor="h", name="Bob", allowed_from=ANA)
    second = kit.store.require(session.id).sources[0]
    assert second.input_id != first_id
    described = kit.aws.medialive.describe_input(second.input_id or "")
    assert described is not None and described.state != "DELETED"
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


def test_switching_needs_a_running_channel(kit: FakeKit) -> None:
    session = new_session(kit)
    with pytest.raises(NotReady):
        kit.switcher.switch(session_id=session.id, actor="h", kind=SourceKind.HOST)
    with pytest.raises(InvalidRequest, match="no caller 1"):
        kit.switcher.switch(session_id=session.id, actor="h", kind=SourceKind.CALLER, number=1)
    kit.control.end_session(session_id=session.id, actor="h")


def test_a_restart_comes_back_on_the_host_with_a_cleared_schedule(kit: FakeKit) -> None:
    # On a start MediaLive applies the latest switch; a file input would play again from its beginning.
    session = new_session(kit)
    upload(kit, "tracks/jingle.mp4")
    kit.sources.add_track(session_id=session.id, actor="h", ref="jingle.mp4", title="")
    session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
    kit.switcher.switch(session_id=session.id, actor="h", kind=SourceKind.TRACK, number=1)
    assert kit.control.refresh(session_id=session.id).active_source == "track-1"
    session = wait_steady(kit, kit.control.stop_stream(session_id=session.id, actor="h").session)
    session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
    assert kit.control.refresh(session_id=session.id).active_source == "host"
    assert kit.aws.medialive.channels[session.resources.channel_id or ""].schedule == []
    kit.control.end_session(session_id=session.id, actor="h")
