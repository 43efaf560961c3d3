"""How long the sandbox's simulated AWS transitions take."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class SandboxTimings:
    """Seconds of each MediaLive transition; short by default so local runs feel snappy."""

    create: float = 0.3  # CREATING -> IDLE
    start: float = 2.0  # STARTING -> RUNNING
    stop: float = 1.0  # STOPPING -> IDLE
    update: float = 0.3  # UPDATING -> IDLE
    delete: float = 0.3  # DELETING -> DELETED
    segment: float = 1.0  # HLS segment cadence (and EXTINF) while RUNNING
    ivs_reconnect: float = 1.0  # after ivs.StopStream, the RTMP output reconnects after this
    deleted_visible: float = 60.0  # deleted channels/inputs describe as DELETED this long, then 404
    # An RTMP output's retries expire after ConnectionRetryInterval x NumRetries seconds, times this
    # (shrink it so tests need not wait out real retry intervals).
    rtmp_retry_scale: float = 1.0
    file_seconds: float = 3.0  # how long a file input (MP4_FILE) plays before it ends
    schedule_retention: float = 3600.0  # schedule actions that started longer ago than this are dropped

    @classmethod
    def realistic(cls) -> SandboxTimings:
        """Transitions about as long as on AWS, for demos; tests keep the fast defaults.

        MediaLive UG "Starting, stopping, and pausing a channel": "Most channels start in 3 minutes or less,
        but a startup time up to 10 minutes is still normal." The other figures are typical, not documented.
        """
        return cls(create=20.0, start=120.0, stop=30.0, update=15.0, delete=20.0, segment=6.0, ivs_reconnect=2.0)

    def to_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    def merged(self, changes: dict[str, Any]) -> SandboxTimings:
        """A copy with some fields replaced; rejects unknown names and negative values."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown timing field(s): {', '.join(unknown)}")
        values = self.to_dict()
        for name, value in changes.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"timing {name!r} must be a non-negative number")
            values[name] = float(value)
        if values["segment"] <= 0:
            raise ValueError("timing 'segment' must be positive")
        return SandboxTimings(**values)
