"""Which reading of behaviour AWS leaves undocumented the sandbox plays; each variant is a setting."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

RTMP_EXPIRY = ("channel_stops", "output_stops")


@dataclass(frozen=True)
class SandboxBehaviour:
    """Undocumented variants, defaulting to the one the MediaLive user guide's words suggest."""

    # When an RTMP output's retries expire on a channel with more outputs: the UG ("Fields for the RTMP
    # connection") says "this output stops. The channel stops because the single output has lost its
    # connection" -- "channel_stops" (the whole channel goes STOPPING -> IDLE) or "output_stops" (only that
    # output stops; the channel keeps RUNNING and recording).
    rtmp_expiry: str = "channel_stops"
    # Whether a successful reconnect gives a failing RTMP output its full NumRetries again (True), or the
    # failed time adds up over the run (False). Undocumented.
    rtmp_retries_reset_on_connect: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def merged(self, changes: dict[str, Any]) -> SandboxBehaviour:
        """A copy with some fields replaced; rejects unknown names and values of the wrong kind."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown behaviour field(s): {', '.join(unknown)}")
        values = {**self.to_dict(), **changes}
        if values["rtmp_expiry"] not in RTMP_EXPIRY:
            raise ValueError(f"behaviour 'rtmp_expiry' must be one of {', '.join(RTMP_EXPIRY)}")
        if not isinstance(values["rtmp_retries_reset_on_connect"], bool):
            raise ValueError("behaviour 'rtmp_retries_reset_on_connect' must be true or false")
        return SandboxBehaviour(**values)
