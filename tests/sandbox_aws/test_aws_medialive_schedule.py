"""MediaLive schedule actions: validation like AWS, immediate-as-fixed, persistence across stop/delete."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from botocore.exceptions import ClientError


def _at(seconds: float) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _switch(name: str, attachment: str, start: dict) -> dict:
    return {
        "ActionName": name,
        "ScheduleActionStartSettings": start,
        "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": attachment}},
    }


def _fixed(seconds: float) -> dict:
    return {"FixedModeScheduleActionStartSettings": {"Time": _at(seconds)}}


IMMEDIATE = {"ImmediateModeScheduleActionStartSettings": {}}


@pytest.fixture
def channel(aws):
    return aws.channel([aws.push_input(1), aws.file_input()])


def _unprocessable(aws, channel_id: str, actions: list[dict]) -> dict:
    with pytest.raises(ClientError) as info:
        aws.ml.batch_update_schedule(ChannelId=channel_id, Creates={"ScheduleActions": actions})
    assert info.value.response["Error"]["Code"] == "UnprocessableEntityException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 422
    return info.value.response


def test_fixed_and_follow_actions_are_stored(aws, channel):
    actions = [
        _switch("to-file", "in1", _fixed(60)),
        {
            "ActionName": "back",
            "ScheduleActionStartSettings": {
                "FollowModeScheduleActionStartSettings": {"FollowPoint": "END", "ReferenceActionName": "to-file"}
            },
            "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": "in0"}},
        },
        {
            "ActionName": "pause",
            "ScheduleActionStartSettings": _fixed(120),
            "ScheduleActionSettings": {"PauseStateSettings": {"Pipelines": [{"PipelineId": "PIPELINE_0"}]}},
        },
        {
            "ActionName": "marker",
            "ScheduleActionStartSettings": _fixed(30),
            "ScheduleActionSettings": {"HlsTimedMetadataSettings": {"Id3": "SUQzBAAAAAAA"}},
        },
        {
            "ActionName": "slate",
            "ScheduleActionStartSettings": _fixed(40),
            "ScheduleActionSettings": {"StaticImageActivateSettings": {"Image": {"Uri": "s3ssl://media/slate.png"}}},
        },
    ]
    result = aws.ml.batch_update_schedule(ChannelId=channel["Id"], Creates={"ScheduleActions": actions})
    assert [a["ActionName"] for a in result["Creates"]["ScheduleActions"]] == [a["ActionName"] for a in actions]
    described = aws.ml.describe_schedule(ChannelId=channel["Id"])["ScheduleActions"]
    assert described == actions


def test_duplicate_action_name_is_rejected(aws, channel):
    aws.ml.batch_update_schedule(
        ChannelId=channel["Id"], Creates={"ScheduleActions": [_switch("a", "in1", _fixed(60))]}
    )
    response = _unprocessable(aws, channel["Id"], [_switch("a", "in0", _fixed(90))])
    assert response["ValidationErrors"][0]["ElementPath"].startswith("creates.scheduleActions[0]")
    _unprocessable(aws, channel["Id"], [_switch("b", "in0", _fixed(90)), _switch("b", "in1", _fixed(95))])


def _prepare(name: str, attachment: str) -> dict:
    return {
        "ActionName": name,
        "ScheduleActionStartSettings": _fixed(60),
        "ScheduleActionSettings": {"InputPrepareSettings": {"InputAttachmentNameReference": attachment}},
    }


def test_switch_must_name_an_attachment_of_the_channel(aws, channel):
    _unprocessable(aws, channel["Id"], [_switch("s", "no-such-input", _fixed(60))])
    enabled = aws.channel([aws.push_input(1), aws.file_input()], prepare=True)
    response = _unprocessable(aws, enabled["Id"], [_prepare("p", "nope")])
    assert "not on this channel" in response["Error"]["Message"]


def test_input_prepare_needs_the_feature_enabled(aws, channel):
    response = _unprocessable(aws, channel["Id"], [_prepare("p", "in1")])
    assert "not enabled" in response["Error"]["Message"]
    enabled = aws.channel([aws.push_input(1), aws.file_input()], prepare=True)
    aws.ml.batch_update_schedule(ChannelId=enabled["Id"], Creates={"ScheduleActions": [_prepare("p", "in1")]})
    assert [a["ActionName"] for a in aws.ml.describe_schedule(ChannelId=enabled["Id"])["ScheduleActions"]] == ["p"]


def test_start_settings_rules(aws, channel):
    _unprocessable(aws, channel["Id"], [_switch("two-modes", "in1", {**_fixed(60), **IMMEDIATE})])
    _unprocessable(aws, channel["Id"], [_switch("past", "in1", _fixed(-60))])
    follow = {"FollowModeScheduleActionStartSettings": {"FollowPoint": "END", "ReferenceActionName": "ghost"}}
    _unprocessable(aws, channel["Id"], [_switch("f", "in1", follow)])
    assert aws.ml.describe_schedule(ChannelId=channel["Id"])["ScheduleActions"] == []


@pytest.mark.parametrize("state", ["IDLE", "STARTING"])
def test_immediate_actions_need_a_running_channel(aws, channel, state):
    if state == "STARTING":
        aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, start=5.0))
        aws.ml.start_channel(ChannelId=channel["Id"])
    assert aws.state(channel["Id"]) == state
    response = _unprocessable(aws, channel["Id"], [_switch("now", "in1", IMMEDIATE)])
    assert "Immediate actions can only be used while channel is running" in response["Error"]["Message"]
    assert aws.ml.describe_schedule(ChannelId=channel["Id"])["ScheduleActions"] == []


def test_immediate_action_while_running_is_stored_as_fixed_now(aws, channel):
    aws.running(channel["Id"])
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    result = aws.ml.batch_update_schedule(
        ChannelId=channel["Id"], Creates={"ScheduleActions": [_switch("now", "in1", IMMEDIATE)]}
    )
    stored = result["Creates"]["ScheduleActions"][0]["ScheduleActionStartSettings"]
    when = dt.datetime.fromisoformat(stored["FixedModeScheduleActionStartSettings"]["Time"])
    assert before <= when <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    described = aws.ml.describe_channel(ChannelId=channel["Id"])
    assert described["PipelineDetails"][0]["ActiveInputAttachmentName"] == "in1"


def test_deletes_and_pagination(aws, channel):
    actions = [_switch(f"a{n}", "in1", _fixed(60 + n)) for n in range(12)]
    aws.ml.batch_update_schedule(ChannelId=channel["Id"], Creates={"ScheduleActions": actions})
    pages = list(
        aws.ml.get_paginator("describe_schedule").paginate(ChannelId=channel["Id"], PaginationConfig={"PageSize": 5})
    )
    assert [len(p["ScheduleActions"]) for p in pages] == [5, 5, 2]
    result = aws.ml.batch_update_schedule(ChannelId=channel["Id"], Deletes={"ActionNames": ["a0", "a1"]})
    assert [a["ActionName"] for a in result["Deletes"]["ScheduleActions"]] == ["a0", "a1"]
    with pytest.raises(ClientError):
        aws.ml.batch_update_schedule(ChannelId=channel["Id"], Deletes={"ActionNames": ["a0"]})
    names = [a["ActionName"] for a in aws.ml.describe_schedule(ChannelId=channel["Id"])["ScheduleActions"]]
    assert names == [f"a{n}" for n in range(2, 12)]
    aws.ml.delete_schedule(ChannelId=channel["Id"])
    assert aws.ml.describe_schedule(ChannelId=channel["Id"])["ScheduleActions"] == []


def test_schedule_survives_stop_and_goes_with_delete(aws, channel):
    aws.running(channel["Id"])
    aws.ml.batch_update_schedule(
        ChannelId=channel["Id"], Creates={"ScheduleActions": [_switch("later", "in1", _fixed(300))]}
    )
    aws.ml.stop_channel(ChannelId=channel["Id"])
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    assert len(aws.ml.describe_schedule(ChannelId=channel["Id"])["ScheduleActions"]) == 1
    aws.ml.delete_channel(ChannelId=channel["Id"])
    aws.ml.get_waiter("channel_deleted").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    with pytest.raises(ClientError) as info:
        aws.ml.describe_schedule(ChannelId=channel["Id"])
    assert info.value.response["Error"]["Code"] == "NotFoundException"


def test_unknown_channel_schedule_is_not_found(aws):
    with pytest.raises(ClientError) as info:
        aws.ml.batch_update_schedule(
            ChannelId="1234567", Creates={"ScheduleActions": [_switch("x", "in0", _fixed(60))]}
        )
    assert info.value.response["Error"]["Code"] == "NotFoundException"


def _names(aws, channel_id: str) -> list[str]:
    return [a["ActionName"] for a in aws.ml.describe_schedule(ChannelId=channel_id)["ScheduleActions"]]


def test_actions_that_started_before_the_retention_leave_and_free_their_names(aws, channel, until):
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, schedule_retention=0.5))
    aws.ml.batch_update_schedule(
        ChannelId=channel["Id"],
        Creates={"ScheduleActions": [_switch("soon", "in1", _fixed(0.3)), _switch("later", "in1", _fixed(300))]},
    )
    until(lambda: _names(aws, channel["Id"]) == ["later"], timeout=3)
    aws.ml.batch_update_schedule(
        ChannelId=channel["Id"], Creates={"ScheduleActions": [_switch("soon", "in0", _fixed(60))]}
    )
    assert _names(aws, channel["Id"]) == ["later", "soon"]


def test_follow_actions_leave_once_they_have_run_and_aged(aws, until):
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, schedule_retention=0.5, file_seconds=0.3))
    channel_id = aws.channel([aws.push_input(1), aws.file_input()])["Id"]
    aws.running(channel_id)
    end_of = {"FollowModeScheduleActionStartSettings": {"FollowPoint": "END", "ReferenceActionName": "track"}}
    never = {"FollowModeScheduleActionStartSettings": {"FollowPoint": "END", "ReferenceActionName": "host"}}
    aws.ml.batch_update_schedule(
        ChannelId=channel_id,
        Creates={
            "ScheduleActions": [
                _switch("track", "in1", IMMEDIATE),
                _switch("host", "in0", end_of),
                _switch("after-host", "in1", never),  # the host is live: it never ends, so this never runs
            ]
        },
    )
    until(lambda: _names(aws, channel_id) == ["after-host"], timeout=4)
    details = aws.ml.describe_channel(ChannelId=channel_id)["PipelineDetails"][0]
    assert details["ActiveInputSwitchActionName"] == "host"  # gone from the schedule, still what is playing


def test_default_retention_keeps_actions_that_ran(aws, channel):
    aws.running(channel["Id"])
    aws.ml.batch_update_schedule(
        ChannelId=channel["Id"], Creates={"ScheduleActions": [_switch("now", "in1", IMMEDIATE)]}
    )
    assert aws.sandbox.timings.schedule_retention == 3600
    assert _names(aws, channel["Id"]) == ["now"]
