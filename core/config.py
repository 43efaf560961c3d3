"""Settings read from the environment (`SHELCASTER_*` and the standard `AWS_*`)."""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import AliasChoices, BaseModel, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError


class Rates(BaseModel):
    """Hourly prices in USD. Defaults are the reference figures; real prices vary by region and spec."""

    medialive_running: float = 2.55
    ivs_live: float = 2.52
    s3_recording: float = 0.05
    medialive_idle: float = 0.01
    minimum_billed_minutes: int = 10


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
    wait_timeout_seconds: float = Field(default=600.0, gt=0)
    rates: Rates = Rates()

    aws_region: str = Field(default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION"))
    aws_endpoint_url: str | None = Field(default=None, validation_alias=AliasChoices("AWS_ENDPOINT_URL"))


def _describe(error: ValidationError, settings_cls: type[BaseSettings]) -> str:
    """One line per bad variable: its env name and what it expects."""
    prefix = settings_cls.model_config.get("env_prefix", "")
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        info = settings_cls.model_fields.get(field)
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
