"""IVS channels, stream keys, and live detection from sandbox MediaLive channels."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest
from botocore.exceptions import ClientError


def _code(call, **kwargs) -> tuple[str, int]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def _live(aws, arn: str) -> bool:
    try:
        aws.ivs.get_stream(channelArn=arn)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ChannelNotBroadcasting":
            raise
        return False
    return True


@pytest.fixture
def ivs_channel(aws):
    return aws.ivs.create_channel(name="morning-show", latencyMode="LOW", tags={"owner": "shelcaster"})


def _pushing(aws, ivs_channel, key: str | None = None) -> dict:
    """A MediaLive channel (IDLE) whose RTMP output pushes to the IVS channel with ``key``."""
    url = f"rtmps://{ivs_channel['channel']['ingestEndpoint']}:443/app/"
    return aws.channel(rtmp=(url, key or ivs_channel["streamKey"]["value"]))


def test_create_channel_shapes(aws, ivs_channel):
    channel, key = ivs_channel["channel"], ivs_channel["streamKey"]
    channel_id = channel["arn"].rsplit("/", 1)[1]
    assert re.fullmatch(r"arn:aws:ivs:us-east-1:123456789012:channel/[A-Za-z0-9]{12}", channel["arn"])
    assert re.fullmatch(r"[0-9a-f]{12}\.global-contribute\.live-video\.net", channel["ingestEndpoint"])
    assert re.fullmatch(
        rf"https://[0-9a-f]{{12}}\.us-east-1\.playback\.live-video\.net/api/video/v1/"
        rf"us-east-1\.123456789012\.channel\.{channel_id}\.m3u8",
        channel["playbackUrl"],
    )
    assert re.fullmatch(r"sk_us-east-1_[A-Za-z0-9]{36}", key["value"])
    assert key["channelArn"] == channel["arn"]
    assert aws.ivs.get_channel(arn=channel["arn"])["channel"]["tags"] == {"owner": "shelcaster"}
    assert [c["arn"] for c in aws.ivs.list_channels()["channels"]] == [channel["arn"]]
    assert _code(aws.ivs.create_channel, name="has spaces") == ("ValidationException", 400)


def test_stream_keys(aws, ivs_channel):
    arn = ivs_channel["channel"]["arn"]
    key = ivs_channel["streamKey"]
    assert _code(aws.ivs.create_stream_key, channelArn=arn) == ("ServiceQuotaExceededException", 402)
    assert aws.ivs.get_stream_key(arn=key["arn"])["streamKey"]["value"] == key["value"]
    listed = aws.ivs.list_stream_keys(channelArn=arn)["streamKeys"]
    assert [k["arn"] for k in listed] == [key["arn"]]
    assert "value" not in listed[0]
    batch = aws.ivs.batch_get_stream_key(arns=[key["arn"], key["arn"][:-1] + "X"])
    assert len(batch["streamKeys"]) == 1
    assert batch["errors"][0]["code"] == "ResourceNotFoundException"
    aws.ivs.delete_stream_key(arn=key["arn"])
    assert _code(aws.ivs.get_stream_key, arn=key["arn"]) == ("ResourceNotFoundException", 404)
    fresh = aws.ivs.create_stream_key(channelArn=arn, tags={"k": "v"})["streamKey"]
    assert fresh["value"] != key["value"]
    aws.ivs.delete_channel(arn=arn)
    assert _code(aws.ivs.get_stream_key, arn=fresh["arn"]) == ("ResourceNotFoundException", 404)
    assert _code(aws.ivs.get_channel, arn=arn) == ("ResourceNotFoundException", 404)


def test_unknown_arns_are_not_found(aws):
    arn = "arn:aws:ivs:us-east-1:123456789012:channel/abcdABCD1234"
    for call in (aws.ivs.get_channel, aws.ivs.delete_channel):
        assert _code(call, arn=arn) == ("ResourceNotFoundException", 404)
    for call in (aws.ivs.get_stream, aws.ivs.stop_stream, aws.ivs.list_stream_keys, aws.ivs.create_stream_key):
        assert _code(call, channelArn=arn) == ("ResourceNotFoundException", 404)
    assert _code(aws.ivs.list_tags_for_resource, resourceArn=arn) == ("ResourceNotFoundException", 404)


def test_live_iff_a_running_channel_pushes_a_current_key(aws, ivs_channel, until):
    arn = ivs_channel["channel"]["arn"]
    assert _code(aws.ivs.get_stream, channelArn=arn) == ("ChannelNotBroadcasting", 404)
    wrong = _pushing(aws, ivs_channel, key="sk_us-east-1_" + "x" * 36)
    right = _pushing(aws, ivs_channel)
    aws.running(wrong["Id"])
    assert not _live(aws, arn)
    aws.running(right["Id"])
    stream = aws.ivs.get_stream(channelArn=arn)["stream"]
    assert (stream["state"], stream["health"], stream["channelArn"]) == ("LIVE", "HEALTHY", arn)
    assert stream["playbackUrl"] == ivs_channel["channel"]["playbackUrl"]
    assert stream["streamId"].startswith("st-")
    assert aws.ivs.get_stream(channelArn=arn)["stream"]["streamId"] == stream["streamId"]
    assert [s["channelArn"] for s in aws.ivs.list_streams()["streams"]] == [arn]
    assert _code(aws.ivs.delete_channel, arn=arn) == ("ConflictException", 409)

    aws.ml.stop_channel(ChannelId=right["Id"])
    assert not _live(aws, arn)
    assert aws.ivs.list_streams()["streams"] == []


def test_stop_stream_disconnects_until_the_encoder_reconnects(aws, ivs_channel, sandbox, until):
    sandbox.set_timings(dataclasses.replace(sandbox.timings, ivs_reconnect=1.0))
    arn = ivs_channel["channel"]["arn"]
    source = _pushing(aws, ivs_channel)
    aws.running(source["Id"])
    first = aws.ivs.get_stream(channelArn=arn)["stream"]["streamId"]
    aws.ivs.stop_stream(channelArn=arn)
    assert not _live(aws, arn)
    assert _code(aws.ivs.stop_stream, channelArn=arn) == ("ChannelNotBroadcasting", 404)
    until(lambda: _live(aws, arn), timeout=3)  # reconnects after timings.ivs_reconnect
    assert aws.ivs.get_stream(channelArn=arn)["stream"]["streamId"] != first


def test_stop_stream_with_revoked_key_stays_off(aws, ivs_channel, sandbox):
    arn = ivs_channel["channel"]["arn"]
    source = _pushing(aws, ivs_channel)
    aws.running(source["Id"])
    assert _live(aws, arn)
    aws.ivs.stop_stream(channelArn=arn)
    aws.ivs.delete_stream_key(arn=ivs_channel["streamKey"]["arn"])
    aws.ivs.create_stream_key(channelArn=arn)
    time.sleep(sandbox.timings.ivs_reconnect + 0.2)
    assert not _live(aws, arn)
    aws.ivs.delete_channel(arn=arn)  # not live, so deletable


def test_tags(aws, ivs_channel):
    arn = ivs_channel["channel"]["arn"]
    aws.ivs.tag_resource(resourceArn=arn, tags={"session": "s1"})
    aws.ivs.untag_resource(resourceArn=arn, tagKeys=["owner"])
    assert aws.ivs.list_tags_for_resource(resourceArn=arn)["tags"] == {"session": "s1"}
    key_arn = ivs_channel["streamKey"]["arn"]
    aws.ivs.tag_resource(resourceArn=key_arn, tags={"a": "b"})
    assert aws.ivs.list_tags_for_resource(resourceArn=key_arn)["tags"] == {"a": "b"}


def test_list_channels_paginates(aws):
    arns = {aws.ivs.create_channel(name=f"c{n}")["channel"]["arn"] for n in range(5)}
    pages = list(aws.ivs.get_paginator("list_channels").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["channels"]) for p in pages] == [2, 2, 1]
    assert {c["arn"] for p in pages for c in p["channels"]} == arns
    assert [c["name"] for c in aws.ivs.list_channels(filterByName="c3")["channels"]] == ["c3"]


def test_viewer_counts_are_set_per_stream_in_process_and_over_http(aws, ivs_channel, sandbox):
    from sandbox.aws.control import SandboxControl, SandboxControlError

    arn = ivs_channel["channel"]["arn"]
    aws.running(_pushing(aws, ivs_channel)["Id"])
    assert aws.ivs.get_stream(channelArn=arn)["stream"]["viewerCount"] == 0  # nobody watches unless told
    sandbox.set_viewers(arn, 12)
    assert aws.ivs.get_stream(channelArn=arn)["stream"]["viewerCount"] == 12
    SandboxControl(sandbox.url).set_viewers(arn, 3)
    assert [s["viewerCount"] for s in aws.ivs.list_streams()["streams"] if s["channelArn"] == arn] == [3]
    with pytest.raises(SandboxControlError, match="404"):
        SandboxControl(sandbox.url).set_viewers(arn[:-1] + "X", 1)
    with pytest.raises(SandboxControlError, match="400"):
        sandbox.set_viewers(arn, -1)
