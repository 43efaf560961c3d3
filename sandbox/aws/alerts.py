"""Channel alerts (ListAlerts): raised per pipeline while a condition holds, cleared when it ends.

AWS does not document the alert type names for most conditions; each caller names its own and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .medialive_state import Channel


def active(channel: Channel, alert_type: str, pipeline: int | None = None) -> list[dict[str, Any]]:
    """The SET alerts of one type (of one pipeline, if given)."""
    return [
        a
        for a in channel.alerts
        if a["State"] == "SET" and a["AlertType"] == alert_type and pipeline in (None, int(a["PipelineId"]))
    ]


def raise_alert(
    channel: Channel, alert_type: str, message: str, now: float, pipelines: list[int] | None = None
) -> None:
    """Set an alert on each pipeline (all of the channel's by default) that does not already have it SET."""
    for pipeline in range(channel.pipelines) if pipelines is None else pipelines:
        if active(channel, alert_type, pipeline):
            continue
        channel.alerts.append(
            {
                "Id": f"{channel.id}-{len(channel.alerts) + 1}",
                "AlertType": alert_type,
                "Message": message,
                "PipelineId": str(pipeline),
                "SetTimestamp": now,
                "State": "SET",
            }
        )


def clear_alert(channel: Channel, alert_type: str, now: float, pipeline: int | None = None) -> None:
    for alert in active(channel, alert_type, pipeline):
        alert.update(State="CLEARED", ClearedTimestamp=now)
