"""The background ticker: while channels run, it writes HLS segments, CloudWatch metrics and alerts.

All bookkeeping happens under the shared lock; S3 and CloudWatch writes happen outside it, so request
handling never waits on them. This thread is the only one that appends segments, so writing from a
target's segment list after releasing the lock is safe.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from . import rtmp_retries
from .alerts import clear_alert, raise_alert
from .events import EventFeed
from .ivs_state import IvsState
from .medialive_state import ACCOUNT_ID, Channel, MediaLiveState, Run
from .segments import S3Writer, Segment

log = logging.getLogger(__name__)

FRAME_RATE = 29.97
NETWORK_IN_MBPS = 4.5
_NO_INPUT_ALERT = "RTMP Has No Audio/Video"


@dataclass
class _Job:
    run: Run
    new: list[Segment]
    ended: bool


class Worker:
    def __init__(self, ml: MediaLiveState, ivs: IvsState) -> None:
        self._ml = ml
        self._ivs = ivs
        self._writer = S3Writer(ACCOUNT_ID)
        self.events = EventFeed(ml, ivs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def skipped_buckets(self) -> set[str]:
        return self._writer.skipped_buckets

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="aws-sandbox-ticker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.wait(min(0.05, self._ml.timings().segment / 4)):
            try:
                self.tick()
            except Exception:
                log.exception("sandbox ticker failed; continuing")

    def tick(self) -> None:
        ml = self._ml
        jobs: list[_Job] = []
        metrics: list[dict[str, Any]] = []
        with ml.lock:
            now = time.time()
            ml.settle_all(now)
            rtmp_retries.evaluate(self._ivs, now)
            length = ml.timings().segment
            for channel in ml.channels.values():
                if channel.run is None:
                    continue
                new = channel.run.advance(now, length)
                if new:
                    jobs.append(_Job(channel.run, new, ended=False))
                    metrics.extend(self._observe(channel, channel.run, now))
            for run in ml.ended_runs:
                jobs.append(_Job(run, run.advance(now, length), ended=True))
            ml.ended_runs.clear()
            self.events.observe(now)
        for job in jobs:
            for target in job.run.targets:
                self._writer.write(target, job.new, job.ended, job.run.channel_id)
        if metrics:
            self._publish(metrics)

    def _observe(self, channel: Channel, run: Run, now: float) -> list[dict[str, Any]]:
        """Metric data for one tick of a running channel; also raises and clears its input-loss alert."""
        connected = self._ml.input_arriving(channel, now)
        if connected:
            run.seen_input = True
        self._update_alerts(channel, connected, now)
        data = []
        for pipeline in range(run.pipelines):
            dims = [{"Name": "ChannelId", "Value": channel.id}, {"Name": "Pipeline", "Value": str(pipeline)}]
            if run.seen_input:
                rate = FRAME_RATE if connected else 0.0
                data.append({"MetricName": "InputVideoFrameRate", "Dimensions": dims, "Value": rate, "Unit": "None"})
            network = NETWORK_IN_MBPS if connected else 0.0
            data.append({"MetricName": "NetworkIn", "Dimensions": dims, "Value": network, "Unit": "Megabits"})
        return data

    def _update_alerts(self, channel: Channel, connected: bool | None, now: float) -> None:
        if connected is False:
            raise_alert(channel, _NO_INPUT_ALERT, "No audio or video is arriving on the RTMP input", now)
        elif connected:
            clear_alert(channel, _NO_INPUT_ALERT, now)

    def _publish(self, data: list[dict[str, Any]]) -> None:
        from moto.cloudwatch.models import cloudwatch_backends

        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # moto keeps naive UTC datetimes
        for datum in data:
            datum["Timestamp"] = stamp
        cloudwatch_backends[ACCOUNT_ID][self._ml.region].put_metric_data("AWS/MediaLive", data)
