"""Which input a running channel ingests: fixed/immediate/follow switches, file inputs that end, restarts."""

from __future__ import annotations

import dataclasses
import time

import pytest

FILE_SECONDS = 0.6
IMMEDIATE = {"ImmediateModeScheduleActionStartSettings": {}}


def _follow(reference: str, point: str = "END") -> dict:
    return {"FollowModeScheduleActionStartSettings": {"FollowPoint": point, "ReferenceActionName": reference}}


def _switch(name: str, attachment: str, start: dict) -> dict:
    return {
        "ActionName": name,
        "ScheduleActionStartSettings": start,
        "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": attachment}},
    }


@pytest.fixture
def channel_id(aws) -> str:
    """A channel with a host push input (in0) and two tracks (MP4 files in1, in2), IDLE."""
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, file_seconds=FILE_SECONDS))
    return str(aws.channel([aws.push_input(1), aws.file_input(), aws.file_input()])["Id"])


def _looping(aws, attachment: str) -> str:
    """Like ``channel_id``, with ``attachment`` set to SourceEndBehavior LOOP."""
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, file_seconds=FILE_SECONDS))
    args = aws.channel_args([aws.push_input(1), aws.file_input(), aws.file_input()])
    for item in args["InputAttachments"]:
        if item["InputAttachmentName"] == attachment:
            item["InputSettings"] = {"SourceEndBehavior": "LOOP"}
    created = aws.ml.create_channel(**args)["Channel"]["Id"]
    aws.ml.get_waiter("channel_created").wait(ChannelId=created, WaiterConfig=aws.wait)
    return str(created)


def _active(aws, channel_id: str) -> tuple[str | None, str | None]:
    details = aws.ml.describe_channel(ChannelId=channel_id)["PipelineDetails"]
    if not details:
        return None, None
    return details[0].get("ActiveInputAttachmentName"), details[0].get("ActiveInputSwitchActionName")


def _schedule(aws, channel_id: str, actions: list[dict]) -> None:
    aws.ml.batch_update_schedule(ChannelId=channel_id, Creates={"ScheduleActions": actions})


def test_first_attachment_and_no_switch_name_at_start(aws, channel_id):
    aws.running(channel_id)
    assert _active(aws, channel_id) == ("in0", None)
    # ListChannels answers with ChannelSummary, which the model gives no PipelineDetails.
    assert "PipelineDetails" not in aws.ml.list_channels()["Channels"][0]


def test_a_follow_chain_plays_the_tracks_then_returns_to_the_host(aws, channel_id, until):
    aws.running(channel_id)
    _schedule(
        aws,
        channel_id,
        [
            _switch("track1", "in1", IMMEDIATE),
            _switch("track2", "in2", _follow("track1")),
            _switch("host", "in0", _follow("track2")),
        ],
    )
    started = time.monotonic()
    assert _active(aws, channel_id) == ("in1", "track1")
    until(lambda: _active(aws, channel_id) == ("in2", "track2"))
    assert time.monotonic() - started >= FILE_SECONDS - 0.1  # END fires when the file has played
    until(lambda: _active(aws, channel_id) == ("in0", "host"))
    time.sleep(FILE_SECONDS)
    assert _active(aws, channel_id) == ("in0", "host")  # a live input never ends


def test_follow_start_runs_with_its_reference(aws, channel_id):
    aws.running(channel_id)
    _schedule(
        aws, channel_id, [_switch("track1", "in1", IMMEDIATE), _switch("with", "in2", _follow("track1", "START"))]
    )
    assert _active(aws, channel_id) == ("in2", "with")


def test_a_looping_file_never_ends(aws):
    channel_id = _looping(aws, "in1")
    aws.running(channel_id)
    _schedule(aws, channel_id, [_switch("track1", "in1", IMMEDIATE), _switch("host", "in0", _follow("track1"))])
    time.sleep(FILE_SECONDS * 2.5)
    assert _active(aws, channel_id) == ("in1", "track1")


def test_a_file_playing_at_a_restart_plays_again_from_its_beginning(aws, channel_id, until):
    aws.running(channel_id)
    _schedule(aws, channel_id, [_switch("track1", "in1", IMMEDIATE), _switch("host", "in0", _follow("track1"))])
    aws.ml.stop_channel(ChannelId=channel_id)  # before track1 has ended
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    time.sleep(FILE_SECONDS)
    aws.running(channel_id)
    restarted = time.monotonic()
    assert _active(aws, channel_id) == ("in1", "track1")  # the most recent switch that already ran
    until(lambda: _active(aws, channel_id) == ("in0", "host"))
    assert time.monotonic() - restarted >= FILE_SECONDS - 0.2


def test_delete_schedule_on_an_idle_channel_starts_on_the_first_attachment(aws, channel_id):
    aws.running(channel_id)
    _schedule(aws, channel_id, [_switch("track1", "in1", IMMEDIATE)])
    aws.ml.stop_channel(ChannelId=channel_id)
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    aws.ml.delete_schedule(ChannelId=channel_id)  # IDLE
    assert aws.ml.describe_schedule(ChannelId=channel_id)["ScheduleActions"] == []
    aws.running(channel_id)
    assert _active(aws, channel_id) == ("in0", None)


def test_without_delete_schedule_a_restart_comes_back_on_the_last_switch(aws, channel_id, until):
    aws.running(channel_id)
    _schedule(aws, channel_id, [_switch("track1", "in1", IMMEDIATE), _switch("host", "in0", _follow("track1"))])
    until(lambda: _active(aws, channel_id) == ("in0", "host"))
    _schedule(aws, channel_id, [_switch("track2", "in2", IMMEDIATE)])
    aws.ml.stop_channel(ChannelId=channel_id)
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    aws.running(channel_id)
    assert _active(aws, channel_id) == ("in2", "track2")
