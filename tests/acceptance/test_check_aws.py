"""`shelcaster check-aws --yes` on the sandbox: it passes under each behaviour variant, reports what AWS did, saves
the report where `doctor` reads it, and leaves nothing behind; it refuses when it would disturb a show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.entry.cli import main
from bot.entry.doctor import check_account
from core.acceptance import verdicts
from core.acceptance.findings import account_facts
from core.acceptance.report_store import CheckReports
from core.acceptance.run_lease import RunLease
from core.domain.channel_spec import ownership_tags
from sandbox.aws import SandboxBehaviour
from tests.acceptance.conftest import World

STEPS = ("leftovers", "clip", "create", "track", "start", "role", "recording", "take", "switch", "metrics")
STEPS += ("revoke", "stop", "delete", "cleanup")


def _reports(world: World) -> CheckReports:
    return CheckReports(world.client("dynamodb"), table=world.settings.table)


# Every value of each undocumented behaviour the sandbox can play, in two runs.
@pytest.mark.parametrize(("expiry", "reset"), [("channel_stops", True), ("output_stops", False)])
def test_check_aws_passes_under_each_sandbox_variant_and_leaves_nothing(
    world: World, capsys: pytest.CaptureFixture[str], expiry: str, reset: bool
) -> None:
    world.sandbox.set_behaviour(SandboxBehaviour(rtmp_expiry=expiry, rtmp_retries_reset_on_connect=reset))

    assert main(["check-aws", "--yes"]) == 0

    out = capsys.readouterr().out
    assert "It creates, and removes at the end:" in out and "costs about $" in out
    assert ": PASSED in" in out
    for step in STEPS:
        assert any(line.startswith(f"{step} ") and " ok " in line for line in out.splitlines()), step
    assert "Cost of this run: $" in out
    assert world.leftovers() == []

    report = _reports(world).latest()
    assert report is not None and report.outcome.value == "passed"
    by_key = {v.key: v.answer.value for v in report.verdicts}
    expected_keep = "yes" if expiry == "output_stops" else "no"
    assert by_key.pop(verdicts.REVOKED_OUTPUT_KEEPS_CHANNEL) == expected_keep
    assert set(by_key.values()) == {"yes"}, by_key  # everything else the sandbox does as AWS documents
    facts = report.facts
    assert facts.ivs_offline and facts.rtmp_alerts and facts.role_kept and facts.take_plays
    assert facts.live_seconds is not None and facts.create_seconds is not None
    assert report.cost is not None and 0 < report.cost < 1

    found = account_facts(_reports(world))
    assert found is not None and found.run_id == report.run_id
    assert found.revoked_output_stops_channel is (expiry == "channel_stops")
    doctor = check_account(_reports(world), table_ready=True)
    assert doctor.status.value == "pass" and "behaviours as the bot expects" in doctor.detail
    if expiry == "channel_stops":
        assert "the bot: a take whose stream was stopped ends when the IVS output gives up" in out
        assert "not on this account: the channel keeps running when a revoked output's retries expire" in doctor.detail
        assert "take 2 saved by the bot when MediaLive stopped" in out


def test_it_refuses_while_a_show_of_this_deployment_is_on_air(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    ml = world.client("medialive")
    group = world.settings.input_security_group_id
    created = ml.create_input(
        Name="crew", Type="RTMP_PUSH", InputSecurityGroups=[group], Destinations=[{"StreamName": "crew/0"}]
    )
    tags = ownership_tags(deployment=world.settings.deployment, session_id="a-crew-show")
    channel = ml.create_channel(
        Name="crew-show",
        ChannelClass="SINGLE_PIPELINE",
        InputAttachments=[{"InputId": created["Input"]["Id"], "InputAttachmentName": "host"}],
        Destinations=[],
        EncoderSettings={
            "AudioDescriptions": [],
            "VideoDescriptions": [],
            "OutputGroups": [],
            "TimecodeConfig": {"Source": "SYSTEMCLOCK"},
        },
        Tags=tags,
    )["Channel"]
    ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig={"Delay": 0.05})
    ml.start_channel(ChannelId=channel["Id"])
    try:
        assert main(["check-aws", "--yes"]) == 2
        out = capsys.readouterr().out
        assert ": REFUSED" in out and "A show of this deployment is on air" in out and channel["Id"] in out
        assert "It creates" not in out  # refused before planning anything
        assert world.leftovers() == []
        assert _reports(world).latest() is None  # a refusal is not a check
    finally:
        ml.stop_channel(ChannelId=channel["Id"])


def test_without_yes_it_asks_and_no_creates_nothing(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
    assert main(["check-aws"]) == 2
    out = capsys.readouterr().out
    assert asked == ["Run it? [y/N] "]
    assert "1 MediaLive channel (SINGLE_PIPELINE) and 1 IVS channel" in out and "costs about $" in out
    assert "Not confirmed: nothing was created." in out
    assert world.leftovers() == []


def test_a_second_run_is_refused_while_another_holds_the_account(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    check = world.account_check()
    store = check.context.core.store
    ttl = timedelta(seconds=world.check.lease_seconds)
    with RunLease(store, deployment=world.settings.deployment, holder="check-aws-other", ttl=ttl):
        assert main(["check-aws", "--yes"]) == 2
    assert "Another `shelcaster check-aws` is running on this deployment" in capsys.readouterr().out
    assert world.leftovers() == []
