"""Settings read from the environment (`SHELCASTER_*` and the standard `AWS_*`)."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import AliasChoices, BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError


class Rates(BaseModel):
    """Hourly prices in USD, as MediaLive bills them: each running input and each running output encode at its
    own rate, add-ons once per running channel, and small charges for idle channels and idle push inputs.

    The MediaLive defaults are illustrative splits of the reference figure for the default show ($2.55/h for one
    input and two output encodes, IVS and the recording, with audio normalization): 0.45 + 2 x 0.90 + 0.30.
    Real prices vary by region, codec, resolution and frame rate: set your region's.
    """

    medialive_input: float = Field(default=0.45, ge=0, description="per running input")
    medialive_output: float = Field(default=0.90, ge=0, description="per running output encode")
    audio_normalization: float = Field(default=0.30, ge=0, description="per running channel that normalizes audio")
    idle_channel: float = Field(default=0.01, ge=0, description="per channel that exists but is not running")
    idle_push_input: float = Field(default=0.01, ge=0, description="per push input not attached to a running channel")
    ivs_live: float = Field(default=2.52, ge=0, description="per IVS channel while live")
    s3_recording: float = Field(default=0.05, ge=0, description="recording storage while the channel runs")
    minimum_billed_minutes: int = Field(default=10, ge=0, description="MediaLive's minimum per run")

    @model_validator(mode="before")
    @classmethod
    def _no_single_rate(cls, data: Any) -> Any:
        """The old single MediaLive rate would be silently ignored: say what replaced it instead."""
        if isinstance(data, dict) and "medialive_running" in data:
            raise ValueError(
                "medialive_running is replaced by medialive_input, medialive_output and audio_normalization"
            )
        return data


class WatchdogSettings(BaseModel):
    """The sweep's policy. Defaults keep a forgotten channel under 30 minutes (see docs/watchdog.md)."""

    sweep_seconds: float = Field(default=60.0, gt=0, description="how often the sweep runs")
    idle_minutes: float = Field(default=10.0, gt=0, description="no input this long counts as idle")
    input_loss_minutes: float = Field(default=7.0, gt=0, description="an input-loss alert set this long: idle")
    grace_minutes: float = Field(default=5.0, ge=0, description="time between the warning and the action")
    max_show_hours: float = Field(default=4.0, gt=0, description="longest run without a keep")
    no_viewers_minutes: float = Field(default=30.0, gt=0, description="live to 0 viewers this long counts as idle")
    keep_minutes: int = Field(default=60, gt=0, description="what the Keep button buys")
    metric_period_seconds: int = Field(default=60, ge=1, description="CloudWatch period for input detection")
    lease_seconds: float = Field(default=60.0, gt=0, description="how long a replica's scheduler lease lasts")
    dry_run: bool = Field(default=False, description="warn and report, but change nothing in AWS")


class AlertSettings(BaseModel):
    """Cost alerts per session, and the daily spend summary in the alert channel."""

    cost_thresholds: tuple[float, ...] = Field(default=(5.0, 10.0, 25.0), description="USD steps per session")
    check_seconds: float = Field(default=60.0, gt=0)
    daily_summary_hour: int = Field(default=8, ge=-1, le=23, description="UTC hour of the summary; -1 turns it off")


class FollowUpSettings(BaseModel):
    """How often the scheduler re-reads channels to keep control panels true."""

    transitional_seconds: float = Field(default=3.0, gt=0, description="poll while a channel changes state")
    steady_seconds: float = Field(default=60.0, gt=0, description="re-read steady channels and redraw live panels")


class CoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHELCASTER_", env_nested_delimiter="__", extra="ignore")

    table: str = Field(default="shelcaster", description="DynamoDB table for sessions")
    recordings_bucket: str = Field(description="S3 bucket for the live buffer and takes")
    medialive_role_arn: str = Field(description="IAM role ARN MediaLive assumes to write to S3")
    input_security_group_id: str = Field(description="MediaLive input security group id for RTMP push inputs")
    channel_class: Literal["STANDARD", "SINGLE_PIPELINE"] = "SINGLE_PIPELINE"
    live_prefix: str = "live"
    recordings_prefix: str = "recordings"
    segment_seconds: int = Field(default=6, ge=1, le=30)
    deployment: str = Field(default="default", description="tag value that marks resources this bot owns")
    poll_seconds: float = Field(default=5.0, gt=0, description="delay between AWS state polls (waiters)")
    # "Most channels start in 3 minutes or less, but a startup time up to 10 minutes is still normal" (UG).
    wait_timeout_seconds: float = Field(default=900.0, gt=0, description="longest wait for one AWS state change")
    rtmp_retry_hours: float = Field(
        default=24.0, gt=0, le=168, description="how long an RTMP output retries before MediaLive gives it up"
    )
    loudness_target_lkfs: float = Field(default=-16.0, ge=-59, le=0, description="program loudness in LKFS")
    tracks_prefix: str = Field(default="tracks", description="where tracklist MP4s live in the recordings bucket")
    rates: Rates = Rates()
    watchdog: WatchdogSettings = WatchdogSettings()
    alerts: AlertSettings = AlertSettings()
    follow_up: FollowUpSettings = FollowUpSettings()

    @field_validator("channel_class")
    @classmethod
    def _one_pipeline_for_ivs(cls, value: str) -> str:
        # A STANDARD channel pushes the same IVS stream key from both pipelines; IVS takes one stream per channel.
        if value != "SINGLE_PIPELINE":
            raise ValueError("IVS takes one stream per channel; use SINGLE_PIPELINE (a STANDARD channel pushes two)")
        return value

    aws_region: str = Field(default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION"))
    aws_endpoint_url: str | None = Field(default=None, validation_alias=AliasChoices("AWS_ENDPOINT_URL"))


def _describe(error: ValidationError, settings_cls: type[BaseSettings]) -> str:
    """One line per bad variable: its env name and what it expects."""
    prefix = settings_cls.model_config.get("env_prefix", "")
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        # An aliased field is reported under its alias (SLACK_BOT_TOKEN), not its field name.
        info = settings_cls.model_fields.get(field) or next(
            (
                f
                for f in settings_cls.model_fields.values()
                if isinstance(f.validation_alias, AliasChoices) and field in f.validation_alias.choices
            ),
            None,
        )
        alias = info.validation_alias if info else None
        env = alias.choices[0] if isinstance(alias, AliasChoices) else f"{prefix}{field}".upper()
        what = info.description if info and info.description else ""
        if item["type"] == "missing":
            lines.append(f"{env} is required" + (f" ({what})" if what else ""))
        else:
            lines.append(f"{env} is invalid: {item['msg']}" + (f" (expected: {what})" if what else ""))
    return "Configuration error: " + "; ".join(lines)


S = TypeVar("S", bound=BaseSettings)


def load(settings_cls: type[S]) -> S:
    """Read settings, turning pydantic's report into one message that names each variable."""
    try:
        return settings_cls()
    except ValidationError as error:
        raise ConfigError(_describe(error, settings_cls)) from None
