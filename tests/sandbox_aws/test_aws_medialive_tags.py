"""MediaLive tags API on channels, inputs and security groups, and ListAlerts."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def test_tags_on_channel_and_input(aws):
    item = aws.push_input(1, Tags={"owner": "shelcaster"})
    channel = aws.channel([item], Tags={"owner": "shelcaster", "show": "morning"})
    assert aws.ml.list_tags_for_resource(ResourceArn=item["Arn"])["Tags"] == {"owner": "shelcaster"}
    arn = channel["Arn"]
    assert aws.ml.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"owner": "shelcaster", "show": "morning"}
    aws.ml.create_tags(ResourceArn=arn, Tags={"session": "s-1"})
    aws.ml.delete_tags(ResourceArn=arn, TagKeys=["show"])
    expected = {"owner": "shelcaster", "session": "s-1"}
    assert aws.ml.list_tags_for_resource(ResourceArn=arn)["Tags"] == expected
    assert aws.ml.describe_channel(ChannelId=channel["Id"])["Tags"] == expected
    assert aws.ml.list_channels()["Channels"][0]["Tags"] == expected
    group_arn = aws.ml.describe_input_security_group(InputSecurityGroupId=item["SecurityGroups"][0])["Arn"]
    aws.ml.create_tags(ResourceArn=group_arn, Tags={"a": "b"})
    assert aws.ml.list_tags_for_resource(ResourceArn=group_arn)["Tags"] == {"a": "b"}


def test_listed_security_groups_carry_their_tags_and_the_inputs_using_them(aws):
    # ListInputSecurityGroups returns each group's Tags and Inputs (botocore model, InputSecurityGroup).
    group = aws.ml.create_input_security_group(WhitelistRules=[{"Cidr": "203.0.113.7/32"}], Tags={"owner": "x"})
    group_id = group["SecurityGroup"]["Id"]
    item = aws.ml.create_input(
        Name="caller", Type="RTMP_PUSH", InputSecurityGroups=[group_id], Destinations=[{"StreamName": "c/1"}]
    )["Input"]
    pages = aws.ml.get_paginator("list_input_security_groups").paginate(PaginationConfig={"PageSize": 1})
    listed = {g["Id"]: g for page in pages for g in page["InputSecurityGroups"]}
    assert (listed[group_id]["Tags"], listed[group_id]["Inputs"], listed[group_id]["State"]) == (
        {"owner": "x"},
        [item["Id"]],
        "IN_USE",
    )
    aws.ml.delete_input(InputId=item["Id"])
    (freed,) = [g for g in aws.ml.list_input_security_groups()["InputSecurityGroups"] if g["Id"] == group_id]
    assert (freed["Inputs"], freed["State"]) == ([], "IDLE")


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:medialive:us-east-1:123456789012:channel:1234567",
        "arn:aws:medialive:us-east-1:123456789012:input:1234567",
        "not-an-arn",
    ],
)
def test_tags_on_unknown_arn_are_not_found(aws, arn):
    for call, extra in (
        (aws.ml.list_tags_for_resource, {}),
        (aws.ml.create_tags, {"Tags": {"a": "b"}}),
        (aws.ml.delete_tags, {"TagKeys": ["a"]}),
    ):
        with pytest.raises(ClientError) as info:
            call(ResourceArn=arn, **extra)
        assert info.value.response["Error"]["Code"] == "NotFoundException"


def test_alerts_follow_the_encoder(aws, sandbox, until):
    item = aws.push_input(1)
    channel = aws.channel([item])
    assert aws.ml.list_alerts(ChannelId=channel["Id"])["Alerts"] == []
    aws.running(channel["Id"])
    alert = until(lambda: aws.ml.list_alerts(ChannelId=channel["Id"], StateFilter="SET")["Alerts"])[0]
    assert alert["AlertType"] == "RTMP Has No Audio/Video"
    sandbox.connect_encoder(item["Id"])
    until(lambda: not aws.ml.list_alerts(ChannelId=channel["Id"], StateFilter="SET")["Alerts"])
    cleared = aws.ml.list_alerts(ChannelId=channel["Id"], StateFilter="CLEARED")["Alerts"]
    assert cleared[0]["ClearedTimestamp"] >= cleared[0]["SetTimestamp"]
    with pytest.raises(ClientError) as info:
        aws.ml.list_alerts(ChannelId="1234567")
    assert info.value.response["Error"]["Code"] == "NotFoundException"
