"""MediaLive channels: the state machine, conflicts, attachments, deletion and pagination."""

from __future__ import annotations

import dataclasses
import re

import pytest
from botocore.exceptions import ClientError


def _error(call, **kwargs) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def test_create_stores_the_request_and_settles_to_idle(aws):
    item = aws.push_input(2)
    args = aws.channel_args(
        [item], hls_url="s3ssl://rec/live/main", channel_class="STANDARD", Tags={"shelcaster": "yes"}, LogLevel="INFO"
    )
    created = aws.ml.create_channel(**args)["Channel"]
    assert created["State"] == "CREATING"
    assert re.fullmatch(r"\d{7}", created["Id"])
    assert created["Arn"] == f"arn:aws:medialive:us-east-1:123456789012:channel:{created['Id']}"
    aws.ml.get_waiter("channel_created").wait(ChannelId=created["Id"], WaiterConfig=aws.wait)
    described = aws.ml.describe_channel(ChannelId=created["Id"])
    assert described["State"] == "IDLE"
    for key in ("Name", "ChannelClass", "RoleArn", "Destinations", "EncoderSettings", "InputAttachments", "Tags"):
        assert described[key] == args[key], key
    assert described["LogLevel"] == "INFO"
    assert described["InputSpecification"]["Codec"] == "AVC"
    assert len(described["EgressEndpoints"]) == 2
    assert described["PipelinesRunningCount"] == 0
    summary = aws.ml.list_channels()["Channels"][0]
    assert summary["Id"] == created["Id"]
    assert summary["InputAttachments"] == args["InputAttachments"]
    assert summary["Tags"] == {"shelcaster": "yes"}


def test_attaching_marks_inputs_and_blocks_a_second_channel(aws):
    item = aws.push_input(1)
    channel = aws.channel([item])
    described = aws.ml.describe_input(InputId=item["Id"])
    assert (described["State"], described["AttachedChannels"]) == ("ATTACHED", [channel["Id"]])
    code, status, message = _error(aws.ml.create_channel, **aws.channel_args([item]))
    assert (code, status) == ("ConflictException", 409)
    assert channel["Id"] in message


def test_unknown_input_attachment_is_rejected(aws):
    fake = {"Id": "7777777"}
    code, status, _ = _error(aws.ml.create_channel, **aws.channel_args([fake]))
    assert (code, status) == ("BadRequestException", 400)


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a["Destinations"][0].update(Settings=a["Destinations"][0]["Settings"][:1]),  # STANDARD needs 2
        lambda a: a["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["HlsGroupSettings"].update(
            Destination={"DestinationRefId": "nowhere"}
        ),
    ],
)
def test_invalid_channel_config_is_unprocessable(aws, change):
    args = aws.channel_args([aws.push_input(2)], hls_url="s3ssl://rec/live/main", channel_class="STANDARD")
    change(args)
    with pytest.raises(ClientError) as info:
        aws.ml.create_channel(**args)
    assert info.value.response["Error"]["Code"] == "UnprocessableEntityException"
    assert info.value.response["ValidationErrors"]


def test_request_id_makes_create_channel_idempotent(aws):
    item = aws.push_input(1)
    args = aws.channel_args([item], RequestId="session-42")
    first = aws.ml.create_channel(**args)["Channel"]
    again = aws.ml.create_channel(**args)["Channel"]
    assert again["Id"] == first["Id"]
    assert len(aws.ml.list_channels()["Channels"]) == 1


def test_full_lifecycle_with_waiters_and_wrong_state_conflicts(aws, sandbox):
    # Long enough CREATING/DELETING phases to observe conflicts in them reliably.
    sandbox.set_timings(dataclasses.replace(sandbox.timings, create=0.4, delete=0.4))
    item = aws.push_input(1)
    created = aws.ml.create_channel(**aws.channel_args([item]))["Channel"]
    channel_id = created["Id"]
    assert _error(aws.ml.start_channel, ChannelId=channel_id)[:2] == ("ConflictException", 409)  # CREATING
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    code, _, message = _error(aws.ml.stop_channel, ChannelId=channel_id)  # IDLE
    assert code == "ConflictException"
    assert "IDLE" in message

    assert aws.ml.start_channel(ChannelId=channel_id)["State"] == "STARTING"
    assert _error(aws.ml.start_channel, ChannelId=channel_id)[0] == "ConflictException"
    aws.ml.get_waiter("channel_running").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    running = aws.ml.describe_channel(ChannelId=channel_id)
    assert running["PipelinesRunningCount"] == 1
    assert running["PipelineDetails"][0]["ActiveInputAttachmentName"] == "in0"
    for call in (aws.ml.delete_channel, aws.ml.start_channel):
        assert _error(call, ChannelId=channel_id)[0] == "ConflictException"
    assert _error(aws.ml.update_channel, ChannelId=channel_id, Name="x")[0] == "ConflictException"

    assert aws.ml.stop_channel(ChannelId=channel_id)["State"] == "STOPPING"
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    assert aws.state(channel_id) == "IDLE"

    assert aws.ml.delete_channel(ChannelId=channel_id)["State"] == "DELETING"
    assert [c["State"] for c in aws.ml.list_channels()["Channels"]] == ["DELETING"]
    assert _error(aws.ml.delete_channel, ChannelId=channel_id)[0] == "ConflictException"
    aws.ml.get_waiter("channel_deleted").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    aws.ml.get_waiter("input_detached").wait(InputId=item["Id"], WaiterConfig=aws.wait)
    assert aws.ml.list_channels()["Channels"] == []
    assert aws.ml.describe_input(InputId=item["Id"])["AttachedChannels"] == []
    aws.ml.delete_input(InputId=item["Id"])


def test_stop_while_starting_is_allowed(aws):
    channel = aws.channel()
    aws.ml.start_channel(ChannelId=channel["Id"])
    aws.ml.stop_channel(ChannelId=channel["Id"])
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)


def test_deleted_channel_describes_as_deleted_then_404(aws, sandbox, until):
    sandbox.set_timings(dataclasses.replace(sandbox.timings, deleted_visible=0.6))
    channel = aws.channel()
    aws.ml.delete_channel(ChannelId=channel["Id"])
    aws.ml.get_waiter("channel_deleted").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)

    def gone() -> bool:
        try:
            aws.ml.describe_channel(ChannelId=channel["Id"])
        except ClientError as exc:
            return exc.response["Error"]["Code"] == "NotFoundException"
        return False

    until(gone)


def test_update_when_idle_reattaches_inputs(aws):
    first, second = aws.push_input(1), aws.file_input()
    channel = aws.channel([first])
    args = aws.channel_args([second])
    updated = aws.ml.update_channel(ChannelId=channel["Id"], Name="renamed", InputAttachments=args["InputAttachments"])[
        "Channel"
    ]
    assert updated["State"] == "UPDATING"
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)  # back to IDLE
    described = aws.ml.describe_channel(ChannelId=channel["Id"])
    assert described["Name"] == "renamed"
    assert [a["InputId"] for a in described["InputAttachments"]] == [second["Id"]]
    assert aws.ml.describe_input(InputId=first["Id"])["State"] == "DETACHED"
    assert aws.ml.describe_input(InputId=second["Id"])["State"] == "ATTACHED"


@pytest.mark.parametrize("operation", ["describe_channel", "start_channel", "stop_channel", "delete_channel"])
def test_unknown_channel_is_not_found(aws, operation):
    assert _error(getattr(aws.ml, operation), ChannelId="1234567")[:2] == ("NotFoundException", 404)


def test_list_channels_paginates_with_botocore_paginator(aws):
    ids = {aws.ml.create_channel(**aws.channel_args([]))["Channel"]["Id"] for _ in range(25)}
    pages = list(aws.ml.get_paginator("list_channels").paginate(PaginationConfig={"PageSize": 10}))
    assert [len(p["Channels"]) for p in pages] == [10, 10, 5]
    assert {c["Id"] for p in pages for c in p["Channels"]} == ids
    first = aws.ml.list_channels(MaxResults=10)
    assert len(first["Channels"]) == 10
    assert first["NextToken"]
    with pytest.raises(ClientError):
        aws.ml.list_channels(NextToken="garbage!")
