"""The RTMP outputs of a MediaLive channel spec, one link per output and pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

# The model documents no defaults for RtmpOutputSettings.ConnectionRetryInterval / NumRetries; the sandbox
# assumes these when a spec leaves them out.
DEFAULT_RETRY_INTERVAL = 2
DEFAULT_RETRIES = 10


@dataclass(frozen=True)
class RtmpLink:
    """One pipeline's connection of one RTMP output to its destination."""

    key: tuple[int, int, int]  # (output group, output, pipeline) indexes
    host: str
    stream: str
    retry_interval: int
    retries: int
    pause_on_input_loss: bool


def rtmp_links(spec: dict[str, Any]) -> list[RtmpLink]:
    """Every RTMP output of a MediaLive channel spec, per pipeline destination setting."""
    settings = {d.get("Id"): d.get("Settings") or [] for d in spec.get("Destinations", [])}
    found = []
    for g, group in enumerate(spec.get("EncoderSettings", {}).get("OutputGroups", [])):
        group_settings = group.get("OutputGroupSettings", {}).get("RtmpGroupSettings") or {}
        # RtmpGroupSettings.InputLossAction doc: "pauseOutput: Stop transmitting data until input returns.
        # This does not close the underlying RTMP connection." (emitOutput, the other, sends a slate.)
        pause = group_settings.get("InputLossAction") == "PAUSE_OUTPUT"
        for o, output in enumerate(group.get("Outputs", [])):
            rtmp = output.get("OutputSettings", {}).get("RtmpOutputSettings")
            if not rtmp:
                continue
            interval = int(rtmp.get("ConnectionRetryInterval", DEFAULT_RETRY_INTERVAL))
            retries = int(rtmp.get("NumRetries", DEFAULT_RETRIES))
            for p, item in enumerate(settings.get(rtmp.get("Destination", {}).get("DestinationRefId"), [])):
                host = (urlparse(str(item.get("Url", ""))).hostname or "").lower()
                stream = str(item.get("StreamName", ""))
                found.append(RtmpLink((g, o, p), host, stream, interval, retries, pause))
    return found


@dataclass
class LinkState:
    """How a link fares during one run: failing since when, failure time already spent, stopped for good."""

    failing_since: float | None = None
    spent: float = 0.0
    stopped: bool = False
