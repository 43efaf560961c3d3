"""The show follows AWS's own definitions: each test names the rule it relies on, and the sandbox enforces it.

These need what the fakes leave out (tests/fakes/medialive.py): `$dt$` and run folders in S3, the schedule
forgetting old actions, the model's name patterns, what an input security group admits, RTMP retries
expiring, and file inputs ending under follow-mode switches. The other rules are shown on the fakes in
tests/service."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from core.domain.session import ChannelState, SourceKind
from core.show.lifecycle import AWS_ACTOR
from sandbox.aws import AwsSandbox
from sandbox.aws.behaviour import SandboxBehaviour
from tests.kit import FAST, CoreKit, new_session, wait_steady

ANA = ["203.0.113.7/32"]
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_each_start_records_into_its_own_folder(kit: CoreKit) -> None:
    # "$dt$ ... For HLS outputs, the UTC date and time of each segment" (UG): not a per-run folder.
    session = new_session(kit)
    for _ in range(2):
        session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
        time.sleep(1.2)
        session = wait_steady(kit, kit.control.stop_stream(session_id=session.id, actor="h").session)
        time.sleep(1.1)  # run folders are named to the second
    listed = kit.aws.s3.list_objects_v2(Bucket=kit.settings.recordings_bucket, Prefix=f"live/{session.id}/")
    folders = {obj["Key"].split("/")[2] for obj in listed.get("Contents", [])}
    assert len(folders) == 2
    assert all(folder.startswith("run-") for folder in folders)
    kit.control.end_session(session_id=session.id, actor="h")


def test_a_take_knows_what_was_on_air_after_the_schedule_forgot_it(kit: CoreKit) -> None:
    # DescribeSchedule drops actions older than about an hour (ScheduleAction ActionName doc).
    session = new_session(kit)
    kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
    kit.recording.start_take(session_id=session.id, actor="h")
    time.sleep(0.6)
    kit.switcher.switch(session_id=session.id, actor="h", kind=SourceKind.CALLER, number=1)
    time.sleep(0.6)
    kit.aws.medialive.delete_schedule(ChannelId=session.resources.channel_id)  # as if an hour had passed
    take = kit.recording.stop_take(session_id=session.id, actor="h").session.takes[0]
    assert [line.split(" ", 1)[1] for line in take.sources] == ["host", "caller-1"]
    kit.control.end_session(session_id=session.id, actor="h")


def test_a_show_name_any_language_sets_up(kit: CoreKit) -> None:
    # IVS CreateChannel name: [a-zA-Z0-9-_]* (model); the sandbox checks every pattern.
    session = new_session(kit, "Café Live — 東京 🎙")
    assert session.status.value == "READY"
    kit.control.end_session(session_id=session.id, actor="h")


def test_a_caller_input_admits_only_the_address_the_crew_gave(kit: CoreKit, aws_sandbox: AwsSandbox) -> None:
    # "MediaLive will ignore push requests from IP addresses not covered by that input security group" (UG).
    session = new_session(kit)
    kit.sources.add_caller(session_id=session.id, actor="h", name="Ana", allowed_from=ANA)
    caller = kit.store.require(session.id).sources[0]
    described = kit.aws.medialive.describe_input(InputId=caller.input_id)
    assert described["SecurityGroups"] == [caller.security_group_id]
    group = kit.aws.medialive.describe_input_security_group(InputSecurityGroupId=caller.security_group_id)
    assert [r["Cidr"] for r in group["WhitelistRules"]] == ANA
    kit.control.end_session(session_id=session.id, actor="h")
    groups = kit.aws.medialive.list_input_security_groups()["InputSecurityGroups"]
    assert caller.security_group_id not in [g["Id"] for g in groups]


@pytest.mark.parametrize("expiry", ["channel_stops", "output_stops"])
def test_a_take_survives_a_stopped_stream_whatever_medialive_does_when_retries_expire(
    kit: CoreKit, aws_sandbox: AwsSandbox, expiry: str
) -> None:
    # UG, RTMP connection fields: "When the retries expire, this output stops. The channel stops because the
    # single output has lost its connection." The budget is far longer than any show; if AWS stops the channel
    # anyway, the take is saved and the crew told.
    aws_sandbox.set_behaviour(replace(SandboxBehaviour(), rtmp_expiry=expiry))
    aws_sandbox.set_timings(replace(FAST, rtmp_retry_scale=1.0 / kit.settings.rtmp_retry_hours / 1800))  # ~2 s
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    kit.recording.start_take(session_id=session.id, actor="h")
    kit.control.stop_stream(session_id=session.id, actor="h")
    time.sleep(3.5)
    seen = kit.control.refresh(session_id=session.id)
    if expiry == "output_stops":
        assert seen.take is not None and seen.channel_state is ChannelState.RUNNING
    else:
        seen = wait_steady(kit, seen)
        assert seen.take is None
        assert seen.takes[-1].stopped_by == AWS_ACTOR and seen.takes[-1].segments
        assert any("MediaLive stopped the channel" in n for n in seen.notices)
        assert not any(p.end is None for p in seen.channel_runs)
    kit.control.end_session(session_id=session.id, actor="h")


def test_a_tracklist_plays_out_by_follow_switches_and_returns_to_the_host(
    kit: CoreKit, aws_sandbox: AwsSandbox
) -> None:
    # Follow-mode switches at each file's END; no InputPrepare (the channel leaves that feature off).
    aws_sandbox.set_timings(replace(FAST, file_seconds=0.8))
    session = new_session(kit)
    for name in ("opener", "closer"):
        kit.aws.s3.put_object(Bucket=kit.settings.recordings_bucket, Key=f"tracks/{name}.mp4", Body=MP4)
        kit.sources.add_track(session_id=session.id, actor="h", ref=f"{name}.mp4", title=name)
    session = wait_steady(kit, kit.control.go_live(session_id=session.id, actor="h").session)
    kit.switcher.switch(session_id=session.id, actor="h", kind=SourceKind.TRACK, number=1)
    seen = []
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and (not seen or seen[-1] != "host"):
        active = kit.control.refresh(session_id=session.id).active_source
        if active and (not seen or seen[-1] != active):
            seen.append(active)
        time.sleep(0.1)
    assert seen == ["track-1", "track-2", "host"]
    on_air = [o.source for o in kit.store.require(session.id).on_air]
    assert on_air[-3:] == ["track-1", "track-2", "host"]
    kit.control.end_session(session_id=session.id, actor="h")
