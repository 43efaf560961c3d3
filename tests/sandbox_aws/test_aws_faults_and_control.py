"""Fault injection and the HTTP control endpoints."""

from __future__ import annotations

import dataclasses
import io
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from sandbox.aws import SandboxBehaviour, SandboxControl, SandboxControlError, SandboxTimings
from sandbox.aws.faults import operation_name, signing_service


def test_non_retryable_fault_hits_exactly_once(aws, sandbox):
    sandbox.inject_fault(
        service="medialive", operation="CreateChannel", status=400, code="BadRequestException", message="nope"
    )
    args = aws.channel_args([])
    with pytest.raises(ClientError) as info:
        aws.ml.create_channel(**args)
    assert info.value.response["Error"] == {"Code": "BadRequestException", "Message": "nope"}
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert aws.ml.list_channels()["Channels"] == []  # failed before doing anything
    aws.ml.create_channel(**args)


def test_times_counts_attempts_including_retries(aws, sandbox):
    sandbox.inject_fault(service="medialive", operation="ListChannels", status=500, times=2)
    response = aws.ml.list_channels()  # two failed attempts, the third (last) succeeds
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    sandbox.inject_fault(
        service="medialive", operation="ListChannels", status=429, code="TooManyRequestsException", times=3
    )
    with pytest.raises(ClientError) as info:
        aws.ml.list_channels()
    assert info.value.response["Error"]["Code"] == "TooManyRequestsException"
    aws.ml.list_channels()


def test_faults_apply_per_operation_and_can_be_cleared(aws, sandbox):
    sandbox.inject_fault(service="ivs", operation="GetChannel", status=409, code="ConflictException", times=5)
    created = aws.ivs.create_channel(name="ok")  # other operations are untouched
    with pytest.raises(ClientError) as info:
        aws.ivs.get_channel(arn=created["channel"]["arn"])
    assert info.value.response["Error"]["Code"] == "ConflictException"
    sandbox.clear_faults()
    aws.ivs.get_channel(arn=created["channel"]["arn"])


def test_faults_over_http_for_moto_services(aws, sandbox):
    control = SandboxControl(sandbox.url)
    bucket = aws.bucket()
    control.inject_fault(service="s3", operation="PutObject", status=403, code="AccessDenied", message="denied")
    with pytest.raises(ClientError) as info:
        aws.s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert info.value.response["Error"]["Code"] == "AccessDenied"
    aws.s3.put_object(Bucket=bucket, Key="k", Body=b"x")

    ddb = aws.client("dynamodb")
    control.inject_fault(
        service="dynamodb", operation="ListTables", status=400, code="ResourceNotFoundException", message="gone"
    )
    with pytest.raises(ClientError) as info:
        ddb.list_tables()
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    ddb.list_tables()

    control.inject_fault(service="sts", operation="GetCallerIdentity", status=403, code="ExpiredToken")
    with pytest.raises(ClientError) as info:
        aws.client("sts").get_caller_identity()
    assert info.value.response["Error"]["Code"] == "ExpiredToken"

    control.inject_fault(service="cloudwatch", operation="ListMetrics", status=400, code="InvalidParameterValue")
    with pytest.raises(ClientError) as info:
        aws.cw.list_metrics()
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_control_rejects_bad_requests(sandbox):
    control = SandboxControl(sandbox.url)
    with pytest.raises(SandboxControlError) as info:
        control.inject_fault(service="medialive", operation="LaunchRocket")
    assert info.value.status == 400
    with pytest.raises(SandboxControlError):
        control.inject_fault(service="nosuchservice", operation="X")
    with pytest.raises(SandboxControlError) as info:
        control.connect_encoder("0000000")
    assert info.value.status == 404
    with pytest.raises(SandboxControlError):
        sandbox.inject_fault(service="medialive", operation="ListChannels", times=0)


def test_timings_and_encoders_over_http(aws, sandbox):
    control = SandboxControl(sandbox.url)
    wanted = dataclasses.replace(sandbox.timings, start=0.25, segment=0.2)
    control.set_timings(wanted)
    assert sandbox.timings == wanted
    item = aws.push_input(1)
    control.connect_encoder(item["Id"])
    assert sandbox.medialive.inputs[item["Id"]].encoder_connected
    control.connect_encoder(item["Id"], connected=False)
    assert not sandbox.medialive.inputs[item["Id"]].encoder_connected
    with pytest.raises(SandboxControlError):
        control.connect_encoder(aws.file_input()["Id"])  # pull inputs take no encoder
    with pytest.raises(SandboxControlError):
        control.set_timings(SandboxTimings(segment=0))


def test_behaviour_over_http(sandbox):
    control = SandboxControl(sandbox.url)
    wanted = SandboxBehaviour(rtmp_expiry="output_stops", rtmp_retries_reset_on_connect=False)
    control.set_behaviour(wanted)
    assert sandbox.behaviour == wanted
    for bad in ({"rtmp_expiry": "explode"}, {"rtmp_retries_reset_on_connect": "yes"}, {"nope": 1}):
        with pytest.raises(SandboxControlError) as info:
            control._call("POST", "/_sandbox/behaviour", bad)
        assert info.value.status == 400
    assert control._call("GET", "/_sandbox/behaviour") == wanted.to_dict()


def _environ(method: str, path: str, service: str, **extra: str) -> dict:
    auth = f"AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/{service}/aws4_request, SignedHeaders=host"
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "RAW_URI": path,
        "QUERY_STRING": "",
        "HTTP_AUTHORIZATION": auth,
        "wsgi.input": io.BytesIO(b""),
        **extra,
    }


@pytest.mark.parametrize(
    ("environ", "service", "operation"),
    [
        (_environ("POST", "/prod/channels/123/start", "medialive"), "medialive", "StartChannel"),
        (_environ("PUT", "/prod/channels/123/schedule", "medialive"), "medialive", "BatchUpdateSchedule"),
        (_environ("GET", "/prod/tags/arn%3Aaws%3Amedialive%3A1", "medialive"), "medialive", "ListTagsForResource"),
        (_environ("DELETE", "/tags/arn%3Aaws%3Aivs%3Ax%3Achannel%2Fab", "ivs"), "ivs", "UntagResource"),
        (_environ("PUT", "/bucket/a/b.ts", "s3"), "s3", "PutObject"),
        (_environ("GET", "/bucket", "s3", QUERY_STRING="list-type=2"), "s3", "ListObjectsV2"),
        (_environ("POST", "/", "dynamodb", HTTP_X_AMZ_TARGET="DynamoDB_20120810.PutItem"), "dynamodb", "PutItem"),
        (
            _environ("POST", "/service/GraniteServiceVersion20100801/operation/GetMetricData", "monitoring"),
            "cloudwatch",
            "GetMetricData",
        ),
        (_environ("POST", "/", "sts", QUERY_STRING="Action=GetCallerIdentity"), "sts", "GetCallerIdentity"),
    ],
)
def test_requests_map_to_operations(environ, service, operation):
    assert signing_service(environ) == service
    assert operation_name(service, environ) == operation


def test_unmodelled_operation_and_malformed_body_are_clear_errors(aws, sandbox):
    with pytest.raises(ClientError) as info:
        aws.ml.list_offerings()
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "not modelled" in info.value.response["Error"]["Message"]
    request = urllib.request.Request(
        f"{sandbox.url}/prod/channels",
        data=b"{not json",
        method="POST",
        headers={"Authorization": _environ("POST", "/", "medialive")["HTTP_AUTHORIZATION"]},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as failure:
        opener.open(request, timeout=5)
    assert failure.value.code == 400
    assert failure.value.headers["x-amzn-ErrorType"] == "BadRequestException"
