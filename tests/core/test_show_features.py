"""Show features against the sandbox AWS over HTTP: one show with a caller, a track and switches while it
records, and a platform key kept in SSM as a SecureString (the fake SSM keeps no parameter types). The other
source, switching and platform behaviours are shown on the fakes in tests/service."""

from __future__ import annotations

import json
import time

import pytest

from core.domain.platform_rules import PlatformInput
from core.domain.session import SourceKind
from core.errors import InvalidRequest
from tests.kit import CoreKit, leftovers, new_session, wait_steady

ANA = ["203.0.113.7/32"]
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def _upload(kit: CoreKit, key: str, body: bytes = MP4) -> None:
    kit.aws.s3.put_object(Bucket=kit.settings.recordings_bucket, Key=key, Body=body)


def _destinations(kit: CoreKit, channel_id: str) -> list[str]:
    return [d["Id"] for d in kit.aws.medialive.describe_channel(ChannelId=channel_id)["Destinations"]]


def test_host_caller_track_host_while_recording_and_the_take_agrees_with_what_went_on_air(kit: CoreKit) -> None:
    session = new_session(kit)
    _upload(kit, "tracks/jingle.mp4")
    kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    kit.sources.add_track(session_id=session.id, actor="h", ref="jingle.mp4", title="Jingle")
    session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
    kit.recording.start_take(session_id=session.id, actor="h")
    for kind, number in ((SourceKind.CALLER, 1), (SourceKind.TRACK, 1), (SourceKind.HOST, 1)):
        time.sleep(0.6)
        kit.switcher.switch(session_id=session.id, actor="h", kind=kind, number=number)
        assert kit.control.refresh(session_id=session.id).active_source == (
            "host" if kind is SourceKind.HOST else f"{kind.value}-{number}"
        )
    time.sleep(0.6)
    take = kit.recording.stop_take(session_id=session.id, actor="h").session.takes[0]
    assert [line.split(" ", 1)[1] for line in take.sources] == ["host", "caller-1", "track-1", "host"]
    key = take.location.rsplit("/", 1)[0].split("/", 3)[3] + "/sources.json"  # type: ignore[union-attr]
    timeline = json.loads(kit.aws.s3.get_object(Bucket=kit.settings.recordings_bucket, Key=key)["Body"].read())
    assert [t["source"] for t in timeline] == ["host", "caller-1", "track-1", "host"]
    kit.control.end_session(session_id=session.id, actor="h")
    assert leftovers(kit, session.id) == []


def test_a_platform_key_lives_only_in_ssm_and_the_output_follows_on_and_off(kit: CoreKit) -> None:
    session = new_session(kit)
    with pytest.raises(InvalidRequest, match="rtmp:// or rtmps://"):
        kit.platforms.add_platform(
            session_id=session.id,
            actor="h",
            entry=PlatformInput(kind="custom", url="http://x.example/live", key="abcdef123456"),
        )
    with pytest.raises(InvalidRequest, match="credentials"):
        kit.platforms.add_platform(
            session_id=session.id,
            actor="h",
            entry=PlatformInput(kind="custom", url="rtmp://u:p@x.example/live", key="abcdef123456"),
        )
    key = "yt-SECRET-key-0123456789"
    added = kit.platforms.add_platform(
        session_id=session.id, actor="h", entry=PlatformInput(kind="youtube", url="", key=key)
    )
    assert "YouTube output 1 added" in added.message
    record = kit.store.require(session.id)
    assert key not in record.model_dump_json()
    parameter = record.platforms[0].key_parameter
    stored = kit.aws.ssm.get_parameter(Name=parameter, WithDecryption=True)["Parameter"]
    assert (stored["Value"], stored["Type"]) == (key, "SecureString")
    assert "platform_1" in _destinations(kit, session.resources.channel_id or "")
    kit.platforms.set_platform(session_id=session.id, actor="h", number=1, enabled=False)
    assert "platform_1" not in _destinations(kit, session.resources.channel_id or "")
    kit.platforms.set_platform(session_id=session.id, actor="h", number=1, enabled=None)
    assert kit.store.require(session.id).platforms == []
    with pytest.raises(Exception, match="ParameterNotFound"):
        kit.aws.ssm.get_parameter(Name=parameter)
    kit.control.end_session(session_id=session.id, actor="h")
