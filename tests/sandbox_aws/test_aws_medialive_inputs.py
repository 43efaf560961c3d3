"""MediaLive input security groups and inputs, as AWS behaves and the product relies on."""

from __future__ import annotations

import dataclasses
import re

import pytest
from botocore.exceptions import ClientError


def _code(info: pytest.ExceptionInfo[ClientError]) -> str:
    return str(info.value.response["Error"]["Code"])


def test_security_group_lifecycle(aws):
    group = aws.ml.create_input_security_group(WhitelistRules=[{"Cidr": "10.0.0.0/8"}], Tags={"owner": "t"})
    group = group["SecurityGroup"]
    assert group["State"] == "IDLE"
    assert group["Arn"] == f"arn:aws:medialive:us-east-1:123456789012:inputSecurityGroup:{group['Id']}"
    assert aws.ml.describe_input_security_group(InputSecurityGroupId=group["Id"])["WhitelistRules"] == [
        {"Cidr": "10.0.0.0/8"}
    ]
    listed = aws.ml.list_input_security_groups()["InputSecurityGroups"]
    assert [g["Id"] for g in listed] == [group["Id"]]
    aws.ml.delete_input_security_group(InputSecurityGroupId=group["Id"])
    with pytest.raises(ClientError) as info:
        aws.ml.describe_input_security_group(InputSecurityGroupId=group["Id"])
    assert _code(info) == "NotFoundException"


def test_security_group_rejects_bad_cidr(aws):
    with pytest.raises(ClientError) as info:
        aws.ml.create_input_security_group(WhitelistRules=[{"Cidr": "not-a-cidr"}])
    assert _code(info) == "BadRequestException"


def test_security_group_in_use_cannot_be_deleted(aws):
    item = aws.push_input()
    group_id = item["SecurityGroups"][0]
    assert aws.ml.describe_input_security_group(InputSecurityGroupId=group_id)["State"] == "IN_USE"
    with pytest.raises(ClientError) as info:
        aws.ml.delete_input_security_group(InputSecurityGroupId=group_id)
    assert _code(info) == "ConflictException"
    aws.ml.delete_input(InputId=item["Id"])
    aws.ml.delete_input_security_group(InputSecurityGroupId=group_id)


def test_rtmp_push_input_has_real_looking_endpoints(aws):
    group = aws.security_group()
    item = aws.ml.create_input(
        Name="cam",
        Type="RTMP_PUSH",
        InputSecurityGroups=[group],
        Destinations=[{"StreamName": "live/a"}, {"StreamName": "live/b"}],
        Tags={"shelcaster:session": "s1"},
    )["Input"]
    assert re.fullmatch(r"\d{7}", item["Id"])
    assert item["Arn"] == f"arn:aws:medialive:us-east-1:123456789012:input:{item['Id']}"
    assert item["State"] == "DETACHED"
    assert item["InputClass"] == "STANDARD"
    assert item["SecurityGroups"] == [group]
    assert item["Tags"] == {"shelcaster:session": "s1"}
    urls = [d["Url"] for d in item["Destinations"]]
    ips = [d["Ip"] for d in item["Destinations"]]
    assert len(set(ips)) == 2
    for url, ip, stream in zip(urls, ips, ("live/a", "live/b"), strict=True):
        assert url == f"rtmp://{ip}:1935/{stream}"
        assert not ip.startswith(("10.", "127.", "192.168."))
    single = aws.push_input(streams=1)
    assert single["InputClass"] == "SINGLE_PIPELINE"


@pytest.mark.parametrize(
    "args",
    [
        {"Destinations": [{"StreamName": "live/a"}]},  # no security group
        {"InputSecurityGroups": ["1"], "Destinations": [{"StreamName": "live/a"}]},  # unknown group
        {"Destinations": [{"StreamName": f"live/{n}"} for n in range(3)], "InputSecurityGroups": None},
    ],
)
def test_rtmp_push_input_validation(aws, args):
    if args.get("InputSecurityGroups", "") is None:
        args["InputSecurityGroups"] = [aws.security_group()]
    with pytest.raises(ClientError) as info:
        aws.ml.create_input(Name="cam", Type="RTMP_PUSH", **args)
    assert _code(info) == "BadRequestException"


def test_pull_and_file_inputs_keep_sources(aws):
    pulled = aws.ml.create_input(Name="hls", Type="URL_PULL", Sources=[{"Url": "https://e.example/a.m3u8"}])
    assert pulled["Input"]["Sources"] == [{"Url": "https://e.example/a.m3u8"}]
    assert pulled["Input"]["Destinations"] == []
    assert aws.file_input()["Type"] == "MP4_FILE"
    with pytest.raises(ClientError):
        aws.ml.create_input(Name="bad", Type="MP4_FILE", Sources=[])


def test_request_id_makes_create_input_idempotent(aws):
    group = aws.security_group()
    args = {"Type": "RTMP_PUSH", "InputSecurityGroups": [group], "Destinations": [{"StreamName": "live/x"}]}
    first = aws.ml.create_input(Name="cam", RequestId="session-1-input", **args)["Input"]
    again = aws.ml.create_input(Name="cam", RequestId="session-1-input", **args)["Input"]
    other = aws.ml.create_input(Name="cam", RequestId="session-2-input", **args)["Input"]
    assert again["Id"] == first["Id"]
    assert other["Id"] != first["Id"]
    assert len(aws.ml.list_inputs()["Inputs"]) == 2


def test_unknown_input_is_not_found(aws):
    for call in (aws.ml.describe_input, aws.ml.delete_input):
        with pytest.raises(ClientError) as info:
            call(InputId="1234567")
        assert _code(info) == "NotFoundException"
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_deleted_input_leaves_listing_then_describe_404(aws, sandbox, until):
    sandbox.set_timings(dataclasses.replace(sandbox.timings, deleted_visible=0.6))
    item = aws.push_input()
    aws.ml.delete_input(InputId=item["Id"])
    assert item["Id"] not in [i["Id"] for i in aws.ml.list_inputs()["Inputs"]]
    assert aws.ml.describe_input(InputId=item["Id"])["State"] == "DELETED"
    aws.ml.get_waiter("input_deleted").wait(InputId=item["Id"], WaiterConfig=aws.wait)

    def gone() -> bool:
        try:
            aws.ml.describe_input(InputId=item["Id"])
        except ClientError as exc:
            return exc.response["Error"]["Code"] == "NotFoundException"
        return False

    until(gone)


def test_attached_input_cannot_be_deleted(aws):
    item = aws.push_input(1)
    channel = aws.channel([item])
    described = aws.ml.describe_input(InputId=item["Id"])
    assert described["State"] == "ATTACHED"
    assert described["AttachedChannels"] == [channel["Id"]]
    with pytest.raises(ClientError) as info:
        aws.ml.delete_input(InputId=item["Id"])
    assert _code(info) == "ConflictException"


def test_list_inputs_paginates(aws):
    ids = {aws.file_input()["Id"] for _ in range(7)}
    pages = list(aws.ml.get_paginator("list_inputs").paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["Inputs"]) for p in pages] == [3, 3, 1]
    assert {i["Id"] for p in pages for i in p["Inputs"]} == ids
