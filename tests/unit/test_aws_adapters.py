"""Adapter behaviours the sandbox cannot show, against botocore's Stubber (no network)."""

from __future__ import annotations

import logging

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from core.adapters.aws.errors import aws_call
from core.adapters.aws.ivs import Ivs
from core.adapters.aws.medialive import MediaLive
from core.adapters.aws.s3 import ObjectStore
from core.adapters.aws.ssm import Secrets
from core.errors import AwsFailure, InvalidRequest, NotReady, ResourceMissing

KEY = "sk_us-east-1_abcDEF0123456789"  # an IVS stream key's shape: it must never reach the crew or the log
CHANNEL_ARN = "arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234"


def _client(service: str):  # type: ignore[no-untyped-def]
    return boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1").client(
        service
    )  # type: ignore[call-overload]


def test_a_track_the_bot_may_not_read_says_access_denied_not_missing() -> None:
    s3 = _client("s3")
    with Stubber(s3) as stub:
        stub.add_client_error("get_object", service_error_code="AccessDenied", http_status_code=403)
        with pytest.raises(InvalidRequest, match="AccessDenied"):
            ObjectStore(s3, bucket="recordings").head_bytes("jingle.mp4", bucket="someone-elses")
        stub.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404)
        assert ObjectStore(s3, bucket="recordings").head_bytes("missing.mp4") is None


def test_a_channel_not_found_while_waiting_for_its_deletion_is_deleted() -> None:
    # A deleted channel reads DELETED for a while and then 404; botocore's ChannelDeleted waiter fails on the 404.
    client = _client("medialive")
    with Stubber(client) as stub:
        stub.add_response("describe_channel", {"Id": "1", "State": "DELETING"}, {"ChannelId": "1"})
        stub.add_client_error("describe_channel", service_error_code="NotFoundException", http_status_code=404)
        MediaLive(client, poll_seconds=0.01, timeout_seconds=1).wait_gone(
            "channel_deleted", "delete the channel", ChannelId="1"
        )


def _medialive(client):  # type: ignore[no-untyped-def]
    return MediaLive(client, poll_seconds=0.01, timeout_seconds=1)


def test_a_resource_that_is_gone_reads_as_its_default() -> None:
    medialive, ivs = _client("medialive"), _client("ivs")
    with Stubber(medialive) as ml, Stubber(ivs) as stub:
        ml.add_client_error("describe_channel", service_error_code="NotFoundException", http_status_code=404)
        ml.add_client_error("describe_input", service_error_code="NotFoundException", http_status_code=404)
        stub.add_client_error("get_stream", service_error_code="ChannelNotBroadcasting", http_status_code=404)
        stub.add_client_error("get_stream", service_error_code="ResourceNotFoundException", http_status_code=404)
        assert _medialive(medialive).describe_channel("1") is None
        assert _medialive(medialive).describe_input("2") is None
        assert Ivs(ivs).is_live(CHANNEL_ARN) is False
        assert Ivs(ivs).is_live(CHANNEL_ARN) is False


def test_an_answer_is_returned_when_there_is_no_error() -> None:
    medialive, ivs = _client("medialive"), _client("ivs")
    with Stubber(medialive) as ml, Stubber(ivs) as stub:
        ml.add_response("describe_channel", {"Id": "1", "State": "IDLE"}, {"ChannelId": "1"})
        ml.add_response("describe_channel", {"Id": "1", "State": "DELETED"}, {"ChannelId": "1"})
        stub.add_response("get_stream", {"stream": {"channelArn": CHANNEL_ARN}}, {"channelArn": CHANNEL_ARN})
        facts = _medialive(medialive).describe_channel("1")
        assert facts is not None and facts.id == "1"
        assert _medialive(medialive).describe_channel("1") is None  # DELETED counts as gone
        assert Ivs(ivs).is_live(CHANNEL_ARN) is True


def test_deleting_what_is_already_gone_is_done(caplog: pytest.LogCaptureFixture) -> None:
    medialive, ivs, ssm = _client("medialive"), _client("ivs"), _client("ssm")
    with Stubber(medialive) as ml, Stubber(ivs) as stub, Stubber(ssm) as secrets, caplog.at_level(logging.WARNING):
        for operation in ("delete_channel", "delete_input", "delete_input_security_group"):
            ml.add_client_error(operation, service_error_code="NotFoundException", http_status_code=404)
        for operation in ("delete_stream_key", "delete_channel"):
            stub.add_client_error(operation, service_error_code="ResourceNotFoundException", http_status_code=404)
        stub.add_client_error("stop_stream", service_error_code="ChannelNotBroadcasting", http_status_code=404)
        secrets.add_client_error("delete_parameter", service_error_code="ParameterNotFound", http_status_code=400)
        _medialive(medialive).delete_channel("1")
        _medialive(medialive).delete_input("2")
        _medialive(medialive).delete_security_group("3")
        Ivs(ivs).delete_stream_key(CHANNEL_ARN)
        Ivs(ivs).delete_channel(CHANNEL_ARN)
        Ivs(ivs).stop_stream(CHANNEL_ARN)
        Secrets(ssm).delete("/shelcaster/keys/youtube")
        ml.assert_no_pending_responses()
        stub.assert_no_pending_responses()
    assert caplog.records == []  # an expected answer is not a failure worth a log line


def test_any_other_failure_is_a_domain_error_the_crew_can_read(caplog: pytest.LogCaptureFixture) -> None:
    medialive, ivs, ssm = _client("medialive"), _client("ivs"), _client("ssm")
    with Stubber(medialive) as ml, Stubber(ivs) as stub, Stubber(ssm) as secrets, caplog.at_level(logging.WARNING):
        ml.add_client_error("delete_channel", service_error_code="ConflictException", http_status_code=409)
        # a missing code the call does not list is still an error: the caller expected it to exist
        ml.add_client_error("describe_input", service_error_code="ResourceNotFoundException", http_status_code=404)
        stub.add_client_error(
            "delete_stream_key",
            service_error_code="AccessDeniedException",
            service_message=f"not allowed for {KEY}",
            http_status_code=403,
        )
        stub.add_client_error(
            "stop_stream",
            service_error_code="ValidationException",
            service_message=f"bad channel, stream key: {KEY}",
            http_status_code=400,
        )
        secrets.add_client_error("delete_parameter", service_error_code="ThrottlingException", http_status_code=400)
        with pytest.raises(NotReady, match=r"^Could not delete the channel: the channel is changing state"):
            _medialive(medialive).delete_channel("1")
        with pytest.raises(ResourceMissing, match=r"^Could not look up the input: it no longer exists"):
            _medialive(medialive).describe_input("2")
        with pytest.raises(AwsFailure, match=r"^Could not revoke the IVS stream key: the bot's AWS role") as denied:
            Ivs(ivs).delete_stream_key(CHANNEL_ARN)
        with pytest.raises(AwsFailure, match=r"^Could not disconnect the IVS stream: AWS said bad channel") as refused:
            Ivs(ivs).stop_stream(CHANNEL_ARN)
        with pytest.raises(AwsFailure, match=r"^Could not delete a stored stream key: AWS is throttling") as slow:
            Secrets(ssm).delete("/shelcaster/keys/youtube")
    assert denied.value.code == "AccessDeniedException" and not denied.value.retryable
    assert refused.value.code == "ValidationException"
    assert slow.value.retryable
    assert KEY not in str(denied.value) + str(refused.value)
    assert len(caplog.records) == 5
    assert KEY not in caplog.text


def test_a_waiter_that_gives_up_on_another_error_is_a_domain_error() -> None:
    client = _client("medialive")
    with Stubber(client) as stub:
        stub.add_client_error("describe_input", service_error_code="BadRequestException", http_status_code=400)
        with pytest.raises(AwsFailure, match=r"^Could not delete the encoder input: AWS did not reach") as failed:
            _medialive(client).wait_gone("input_deleted", "delete the encoder input", InputId="2")
    assert failed.value.code == "Timeout"


def test_a_listed_code_does_not_hide_an_unreachable_aws() -> None:
    unreachable = r"^Could not delete the channel: AWS could not be reached"
    with (
        pytest.raises(AwsFailure, match=unreachable) as failed,
        aws_call("delete the channel", ok_if={"NotFoundException"}),
    ):
        raise EndpointConnectionError(endpoint_url="https://medialive.us-east-1.amazonaws.com")
    assert failed.value.code == "Unreachable" and failed.value.retryable


def test_an_error_that_is_not_from_aws_passes_through() -> None:
    with pytest.raises(KeyError), aws_call("look up the channel", ok_if={"NotFoundException"}):
        raise KeyError("Id")
