"""The sandbox's EventBridge: MediaLive state and alert events in the shapes of AWS's documented examples."""

from __future__ import annotations

from typing import Any

EXAMPLE_KEYS = {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}


def test_a_start_and_an_encoder_that_never_connects_are_told_as_state_and_alert_events(aws, sandbox, until):
    seen: list[dict[str, Any]] = []
    sandbox.subscribe_events(seen.append)
    try:
        item = aws.push_input(1)
        channel = aws.channel([item])
        arn = channel["Arn"]
        aws.running(channel["Id"])

        def of(detail_type: str) -> list[dict[str, Any]]:
            return [e for e in seen if e["detail-type"] == detail_type and e["resources"] == [arn]]

        until(lambda: any(e["detail"]["state"] == "RUNNING" for e in of("MediaLive Channel State Change")))
        until(lambda: of("MediaLive Channel Alert"))
        state = next(e for e in of("MediaLive Channel State Change") if e["detail"]["state"] == "RUNNING")
        assert set(state) == EXAMPLE_KEYS and state["source"] == "aws.medialive"
        assert set(state["detail"]) == {"channel_arn", "state", "message", "pipelines_running_count"}
        alert = of("MediaLive Channel Alert")[0]["detail"]
        assert set(alert) == {"alarm_state", "alarm_id", "alert_type", "pipeline", "channel_arn", "message"}
        assert alert["alarm_state"] == "SET"
        sandbox.connect_encoder(item["Id"])
        until(lambda: any(e["detail"]["alarm_state"] == "CLEARED" for e in of("MediaLive Channel Alert")))
    finally:
        sandbox.unsubscribe_events(seen.append)
