"""Every builder output passes botocore's own parameter validation against the service model."""

import json
import re
from dataclasses import replace
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.config import CoreSettings
from core.domain.channel_spec import (
    ChannelPlan,
    PlatformOutput,
    channel_request,
    channel_update,
    ivs_channel_request,
    ownership_tags,
    push_input_request,
    request_id,
    resource_name,
)
from sandbox.aws.constraints import check

_SESSION = botocore.session.get_session()


def _validate(service: str, operation: str, params: dict[str, Any]) -> None:
    shape = _SESSION.get_service_model(service).operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    assert not report.has_errors(), report.generate_report()


def model_problems(service: str, operation: str, params: dict[str, Any]) -> list[str]:
    """Patterns, lengths and enums of the model, which botocore's own validator does not check."""
    return check(service, _SESSION.get_service_model(service).operation_model(operation).input_shape, params)


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
    assert model_problems("medialive", "CreateChannel", request) == []
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


def test_each_run_records_into_its_own_folder_never_a_dt_folder() -> None:
    # $dt$ is per segment for HLS outputs (MediaLive UG, identifiers for variable data).
    update = channel_update(replace(_plan("SINGLE_PIPELINE"), run="run-20261201T100000"))
    rec = next(d for d in update["Destinations"] if d["Id"] == "recording")["Settings"][0]
    assert rec["Url"] == "s3ssl://recordings/live/0123456789abcdef/run-20261201T100000/p0/index"
    assert "$" not in json.dumps(update)


def test_every_update_carries_the_role_and_every_setting_the_channel_keeps() -> None:
    # UpdateChannel RoleArn doc: "If you do not specify this on an update call ... that role will be removed."
    plan = _plan("SINGLE_PIPELINE")
    update = channel_update(plan)
    _validate("medialive", "UpdateChannel", {"ChannelId": "1234567", **update})
    assert update["RoleArn"] == plan.role_arn
    create = channel_request(plan)
    kept = {k: v for k, v in create.items() if k not in ("ChannelClass", "RequestId", "Tags")}
    assert update == kept  # nothing CreateChannel set is left for UpdateChannel to drop


def test_no_input_prepare_feature_is_relied_on() -> None:
    # "You can create Input Prepare actions in the schedule only if this feature is enabled" (model doc).
    features = channel_request(_plan("SINGLE_PIPELINE"))["EncoderSettings"]["FeatureActivations"]
    assert features == {"InputPrepareScheduleActions": "DISABLED"}


def test_a_recording_only_run_sends_nothing_anywhere_public() -> None:
    platform = PlatformOutput(1, "rtmp://a.rtmp.youtube.com/live2", "yt-key-123456")
    plan = replace(_plan("SINGLE_PIPELINE"), public=False, platforms=(platform,), stream_key="none")
    update = channel_update(plan)
    _validate("medialive", "UpdateChannel", {"ChannelId": "1234567", **update})
    assert [d["Id"] for d in update["Destinations"]] == ["recording"]
    groups = update["EncoderSettings"]["OutputGroups"]
    assert [g["Name"] for g in groups] == ["recording"]
    assert "yt-key" not in json.dumps(update)


def test_a_revoked_ivs_output_keeps_retrying_longer_than_any_show() -> None:
    # UG (RTMP connection fields): "When the retries expire, this output stops. The channel stops ..."
    request = channel_request(replace(_plan("SINGLE_PIPELINE"), retry_hours=24))
    rtmp = request["EncoderSettings"]["OutputGroups"][0]["Outputs"][0]["OutputSettings"]["RtmpOutputSettings"]
    assert rtmp["ConnectionRetryInterval"] * rtmp["NumRetries"] >= 24 * 3600


@given(st.text(max_size=200))
def test_resource_names_fit_every_service_pattern_whatever_the_show_name(show_name: str) -> None:
    name = resource_name("0123456789abcdef", show_name)
    assert model_problems("ivs", "CreateChannel", ivs_channel_request(name=name, tags={"k": "v"})) == []
    assert re.fullmatch(r"[a-zA-Z0-9-_]{1,128}", name)


def test_accented_names_keep_their_letters() -> None:
    assert resource_name("0123456789abcdef", "Café Live") == "shelcaster-Cafe-Live-01234567"


def test_a_re_added_caller_gets_its_own_idempotency_token() -> None:
    def caller(token: str) -> str:
        request = push_input_request(
            session_id="s1", name="n", security_group_id="1", channel_class="SINGLE_PIPELINE", tags={},
            purpose="caller-1", token=token,
        )  # fmt: skip
        return str(request["RequestId"])

    assert caller("first") != caller("second")
    assert caller("first") == caller("first")


def test_standard_channels_are_refused_because_ivs_takes_one_stream() -> None:
    with pytest.raises(ValidationError, match="SINGLE_PIPELINE"):
        CoreSettings(
            recordings_bucket="b", medialive_role_arn="arn", input_security_group_id="1", channel_class="STANDARD"
        )


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
    assert resource_name("abcdef0123", "Morning Show: «live» 🎙") == "shelcaster-Morning-Show-live-abcdef01"
