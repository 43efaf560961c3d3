"""`shelcaster doctor` passes on a well-set-up sandbox and names the fix for each thing that is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
import yaml
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.entry.cli import main
from bot.entry.doctor import (
    AWS_CHECKS,
    SLACK_CHECKS,
    SLACK_SCOPES,
    CheckResult,
    CheckStatus,
    aws_checks,
    diagnose,
    render,
    slack_checks,
)
from core.adapters.aws.probe import ProbeError, SetupProbe
from core.adapters.dynamodb import table_definition
from sandbox.provision import REGION, SandboxAccount
from sandbox.stack import BOT_TOKEN, SIGNING_SECRET

ROOT = Path(__file__).parents[2]
ALL_CHECKS = ("config", *AWS_CHECKS, *SLACK_CHECKS)


def by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.name: r for r in results}


def failures(results: list[CheckResult]) -> dict[str, str]:
    return {r.name: r.fix for r in results if r.status is CheckStatus.FAIL}


@pytest.mark.usefixtures("bot_env")
def test_doctor_passes_against_the_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    for name in ALL_CHECKS:
        if name != "input security group":
            assert f"pass  {name}" in out
    # The sandbox's host group admits any address (local encoders): a warning with the command that narrows it.
    assert "warn  input security group" in out and "(open to any address)" in out
    assert "update-input-security-group" in out and "1 with a warning" in out
    assert "FAIL" not in out
    assert "scopes not reported by this Slack" in out
    assert BOT_TOKEN not in out
    assert SIGNING_SECRET not in out


@pytest.mark.usefixtures("bot_env")
def test_a_missing_table_and_a_wrong_bucket_fail_with_their_fixes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHELCASTER_TABLE", "no-such-table")
    monkeypatch.setenv("SHELCASTER_RECORDINGS_BUCKET", "no-such-bucket")
    results = diagnose()
    fixes = failures(results)
    assert set(fixes) == {"dynamodb table", "s3 bucket"}
    assert "SHELCASTER_TABLE" in fixes["dynamodb table"]
    assert "SHELCASTER_RECORDINGS_BUCKET" in fixes["s3 bucket"]
    checks = by_name(results)
    assert checks["table ttl"].status is CheckStatus.SKIP
    assert checks["live buffer expiry"].status is CheckStatus.SKIP
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "fix: Table 'no-such-table' does not exist: set SHELCASTER_TABLE" in out
    assert "fix: Bucket 'no-such-bucket' does not exist: set SHELCASTER_RECORDINGS_BUCKET" in out


def _sandbox_client(account: SandboxAccount, service: str):  # type: ignore[no-untyped-def]
    return boto3.session.Session(region_name=REGION).client(service, endpoint_url=account.endpoint_url)


@pytest.mark.usefixtures("bot_env")
def test_a_table_without_ttl_and_a_bucket_without_expiry_are_named(
    account: SandboxAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sandbox_client(account, "dynamodb").create_table(**table_definition("doctor-no-ttl"))
    _sandbox_client(account, "s3").create_bucket(Bucket="doctor-no-lifecycle")
    monkeypatch.setenv("SHELCASTER_TABLE", "doctor-no-ttl")
    monkeypatch.setenv("SHELCASTER_RECORDINGS_BUCKET", "doctor-no-lifecycle")
    fixes = failures(diagnose())
    assert set(fixes) == {"table ttl", "live buffer expiry"}
    assert "update-time-to-live --table-name doctor-no-ttl" in fixes["table ttl"]
    assert "expiring objects under live/" in fixes["live buffer expiry"]


@pytest.mark.usefixtures("bot_env")
def test_a_role_medialive_cannot_assume_and_an_unknown_security_group_are_named(
    account: SandboxAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = _sandbox_client(account, "iam").create_role(
        RoleName="DoctorWrongTrust", AssumeRolePolicyDocument=json.dumps(trust)
    )
    monkeypatch.setenv("SHELCASTER_MEDIALIVE_ROLE_ARN", role["Role"]["Arn"])
    monkeypatch.setenv("SHELCASTER_INPUT_SECURITY_GROUP_ID", "4242")
    fixes = failures(diagnose())
    assert set(fixes) == {"medialive role", "input security group"}
    assert "trust policy" in fixes["medialive role"]
    assert "SHELCASTER_INPUT_SECURITY_GROUP_ID" in fixes["input security group"]


@pytest.mark.usefixtures("bot_env")
def test_a_refused_slack_token_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    fixes = failures(diagnose())
    assert set(fixes) == {"slack auth"}
    assert "SLACK_BOT_TOKEN" in fixes["slack auth"]


def test_missing_configuration_fails_first_and_skips_the_rest(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("SHELCASTER_RECORDINGS_BUCKET", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    results = diagnose()
    assert [r.status for r in results] == [CheckStatus.FAIL] + [CheckStatus.SKIP] * (len(ALL_CHECKS) - 1)
    assert "SHELCASTER_RECORDINGS_BUCKET is required" in results[0].detail
    assert main(["doctor"]) == 1
    assert "FAIL  config" in capsys.readouterr().out


class _NoCredentials(SetupProbe):
    def __init__(self) -> None:
        pass

    def identity(self) -> str:
        raise ProbeError("NoCredentialsError", "Unable to locate credentials")


def test_without_aws_credentials_the_aws_checks_are_skipped() -> None:
    results = aws_checks(_NoCredentials(), None)  # type: ignore[arg-type]
    assert results[0].status is CheckStatus.FAIL
    assert "AWS_PROFILE" in results[0].fix
    assert {r.status for r in results[1:]} == {CheckStatus.SKIP}


class _ScopedSlack(WebClient):
    def __init__(self, scopes: str | None) -> None:
        super().__init__(token="xoxb-test")
        self._scopes = scopes

    def auth_test(self, **kwargs: object) -> SlackResponse:
        headers = {"x-oauth-scopes": self._scopes} if self._scopes is not None else {}
        data = {"ok": True, "user": "shelcaster", "team": "Show"}
        return SlackResponse(
            client=self, http_verb="POST", api_url="", req_args={}, data=data, headers=headers, status_code=200
        )


def test_scopes_are_compared_when_slack_reports_them() -> None:
    short = slack_checks(_ScopedSlack("commands,chat:write"))
    assert short[1].status is CheckStatus.FAIL
    assert "usergroups:read" in short[1].fix
    full = slack_checks(_ScopedSlack("chat:write, commands,usergroups:read,users:read"))
    assert [r.status for r in full] == [CheckStatus.PASS, CheckStatus.PASS]
    silent = slack_checks(_ScopedSlack(None))
    assert silent[1] == CheckResult("slack scopes", CheckStatus.PASS, "scopes not reported by this Slack")


def test_doctor_asks_for_the_manifests_scopes() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert sorted(SLACK_SCOPES) == sorted(manifest["oauth_config"]["scopes"]["bot"])


def test_render_puts_each_fix_under_its_failure() -> None:
    text = render(
        [
            CheckResult("config", CheckStatus.PASS, "ok"),
            CheckResult("s3 bucket", CheckStatus.FAIL, "not found", "Set the bucket."),
            CheckResult("live buffer expiry", CheckStatus.SKIP, "needs the bucket"),
        ]
    )
    lines = text.splitlines()
    assert lines[0].startswith("pass  config ")
    assert lines[1].startswith("FAIL  s3 bucket ")
    assert lines[2].strip() == "fix: Set the bucket."
    assert lines[-1] == "1 of 3 checks failed (1 skipped)."


@pytest.mark.usefixtures("bot_env")
def test_a_host_group_that_admits_only_the_studio_passes_without_a_warning(
    account: SandboxAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = _sandbox_client(account, "medialive").create_input_security_group(
        WhitelistRules=[{"Cidr": "203.0.113.0/24"}]
    )["SecurityGroup"]["Id"]
    monkeypatch.setenv("SHELCASTER_INPUT_SECURITY_GROUP_ID", group)
    check = by_name(diagnose())["input security group"]
    assert (check.status, check.detail) == (CheckStatus.PASS, f"{group}: 203.0.113.0/24")
