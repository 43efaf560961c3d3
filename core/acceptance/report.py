"""What a check run found, as typed data: each step's result, the facts it measured, the verdicts drawn from them.

Saved as JSON in the session table, so `doctor` and the bot can tell when the account was last checked and what
it found; the facts are what AWS did, the verdicts what that means for the product.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class StepStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


class StepResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    status: StepStatus
    seconds: float | None = None  # the step's headline time (e.g. create -> IDLE), when it measures one
    found: list[str] = Field(default_factory=list)  # what it saw, one line each
    error: str | None = None


class Facts(BaseModel):
    """What AWS did, measured through the product's own services. None: not measured (a step failed first)."""

    model_config = ConfigDict(frozen=True)

    wait_timeout_seconds: float | None = None  # the deployment's longest wait for a state change
    create_seconds: float | None = None
    start_seconds: float | None = None  # StartChannel accepted -> RUNNING
    live_seconds: float | None = None  # RUNNING -> IVS reports LIVE
    role_kept: bool | None = None
    recording_in_run_folder: bool | None = None
    take_plays: bool | None = None
    switched_on_air: bool | None = None
    returned_to_host: bool | None = None
    retry_budget_seconds: float | None = None
    watched_seconds: float | None = None
    ivs_offline: bool | None = None
    rtmp_alerts: list[str] = Field(default_factory=list)  # alert types set after the key was revoked
    channel_kept_running: bool | None = None  # for the whole watch
    stopped_by_aws_after: float | None = None  # seconds from the revoke to MediaLive stopping the channel
    recording_grew_for: float | None = None  # seconds of recording after the revoke
    segment_seconds: float | None = None  # the recording's segment length: how far its end may lag behind
    take_saved_after_aws_stop: bool | None = None
    watchdog_metric_seen: bool | None = None
    stop_seconds: float | None = None
    delete_seconds: float | None = None
    nothing_left: bool | None = None


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "not measured"


class Verdict(BaseModel):
    """One product behaviour that depends on what AWS does, and what the bot does when the answer is no."""

    model_config = ConfigDict(frozen=True)

    key: str  # stable: the bot reads verdicts by key
    behaviour: str
    answer: Answer
    evidence: str = ""
    instead: str = ""  # what the bot does when the answer is no


class Outcome(StrEnum):
    PASSED = "passed"  # every step ran and nothing was left behind
    FAILED = "failed"  # a step failed, or something could not be removed
    INTERRUPTED = "interrupted"
    REFUSED = "refused"  # nothing was created


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    run_id: str
    target: str  # the account and region (or endpoint) the run used
    started_at: datetime
    finished_at: datetime | None = None
    outcome: Outcome = Outcome.FAILED
    reason: str = ""  # for a refusal or a failure: what happened, in one sentence
    steps: list[StepResult] = Field(default_factory=list)
    facts: Facts = Facts()
    verdicts: list[Verdict] = Field(default_factory=list)
    cost: float | None = None  # of the run, from the measured times (the product's own cost model)
    cost_lines: list[str] = Field(default_factory=list)
    leftovers: list[str] = Field(default_factory=list)  # what cleanup could not remove

    @property
    def failed_step(self) -> StepResult | None:
        return next((s for s in self.steps if s.status is StepStatus.FAILED), None)

    def verdict(self, key: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.key == key), None)
