"""What every step of a check run works with: the product's services, the check's reads, and the run's ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.acceptance.settings import CheckSettings
from core.adapters.aws.account_check import AccountCheckAws
from core.adapters.aws.medialive import ChannelFacts
from core.clock import Clock
from core.composition import CoreServices
from core.config import CoreSettings
from core.domain.session import Session
from core.errors import ShelcasterError
from core.ports import InputMetricsPort, IvsPort, MediaLivePort, ObjectStorePort, Waits

T = TypeVar("T")
ACTOR = "shelcaster check-aws"  # who the check's show records as acting


class StepFailed(ShelcasterError):
    """AWS did not do what the step needs for the steps after it (the message says what)."""


@dataclass(frozen=True)
class Measured:
    """What one step saw: lines for the report, its headline time, and the facts it settles."""

    found: list[str] = field(default_factory=list)
    seconds: float | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RunContext:
    run_id: str
    settings: CoreSettings  # the deployment's, with the check's short RTMP retry budget
    check: CheckSettings
    core: CoreServices
    aws: AccountCheckAws
    objects: ObjectStorePort
    metrics: InputMetricsPort
    clock: Clock
    waits: Waits

    @property
    def session_id(self) -> str:
        return self.run_id  # the check plays one show, whose id is the run id

    def session(self) -> Session:
        return self.core.store.require(self.session_id)

    def channel_id(self) -> str:
        channel_id = self.session().resources.channel_id
        if not channel_id:
            raise StepFailed("The check's show has no MediaLive channel.")
        return channel_id

    def channel(self) -> ChannelFacts | None:
        medialive: MediaLivePort = self.core.medialive
        return medialive.describe_channel(self.channel_id())

    def ivs_live(self) -> bool:
        """Whether IVS reports the show's stream LIVE (GetStream), whatever the bot wants."""
        ivs: IvsPort = self.core.ivs
        return ivs.is_live(self.session().resources.ivs_channel_arn or "")

    def since(self, start: float) -> float:
        return round(self.waits.monotonic() - start, 1)

    def wait_for(self, check: Callable[[], T | None], *, timeout: float) -> tuple[T, float] | None:
        """Poll `check` until it gives something truthy: (that, seconds waited); None after `timeout`."""
        start = self.waits.monotonic()
        while True:
            value = check()
            if value:
                return value, self.since(start)
            if self.waits.monotonic() - start > timeout:
                return None
            self.waits.sleep(self.settings.poll_seconds)
