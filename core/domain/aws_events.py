"""EventBridge events from MediaLive and IVS, read as a wake-up: which channel changed (pure).

The event's own fields are not applied: AWS delivers these events on a best-effort basis, possibly late or out of
order (IVS user guide, "Using Amazon EventBridge with IVS Low-Latency Streaming"; MediaLive events, EventBridge
reference: "Delivery type: Best effort"), so the show is re-read from AWS, the authority, when one arrives.

Shapes, from AWS's documented examples:
- MediaLive UG "JSON for a state change event": detail-type "MediaLive Channel State Change", source
  "aws.medialive", detail {channel_arn, state, message, pipelines_running_count}.
- MediaLive UG "JSON for an alert event": detail-type "MediaLive Channel Alert", detail {alarm_state (SET or
  CLEARED), alarm_id, alert_type, pipeline, channel_arn, message}.
- IVS user guide (EventBridge): detail-type "IVS Stream State Change" (event_name "Stream Start", "Stream End",
  "Stream Failure", "Session Created", "Session Ended") and "IVS Stream Health Change" ("Starvation Start",
  "Starvation End"); source "aws.ivs", resources [the channel ARN], detail {event_name, channel_name, stream_id}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MEDIALIVE_STATE = "MediaLive Channel State Change"
MEDIALIVE_ALERT = "MediaLive Channel Alert"
IVS_STATE = "IVS Stream State Change"
IVS_HEALTH = "IVS Stream Health Change"
DETAIL_TYPES = {"aws.medialive": (MEDIALIVE_STATE, MEDIALIVE_ALERT), "aws.ivs": (IVS_STATE, IVS_HEALTH)}


@dataclass(frozen=True)
class Wakeup:
    """Which show's AWS resource an event is about: a MediaLive channel id or an IVS channel ARN."""

    detail_type: str
    medialive_channel_id: str | None = None
    ivs_channel_arn: str | None = None


def wakeup(event: Mapping[str, Any]) -> Wakeup | None:
    """The channel an event names; None for an event of another kind (the rules match only these)."""
    source, detail_type = event.get("source"), event.get("detail-type")
    if detail_type not in DETAIL_TYPES.get(str(source), ()):
        return None
    detail = event.get("detail") or {}
    resources = [str(r) for r in event.get("resources") or []]
    if source == "aws.medialive":
        arn = str(detail.get("channel_arn") or next(iter(resources), ""))
        channel_id = arn.rsplit(":", 1)[-1] if ":channel:" in arn else ""
        return Wakeup(str(detail_type), medialive_channel_id=channel_id) if channel_id else None
    arn = next((r for r in resources if ":channel/" in r), "")
    return Wakeup(str(detail_type), ivs_channel_arn=arn) if arn else None
