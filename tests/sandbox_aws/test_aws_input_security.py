"""Pushes from outside an input's security group are ignored (MediaLive UG "Working with input security groups")."""

from __future__ import annotations

import time

import pytest

from sandbox.aws import SandboxControl, SandboxControlError

NO_INPUT = "RTMP Has No Audio/Video"


def _guarded_input(aws, cidr: str) -> tuple[dict, str]:
    group = aws.ml.create_input_security_group(WhitelistRules=[{"Cidr": cidr}])["SecurityGroup"]["Id"]
    item = aws.ml.create_input(
        Name="cam", Type="RTMP_PUSH", InputSecurityGroups=[group], Destinations=[{"StreamName": "live/cam"}]
    )["Input"]
    return item, group


def _frames(aws, channel_id: str) -> list[float]:
    return aws.metric_values(channel_id, "InputVideoFrameRate")


def test_push_from_inside_the_group_is_ingested(aws, until):
    item, _ = _guarded_input(aws, "198.51.100.0/24")
    channel = aws.channel([item])
    aws.running(channel["Id"])
    SandboxControl(aws.sandbox.url).connect_encoder(item["Id"], source_ip="198.51.100.7")
    until(lambda: 29.97 in _frames(aws, channel["Id"]))
    assert NO_INPUT not in aws.alert_types(channel["Id"])


def test_default_source_is_inside_the_first_rule(aws, until):
    item, _ = _guarded_input(aws, "198.51.100.0/24")
    channel = aws.channel([item])
    aws.running(channel["Id"])
    aws.sandbox.connect_encoder(item["Id"])
    until(lambda: 29.97 in _frames(aws, channel["Id"]))
    assert aws.sandbox.medialive.inputs[item["Id"]].encoder_ip == "198.51.100.1"


def test_push_from_outside_is_ignored_until_the_group_admits_it(aws, until):
    item, group = _guarded_input(aws, "198.51.100.0/24")
    channel = aws.channel([item])
    aws.running(channel["Id"])
    SandboxControl(aws.sandbox.url).connect_encoder(item["Id"], source_ip="203.0.113.9")
    until(lambda: NO_INPUT in aws.alert_types(channel["Id"]))
    time.sleep(3 * aws.sandbox.timings.segment)
    assert _frames(aws, channel["Id"]) == []  # never seen: no frame-rate datapoints at all

    aws.ml.update_input_security_group(
        InputSecurityGroupId=group, WhitelistRules=[{"Cidr": "198.51.100.0/24"}, {"Cidr": "203.0.113.0/24"}]
    )
    until(lambda: 29.97 in _frames(aws, channel["Id"]))
    until(lambda: NO_INPUT in aws.alert_types(channel["Id"], "CLEARED"))
    assert NO_INPUT not in aws.alert_types(channel["Id"])

    aws.ml.update_input_security_group(InputSecurityGroupId=group, WhitelistRules=[{"Cidr": "198.51.100.0/24"}])
    until(lambda: NO_INPUT in aws.alert_types(channel["Id"]))  # cut off again


def test_bad_source_ip_is_refused(aws):
    item, _ = _guarded_input(aws, "198.51.100.0/24")
    with pytest.raises(SandboxControlError) as info:
        SandboxControl(aws.sandbox.url).connect_encoder(item["Id"], source_ip="not-an-ip")
    assert info.value.status == 400


def _pushing_to_ivs(aws, item: dict, input_loss_action: str) -> tuple[str, str]:
    ivs = aws.ivs.create_channel(name="show")
    url = f"rtmps://{ivs['channel']['ingestEndpoint']}:443/app/"
    args = aws.channel_args([item], rtmp=(url, ivs["streamKey"]["value"]))
    args["EncoderSettings"]["OutputGroups"][0]["OutputGroupSettings"]["RtmpGroupSettings"] = {
        "InputLossAction": input_loss_action
    }
    channel = aws.ml.create_channel(**args)["Channel"]
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    return channel["Id"], ivs["channel"]["arn"]


@pytest.mark.parametrize(("action", "health"), [("EMIT_OUTPUT", "HEALTHY"), ("PAUSE_OUTPUT", "STARVING")])
def test_ivs_health_while_the_push_is_ignored(aws, action, health, until):
    item, _ = _guarded_input(aws, "198.51.100.0/24")
    channel_id, arn = _pushing_to_ivs(aws, item, action)
    aws.running(channel_id)
    aws.sandbox.connect_encoder(item["Id"], source_ip="203.0.113.9")
    assert aws.ivs.get_stream(channelArn=arn)["stream"]["health"] == health
    aws.sandbox.connect_encoder(item["Id"], source_ip="198.51.100.9")
    assert aws.ivs.get_stream(channelArn=arn)["stream"]["health"] == "HEALTHY"
