"""What the last account check found, for the product to act on (`doctor` shows it; the bot can ask it).

For example: when the check saw a revoked output stop the channel, `live stop` during a take should say so and ask
before stopping the stream. Unknown (never checked, or not measured) reads as None: keep the default behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from core.acceptance import verdicts as keys
from core.acceptance.report import Answer, Outcome, Report


class ReportReader(Protocol):
    def latest(self) -> Report | None: ...


@dataclass(frozen=True)
class AccountFacts:
    checked_at: datetime
    run_id: str
    outcome: Outcome
    answers: Mapping[str, bool | None] = field(default_factory=dict)  # verdict key -> yes / no / not measured
    behaviours: Mapping[str, str] = field(default_factory=dict)  # verdict key -> the behaviour, in words
    instead: Mapping[str, str] = field(default_factory=dict)  # verdict key -> what the bot does on a no
    failed_step: str | None = None

    def answer(self, key: str) -> bool | None:
        return self.answers.get(key)

    @property
    def revoked_output_stops_channel(self) -> bool | None:
        kept = self.answer(keys.REVOKED_OUTPUT_KEEPS_CHANNEL)
        return None if kept is None else not kept

    @property
    def recording_survives_stream_off(self) -> bool | None:
        return self.answer(keys.STREAM_OFF_KEEPS_RECORDING)

    @property
    def watchdog_sees_input(self) -> bool | None:
        return self.answer(keys.WATCHDOG_SEES_INPUT)

    @property
    def noes(self) -> list[str]:
        return [key for key, value in self.answers.items() if value is False]


def facts_of(report: Report) -> AccountFacts:
    answers = {v.key: None if v.answer is Answer.UNKNOWN else v.answer is Answer.YES for v in report.verdicts}
    failed = report.failed_step
    return AccountFacts(
        checked_at=report.started_at,
        run_id=report.run_id,
        outcome=report.outcome,
        answers=answers,
        behaviours={v.key: v.behaviour for v in report.verdicts},
        instead={v.key: v.instead for v in report.verdicts if v.answer is Answer.NO},
        failed_step=failed.name if failed else None,
    )


def account_facts(reports: ReportReader) -> AccountFacts | None:
    """The last check's facts; None when the account was never checked."""
    report = reports.latest()
    return facts_of(report) if report is not None else None
