"""RTMP outputs whose key is gone fail; when their retries expire they stop (UG "Fields for the RTMP connection")."""

from __future__ import annotations

import dataclasses
import time

import pytest

from sandbox.aws import SandboxBehaviour

FAILURE = "RTMP Connection Failure"


@pytest.fixture
def ivs_channel(aws):
    return aws.ivs.create_channel(name="show")


def _rtmp_channel(aws, ivs_channel, key: str | None = None, interval: int = 1, retries: int = 2, **kwargs) -> str:
    """An IDLE channel whose RTMP output pushes to the IVS channel with ``key`` (its current key by default)."""
    url = f"rtmps://{ivs_channel['channel']['ingestEndpoint']}:443/app/"
    args = aws.channel_args([aws.push_input(1)], rtmp=(url, key or ivs_channel["streamKey"]["value"]), **kwargs)
    rtmp = args["EncoderSettings"]["OutputGroups"][-1]["Outputs"][0]["OutputSettings"]["RtmpOutputSettings"]
    rtmp.update(ConnectionRetryInterval=interval, NumRetries=retries)
    channel_id = str(aws.ml.create_channel(**args)["Channel"]["Id"])
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    return channel_id


def _scale(aws, scale: float) -> None:
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, rtmp_retry_scale=scale))


def _failures(aws, channel_id: str, state: str = "SET") -> list[dict]:
    alerts = aws.ml.list_alerts(ChannelId=channel_id, StateFilter=state)["Alerts"]
    return [a for a in alerts if a["AlertType"] == FAILURE]


def _live(aws, ivs_channel) -> bool:
    return any(s["channelArn"] == ivs_channel["channel"]["arn"] for s in aws.ivs.list_streams()["streams"])


def test_wrong_key_fails_and_the_channel_stops_when_retries_expire(aws, ivs_channel, until):
    _scale(aws, 0.5)  # 1 s x 2 retries x 0.5 = 1 s
    bucket = aws.bucket()
    channel_id = _rtmp_channel(aws, ivs_channel, key="sk_us-east-1_" + "x" * 36, hls_url=f"s3://{bucket}/main")
    aws.running(channel_id)
    assert until(lambda: _failures(aws, channel_id))[0]["Message"].endswith("retrying")
    until(lambda: aws.state(channel_id) == "IDLE", timeout=5)  # nobody called StopChannel
    left = _failures(aws, channel_id, "CLEARED")
    assert any("retries expired" in a["Message"] for a in left)
    until(lambda: "#EXT-X-ENDLIST" in aws.s3.get_object(Bucket=bucket, Key="main_720p.m3u8")["Body"].read().decode())


def test_deleting_the_key_fails_the_output_until_it_stops(aws, ivs_channel, until):
    _scale(aws, 0.25)  # 0.5 s
    channel_id = _rtmp_channel(aws, ivs_channel)
    aws.running(channel_id)
    time.sleep(1.0)  # connected: no retries are spent
    assert aws.state(channel_id) == "RUNNING"
    assert _failures(aws, channel_id) == []
    assert _live(aws, ivs_channel)
    aws.ivs.delete_stream_key(arn=ivs_channel["streamKey"]["arn"])
    assert not _live(aws, ivs_channel)
    until(lambda: aws.state(channel_id) == "IDLE", timeout=5)


def test_output_stops_variant_keeps_the_channel_running(aws, ivs_channel, until):
    aws.sandbox.set_behaviour(SandboxBehaviour(rtmp_expiry="output_stops"))
    _scale(aws, 0.25)
    bucket = aws.bucket()
    channel_id = _rtmp_channel(aws, ivs_channel, key="sk_us-east-1_" + "y" * 36, hls_url=f"s3://{bucket}/main")
    aws.running(channel_id)
    until(lambda: any("retries expired" in a["Message"] for a in _failures(aws, channel_id)))

    def segments() -> int:
        return len([o for o in aws.s3.list_objects_v2(Bucket=bucket).get("Contents", []) if o["Key"].endswith(".ts")])

    before = segments()
    until(lambda: segments() > before + 3)
    assert aws.state(channel_id) == "RUNNING"
    assert _failures(aws, channel_id)  # the stopped output's alert stays


def test_reconnect_clears_the_alert_and_a_second_pusher_is_rejected(aws, ivs_channel, until):
    first = _rtmp_channel(aws, ivs_channel, interval=5)
    second = _rtmp_channel(aws, ivs_channel, interval=5)
    aws.running(first)
    stream = aws.ivs.get_stream(channelArn=ivs_channel["channel"]["arn"])["stream"]["streamId"]
    aws.running(second)
    until(lambda: _failures(aws, second))  # IVS keeps one stream: the second push is rejected
    assert _failures(aws, first) == []
    assert aws.ivs.get_stream(channelArn=ivs_channel["channel"]["arn"])["stream"]["streamId"] == stream

    aws.ml.stop_channel(ChannelId=first)
    until(lambda: not _failures(aws, second))  # the second connects once the first has gone
    assert _failures(aws, second, "CLEARED")
    assert aws.ivs.get_stream(channelArn=ivs_channel["channel"]["arn"])["stream"]["streamId"] != stream


def test_standard_channel_pushes_one_key_twice_and_its_second_pipeline_is_rejected(aws, ivs_channel, until):
    _scale(aws, 0.05)  # the model's unset fields: the sandbox assumes 2 s x 10 retries, so 1 s
    url = f"rtmps://{ivs_channel['channel']['ingestEndpoint']}:443/app/"
    args = aws.channel_args(
        [aws.push_input(2)], rtmp=(url, ivs_channel["streamKey"]["value"]), channel_class="STANDARD"
    )
    channel_id = aws.ml.create_channel(**args)["Channel"]["Id"]
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel_id, WaiterConfig=aws.wait)
    aws.running(channel_id)
    assert [a["PipelineId"] for a in until(lambda: _failures(aws, channel_id))] == ["1"]
    assert _live(aws, ivs_channel)
    until(lambda: aws.state(channel_id) == "IDLE", timeout=5)


@pytest.mark.parametrize("reset", [True, False])
def test_whether_a_reconnect_resets_the_retries(aws, ivs_channel, until, reset):
    aws.sandbox.set_behaviour(SandboxBehaviour(rtmp_retries_reset_on_connect=reset))
    holder = _rtmp_channel(aws, ivs_channel)
    waiting = _rtmp_channel(aws, ivs_channel)  # 1 s x 2 retries = 2 s of failure allowed
    aws.running(holder)
    aws.running(waiting)
    time.sleep(1.4)  # rejected while the holder pushes: 1.4 s of the 2 s spent
    aws.ml.stop_channel(ChannelId=holder)
    until(lambda: not _failures(aws, waiting))
    aws.ivs.delete_stream_key(arn=ivs_channel["streamKey"]["arn"])
    time.sleep(1.2)
    assert (aws.state(waiting) == "RUNNING") is reset  # without a reset only ~0.6 s were left
    until(lambda: aws.state(waiting) == "IDLE", timeout=5)


def test_outputs_to_unknown_hosts_count_as_connected(aws, until):
    _scale(aws, 0.05)
    channel = aws.channel(rtmp=("rtmp://a.rtmp.youtube.com/live2", "abcd-efgh"))
    aws.running(channel["Id"])
    time.sleep(0.5)
    assert aws.state(channel["Id"]) == "RUNNING"
    assert _failures(aws, channel["Id"]) == []
