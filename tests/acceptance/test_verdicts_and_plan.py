"""Pure parts of the check: the estimate before a run, the verdicts drawn from facts, the facts the bot reads."""

from __future__ import annotations

from datetime import UTC, datetime

from core.acceptance import verdicts as keys
from core.acceptance.estimate import plan_run
from core.acceptance.findings import account_facts
from core.acceptance.render import report_text
from core.acceptance.report import Answer, Facts, Outcome, Report
from core.acceptance.settings import CheckSettings, retry_budget_seconds, run_settings
from core.acceptance.verdicts import verdicts
from core.config import CoreSettings

SETTINGS = CoreSettings(
    recordings_bucket="rec", medialive_role_arn="arn:aws:iam::1:role/r", input_security_group_id="9"
)
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def test_the_default_run_costs_well_under_a_dollar_and_pays_medialives_minimum() -> None:
    check = CheckSettings()
    settings = run_settings(SETTINGS, check)
    assert retry_budget_seconds(settings) == 60  # a minute, not the show's day
    plan = plan_run(run_id="check-aws-x", settings=settings, check=check, leftovers=[], now=NOW)
    assert 0.3 < plan.cost < 1.0
    assert 8 <= plan.minutes <= 16
    assert plan.cost_lines[0].startswith("MediaLive $0.42: 10 billed min at $2.55/h (at least 10 per start)")
    assert any("shelcaster:session=check-aws-x" in line for line in plan.creates)


def _judged(**facts: object) -> dict[str, Answer]:
    return {v.key: v.answer for v in verdicts(Facts(**facts))}  # type: ignore[arg-type]


def test_nothing_measured_is_no_verdict_at_all() -> None:
    assert set(_judged().values()) == {Answer.UNKNOWN}


def test_a_channel_that_stops_when_the_output_gives_up_still_recorded_through_the_retries() -> None:
    judged = _judged(
        retry_budget_seconds=60, watched_seconds=64, recording_grew_for=58, channel_kept_running=False, ivs_offline=True
    )
    assert judged[keys.STREAM_OFF_KEEPS_RECORDING] is Answer.YES
    assert judged[keys.REVOKED_OUTPUT_KEEPS_CHANNEL] is Answer.NO


def test_a_recording_that_stops_with_the_stream_is_a_no() -> None:
    judged = _judged(retry_budget_seconds=60, watched_seconds=5, recording_grew_for=2, channel_kept_running=False)
    assert judged[keys.STREAM_OFF_KEEPS_RECORDING] is Answer.NO


def test_a_slow_start_is_judged_against_the_deployments_wait() -> None:
    assert _judged(start_seconds=400, wait_timeout_seconds=300)[keys.STARTS_IN_TIME] is Answer.NO
    assert _judged(start_seconds=120, wait_timeout_seconds=900)[keys.STARTS_IN_TIME] is Answer.YES


class _Saved:
    def __init__(self, report: Report | None) -> None:
        self.report = report

    def latest(self) -> Report | None:
        return self.report


def test_the_bot_reads_what_the_last_check_found() -> None:
    assert account_facts(_Saved(None)) is None
    facts = Facts(channel_kept_running=False, stopped_by_aws_after=61, take_saved_after_aws_stop=True)
    report = Report(
        run_id="check-aws-x",
        target="AWS",
        started_at=NOW,
        outcome=Outcome.PASSED,
        facts=facts,
        verdicts=verdicts(facts),
    )
    found = account_facts(_Saved(Report.model_validate_json(report.model_dump_json())))
    assert found is not None and found.checked_at == NOW
    assert found.revoked_output_stops_channel is True
    assert found.recording_survives_stream_off is None  # not measured: keep the default behaviour
    assert keys.REVOKED_OUTPUT_KEEPS_CHANNEL in found.noes
    assert "the bot then saves the take" in found.instead[keys.REVOKED_OUTPUT_KEEPS_CHANNEL]
    text = report_text(report)
    assert "the bot: a take whose stream was stopped ends" in text and "MediaLive stopped the channel 61 s" in text
