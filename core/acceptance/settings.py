"""How long the check waits for each thing it measures. The defaults fit real AWS; the tests shrink them."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.config import CoreSettings
from core.domain.encodes import RETRY_INTERVAL_SECONDS, retry_count


class CheckSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHELCASTER_CHECK_", extra="ignore")

    # A show's IVS output retries for SHELCASTER_RTMP_RETRY_HOURS (a day); the check's gives up after a minute,
    # so one run sees what MediaLive does when a revoked output's retries expire.
    retry_seconds: float = Field(default=60.0, gt=0, le=3600, description="the check's RTMP retry budget")
    take_seconds: float = Field(default=30.0, gt=0, description="length of the take the check cuts")
    live_timeout_seconds: float = Field(default=180.0, gt=0, description="wait for IVS to report LIVE")
    recording_timeout_seconds: float = Field(default=120.0, gt=0, description="wait for the first HLS segments")
    switch_timeout_seconds: float = Field(default=90.0, gt=0, description="wait for a switch to show on air")
    # CloudWatch publishes MediaLive's metrics with a delay of a few minutes.
    metrics_timeout_seconds: float = Field(default=300.0, gt=0, description="wait for the watchdog's metric")
    lease_seconds: float = Field(default=120.0, gt=0, description="how long a killed run keeps others out")


def run_settings(settings: CoreSettings, check: CheckSettings) -> CoreSettings:
    """The deployment's settings, with the check's short RTMP retry budget."""
    return settings.model_copy(update={"rtmp_retry_hours": check.retry_seconds / 3600.0})


def retry_budget_seconds(settings: CoreSettings) -> float:
    """How long MediaLive retries a failing RTMP output of a channel built with these settings."""
    return float(RETRY_INTERVAL_SECONDS * retry_count(settings.rtmp_retry_hours))
