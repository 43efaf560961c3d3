"""Every builder output passes botocore's own parameter validation against the service model."""

from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator

from core.channel_spec import (
    ChannelPlan,
    channel_request,
    ivs_channel_request,
    ownership_tags,
    push_input_request,
    request_id,
    resource_name,
)

_SESSION = botocore.session.get_session()


def _validate(service: str, operation: str, params: dict[str, Any]) -> None:
    shape = _SESSION.get_service_model(service).operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    assert not report.has_errors(), report.generate_report()


def _plan(channel_class: Any) -> ChannelPlan:
    return ChannelPlan(
        session_id="0123456789abcdef",
        name="shelcaster-morning-01234567",
        channel_class=channel_class,
        role_arn="arn:aws:iam::123456789012:role/ShelcasterMediaLiveRole",
        input_id="1234567",
        ivs_ingest_endpoint="abcdef123456.global-contribute.live-video.net",
        stream_key="sk_us-east-1_secretsecret",
        bucket="recordings",
        live_prefix="live",
        segment_seconds=6,
        tags=ownership_tags(deployment="prod", session_id="0123456789abcdef"),
    )


@pytest.mark.parametrize(("channel_class", "pipelines"), [("STANDARD", 2), ("SINGLE_PIPELINE", 1)])
def test_channel_request_is_valid_and_has_one_destination_setting_per_pipeline(
    channel_class: str, pipelines: int
) -> None:
    request = channel_request(_plan(channel_class))
    _validate("medialive", "CreateChannel", request)
    assert all(len(d["Settings"]) == pipelines for d in request["Destinations"])


@pytest.mark.parametrize(("channel_class", "endpoints"), [("STANDARD", 2), ("SINGLE_PIPELINE", 1)])
def test_push_input_has_an_endpoint_per_pipeline(channel_class: Any, endpoints: int) -> None:
    request = push_input_request(
        session_id="s1", name="n", security_group_id="123", channel_class=channel_class, tags={"k": "v"}
    )
    _validate("medialive", "CreateInput", request)
    assert request["Type"] == "RTMP_PUSH"
    assert len(request["Destinations"]) == endpoints


def test_ivs_request_is_valid() -> None:
    _validate("ivs", "CreateChannel", ivs_channel_request(name="n", tags={"a": "b"}))


def test_ivs_output_targets_the_ingest_endpoint_with_the_key_and_recording_keeps_every_segment() -> None:
    request = channel_request(_plan("SINGLE_PIPELINE"))
    ivs = next(d for d in request["Destinations"] if d["Id"] == "ivs")["Settings"][0]
    assert ivs["Url"] == "rtmps://abcdef123456.global-contribute.live-video.net:443/app/"
    assert ivs["StreamName"] == "sk_us-east-1_secretsecret"
    hls = request["EncoderSettings"]["OutputGroups"][1]["OutputGroupSettings"]["HlsGroupSettings"]
    assert (hls["Mode"], hls["ProgramDateTime"]) == ("VOD", "INCLUDE")
    rec = next(d for d in request["Destinations"] if d["Id"] == "recording")["Settings"][0]
    assert rec["Url"] == "s3ssl://recordings/live/0123456789abcdef/$dt$/p0/index"


def test_request_ids_are_stable_per_session_and_differ_between_resources() -> None:
    assert request_id("s1", "channel") == request_id("s1", "channel")
    assert request_id("s1", "channel") != request_id("s2", "channel")
    assert request_id("s1", "channel") != request_id("s1", "input:host")
    assert channel_request(_plan("STANDARD"))["RequestId"] == request_id("0123456789abcdef", "channel")


def test_every_resource_is_tagged_as_ours() -> None:
    request = channel_request(_plan("STANDARD"))
    assert request["Tags"] == {"shelcaster:owner": "prod", "shelcaster:session": "0123456789abcdef"}


def test_plan_repr_never_shows_the_stream_key() -> None:
    assert "secret" not in repr(_plan("STANDARD"))


def test_resource_names_are_safe_for_aws() -> None:
    assert resource_name("abcdef0123", "Morning Show: «live» 🎙") == "shelcaster-Morning-Show---live-abcdef01"
