"""The bot's IAM policy in deploy/template.yaml grants exactly the AWS actions its runtime code calls.

The actions are derived from the code (see aws_actions.py); `shelcaster doctor` is left out because an admin
runs it with their own credentials, never as the bot.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.deploy.aws_actions import DerivationError, derive, runtime_sources
from tests.deploy.cfn import resources, template

# Actions AWS authorizes only on "*" (no resource-level permissions): lists, SSM's parameter listing and
# CloudWatch metric reads/writes (Service Authorization Reference).
UNSCOPED_OK = (
    "List",
    "ssm:DescribeParameters",
    "cloudwatch:GetMetricData",
    "cloudwatch:GetMetricStatistics",
    "cloudwatch:PutMetricData",
)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def bot_statements() -> list[dict[str, Any]]:
    """BotPolicy plus each bot function's inline statements; nothing else may be attached to the functions."""
    statements = list(template()["Resources"]["BotPolicy"]["Properties"]["PolicyDocument"]["Statement"])
    for name, function in resources("AWS::Serverless::Function").items():
        assert "Role" not in function["Properties"], f"{name} must use the role SAM builds from its Policies"
        for policy in function["Properties"].get("Policies", []):
            if policy == {"Ref": "BotPolicy"}:
                continue
            assert isinstance(policy, dict) and "Statement" in policy, f"{name}: unexpected policy {policy!r}"
            statements += policy["Statement"]
    return statements


def granted() -> set[str]:
    return {action for s in bot_statements() for action in _as_list(s["Action"])}


def test_policy_grants_exactly_the_actions_the_code_calls() -> None:
    needed = derive(runtime_sources())
    have = granted()
    missing = sorted(set(needed) - have)
    unused = sorted(have - set(needed))
    lines = [f"  {a}  (used at {', '.join(sorted(needed[a])[:3])})" for a in missing]
    report = ""
    if missing:
        report += "The code calls actions deploy/template.yaml does not grant:\n" + "\n".join(lines) + "\n"
    if unused:
        report += "deploy/template.yaml grants actions the code never calls:\n  " + "\n  ".join(unused) + "\n"
    assert not report, report


def test_policy_has_no_wildcards_or_negations() -> None:
    for statement in bot_statements():
        assert statement["Effect"] == "Allow"
        assert not {"NotAction", "NotResource", "NotPrincipal"} & set(statement), statement
        for action in _as_list(statement["Action"]):
            assert "*" not in action, f"wildcard action {action}"
        if "*" in _as_list(statement["Resource"]):
            broad = [a for a in _as_list(statement["Action"]) if not a.split(":")[1].startswith(UNSCOPED_OK[0])]
            broad = [a for a in broad if a not in UNSCOPED_OK]
            assert not broad, f"{broad} granted on every resource; scope them to ARNs"


def test_passrole_is_limited_to_the_medialive_role_and_service() -> None:
    [statement] = [s for s in bot_statements() if "iam:PassRole" in _as_list(s["Action"])]
    assert statement["Resource"] == {"Fn::GetAtt": ["MediaLiveRole", "Arn"]}
    assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "medialive.amazonaws.com"}}


SAMPLE = """
from typing import TYPE_CHECKING
from slack_bolt.adapter.aws_lambda import SlackRequestHandler
if TYPE_CHECKING:
    from mypy_boto3_medialive import MediaLiveClient
    from mypy_boto3_ssm import SSMClient

class Adapter:
    def __init__(self, client: MediaLiveClient) -> None:
        self._client = client
    def wait(self, waiter: str, **params: str) -> None:
        self._client.get_waiter(waiter).wait(**params)
    def start(self, channel_id: str) -> None:
        self._client.start_channel(ChannelId=channel_id)
        self.wait("channel_running", ChannelId=channel_id)

class Service:
    def __init__(self, *, adapter: Adapter) -> None:
        self._adapter = adapter
    def stop(self) -> None:
        self._adapter.wait("channel_stopped", ChannelId="1")

def keys(ssm: SSMClient) -> None:
    ssm.get_paginator("get_parameters_by_path")
    ssm.put_parameter(Name="/shelcaster/x", Value="y", Type="SecureString", Tags=[])
    ssm.get_parameter(Name="/shelcaster/x", WithDecryption=True)
"""


def test_derivation_follows_adapters_waiters_paginators_and_implied_actions() -> None:
    assert set(derive({"sample.py": SAMPLE})) == {
        "medialive:StartChannel",
        "medialive:DescribeChannel",  # both waiters poll DescribeChannel
        "ssm:GetParametersByPath",
        "ssm:PutParameter",
        "ssm:AddTagsToResource",  # PutParameter is passed Tags
        "ssm:GetParameter",
        "lambda:InvokeFunction",  # Bolt's lazy listeners re-invoke the function
    }


def test_tagging_and_passrole_are_implied_only_when_the_call_may_pass_them() -> None:
    source = (
        "from mypy_boto3_medialive import MediaLiveClient\n"
        "def f(c: MediaLiveClient, request: dict) -> None:\n"
        "    c.create_input(Name='x')\n"
        "    c.update_channel(ChannelId='1', Name='y')\n"
    )
    assert set(derive({"a.py": source})) == {"medialive:CreateInput", "medialive:UpdateChannel"}
    unpacked = source + "    c.create_channel(**request)\n"
    assert {"medialive:CreateTags", "iam:PassRole"} <= set(derive({"a.py": unpacked}))


def test_derivation_of_the_real_code_sees_the_indirect_calls() -> None:
    needed = derive(runtime_sources())
    for action in ("dynamodb:Query", "medialive:DescribeInput", "iam:PassRole", "medialive:CreateTags"):
        assert action in needed
    assert not any(path.startswith("bot/entry/doctor.py") for places in needed.values() for path in places)


@pytest.mark.parametrize(
    ("source", "complaint"),
    [
        ("from mypy_boto3_ivs import IVSClient\ndef f(c: IVSClient) -> None:\n    c.no_such_call()\n", "not a ivs"),
        ("import boto3\n", "imports boto3"),
        (
            "from mypy_boto3_ivs import IVSClient\ndef f(c: IVSClient, n: str) -> None:\n    getattr(c, n)()\n",
            "getattr",
        ),
    ],
)
def test_derivation_refuses_calls_it_cannot_follow(source: str, complaint: str) -> None:
    with pytest.raises(DerivationError, match=complaint):
        derive({"core/x.py": source})
