"""EventBridge as the sandbox plays it: the MediaLive and IVS events AWS sends, in the shapes of AWS's examples.

Each ticker pass compares what it sees now with the last pass and emits an event per change: a channel's state
("MediaLive Channel State Change", MediaLive UG "JSON for a state change event"), an alert set or cleared
("MediaLive Channel Alert", UG "JSON for an alert event"), an IVS stream starting or ending ("IVS Stream State
Change") or starving ("IVS Stream Health Change", IVS user guide "Using Amazon EventBridge"). Events go to each
subscribed sink on a thread of their own, as EventBridge invokes its targets asynchronously.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import uuid
from collections.abc import Callable
from typing import Any

from .ivs_state import IvsState
from .medialive_state import ACCOUNT_ID, MediaLiveState

log = logging.getLogger(__name__)

Event = dict[str, Any]
Sink = Callable[[Event], object]


class EventFeed:
    def __init__(self, ml: MediaLiveState, ivs: IvsState) -> None:
        self._ml = ml
        self._ivs = ivs
        self._states: dict[str, str] = {}
        self._alerts: dict[str, str] = {}  # alert id -> state
        self._streams: dict[str, str | None] = {}  # IVS channel ARN -> health while live, None when not
        self._sinks: list[Sink] = []
        self._queue: queue.Queue[Event] = queue.Queue()
        self._thread: threading.Thread | None = None

    def subscribe(self, sink: Sink) -> None:
        self._sinks.append(sink)
        if self._thread is None:
            self._thread = threading.Thread(target=self._deliver, name="aws-sandbox-events", daemon=True)
            self._thread.start()

    def unsubscribe(self, sink: Sink) -> None:
        if sink in self._sinks:
            self._sinks.remove(sink)

    def observe(self, now: float) -> None:
        """Queue an event for every change since the last call; call under the sandbox's lock."""
        if not self._sinks:
            return
        for event in [*self._medialive_changes(), *self._ivs_changes(now)]:
            self._queue.put(event)

    def _medialive_changes(self) -> list[Event]:
        events = []
        for channel in self._ml.channels.values():
            if self._states.get(channel.id) != channel.state:
                self._states[channel.id] = channel.state
                running = channel.pipelines if channel.state == "RUNNING" else 0
                detail = {
                    "channel_arn": channel.arn,
                    "state": channel.state,
                    "message": f"Channel is {channel.state.lower()}",
                    "pipelines_running_count": running,
                }
                events.append(self._event("aws.medialive", "MediaLive Channel State Change", channel.arn, detail))
            for alert in channel.alerts:
                if self._alerts.get(alert["Id"]) == alert["State"]:
                    continue
                self._alerts[alert["Id"]] = alert["State"]
                detail = {
                    "alarm_state": alert["State"],
                    "alarm_id": alert["Id"],
                    "alert_type": alert["AlertType"],
                    "pipeline": alert["PipelineId"],
                    "channel_arn": channel.arn,
                    "message": alert["Message"],
                }
                events.append(self._event("aws.medialive", "MediaLive Channel Alert", channel.arn, detail))
        return events

    def _ivs_changes(self, now: float) -> list[Event]:
        events = []
        for channel in self._ivs.channels.values():
            stream = self._ivs.stream(channel, now)
            health = None if stream is None else str(stream["health"])
            before = self._streams.get(channel.arn, None)
            was_live = channel.arn in self._streams and before is not None
            self._streams[channel.arn] = health
            base = {"channel_name": channel.settings.get("name", ""), "stream_id": stream["streamId"] if stream else ""}
            if (health is not None) != was_live:
                name = "Stream Start" if health is not None else "Stream End"
                events.append(
                    self._event("aws.ivs", "IVS Stream State Change", channel.arn, {"event_name": name, **base})
                )
            if health is not None and (health == "STARVING") != (before == "STARVING"):
                name = "Starvation Start" if health == "STARVING" else "Starvation End"
                events.append(
                    self._event("aws.ivs", "IVS Stream Health Change", channel.arn, {"event_name": name, **base})
                )
        return events

    def _event(self, source: str, detail_type: str, arn: str, detail: dict[str, Any]) -> Event:
        return {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": detail_type,
            "source": source,
            "account": ACCOUNT_ID,
            "time": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": self._ml.region,
            "resources": [arn],
            "detail": detail,
        }

    def _deliver(self) -> None:
        while True:
            event = self._queue.get()
            for sink in list(self._sinks):
                try:
                    sink(event)
                except Exception:
                    log.exception("an event sink failed on %s", event["detail-type"])
