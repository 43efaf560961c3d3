"""Names and ids are checked against the model's patterns, lengths and enums (botocore checks none of these)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from sandbox.aws.constraints import check
from sandbox.aws.ivs_api import HANDLERS as IVS_HANDLERS
from sandbox.aws.medialive_api import HANDLERS as MEDIALIVE_HANDLERS
from sandbox.aws.wire import service_model


def _error(call, **kwargs) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


@pytest.mark.parametrize(
    ("name", "broken"), [("has spaces", "regular expression pattern"), ("x" * 129, "length less than")]
)
def test_ivs_channel_names_follow_the_model(aws, name, broken):
    code, status, message = _error(aws.ivs.create_channel, name=name)
    assert (code, status) == ("ValidationException", 400)
    assert broken in message
    assert aws.ivs.list_channels()["channels"] == []
    created = aws.ivs.create_channel(name="Morning_show-1")["channel"]
    assert _error(aws.ivs.update_channel, arn=created["arn"], name="no/slashes")[:2] == ("ValidationException", 400)
    assert aws.ivs.create_channel(name="x" * 128)["channel"]["name"] == "x" * 128


def test_ivs_arns_follow_the_model(aws):
    code, status, message = _error(aws.ivs.get_channel, arn="arn:aws:ivs:us-east-1:123456789012:channel/no_underscores")
    assert (code, status) == ("ValidationException", 400)
    assert "regular expression pattern" in message
    assert _error(aws.ivs.get_stream_key, arn="sk-not-an-arn")[:2] == ("ValidationException", 400)


def test_ivs_resource_arn_pattern_erratum_is_skipped(aws):
    # The model's ResourceArn pattern admits no real ARN; IVS tags real ones, so the sandbox does too.
    arn = aws.ivs.create_channel(name="tagged")["channel"]["arn"]
    aws.ivs.tag_resource(resourceArn=arn, tags={"k": "v"})
    assert aws.ivs.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v"}


def test_medialive_enums_follow_the_model(aws):
    args = aws.channel_args([], ChannelClass="TRIPLE_PIPELINE")
    code, status, message = _error(aws.ml.create_channel, **args)
    assert (code, status) == ("BadRequestException", 400)
    assert "ChannelClass" in message
    assert "STANDARD" in message
    assert aws.ml.list_channels()["Channels"] == []


@pytest.mark.parametrize(("field", "value"), [("Name", "g" * 33), ("OutputName", "")])
def test_medialive_lengths_follow_the_model_shape_names(aws, field, value):
    args = aws.channel_args([], hls_url="s3ssl://rec/live/main")
    group = args["EncoderSettings"]["OutputGroups"][0]
    (group if field == "Name" else group["Outputs"][0])[field] = value  # __stringMax32 / __stringMin1Max255
    code, status, message = _error(aws.ml.create_channel, **args)
    assert (code, status) == ("BadRequestException", 400)
    assert field in message


def test_schedule_enums_are_checked_before_the_schedule_rules(aws):
    channel = aws.channel([aws.push_input(1)])
    action = {
        "ActionName": "p",
        "ScheduleActionStartSettings": {"ImmediateModeScheduleActionStartSettings": {}},
        "ScheduleActionSettings": {"PauseStateSettings": {"Pipelines": [{"PipelineId": "PIPELINE_7"}]}},
    }
    code, status, _ = _error(
        aws.ml.batch_update_schedule, ChannelId=channel["Id"], Creates={"ScheduleActions": [action]}
    )
    assert (code, status) == ("BadRequestException", 400)


@pytest.mark.parametrize(
    ("service", "operation"),
    [("medialive", op) for op in MEDIALIVE_HANDLERS] + [("ivs", op) for op in IVS_HANDLERS],
)
def test_every_served_operation_has_an_input_shape_to_check(service, operation):
    shape = service_model(service).operation_model(operation).input_shape
    assert check(service, shape, {}) == []
