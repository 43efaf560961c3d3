"""Adapter behaviours the sandbox cannot show, against botocore's Stubber (no network)."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from core.adapters.aws.medialive import MediaLive
from core.adapters.aws.s3 import ObjectStore
from core.errors import InvalidRequest


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
