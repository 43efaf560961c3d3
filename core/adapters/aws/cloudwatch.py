"""CloudWatch adapter: when each MediaLive channel last received video, in as few calls as AWS allows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.adapters.aws.errors import aws_call

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient

NAMESPACE = "AWS/MediaLive"
FRAME_RATE = "InputVideoFrameRate"
QUERIES_PER_CALL = 500  # GetMetricData's limit


def _chunks(items: list[tuple[str, str, int]], size: int) -> Iterator[list[tuple[str, str, int]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class InputMetrics:
    def __init__(self, client: CloudWatchClient, *, period_seconds: int) -> None:
        self._client = client
        self._period = period_seconds

    def last_input(self, pipelines: Mapping[str, int], *, start: datetime, end: datetime) -> dict[str, datetime | None]:
        """For each channel id (with its running pipeline count): when video last arrived in [start, end].

        None means no frames at all in the window: the metric is absent (nothing since the channel
        started) or zero. A pipeline with frames counts for the channel: redundant pipelines share input.
        """
        queries = [(f"q{n}", channel_id, pipeline) for n, (channel_id, pipeline) in enumerate(_pairs(pipelines))]
        last: dict[str, datetime | None] = dict.fromkeys(pipelines)
        period = timedelta(seconds=self._period)
        for chunk in _chunks(queries, QUERIES_PER_CALL):
            owner = {query_id: channel_id for query_id, channel_id, _ in chunk}
            for query_id, stamp in self._frames(chunk, start=start, end=end):
                seen = min(stamp + period, end)  # frames arrived somewhere inside that period
                channel_id = owner[query_id]
                previous = last[channel_id]
                last[channel_id] = seen if previous is None else max(previous, seen)
        return last

    def frame_rate(self, channel_id: str, *, start: datetime, end: datetime) -> float | None:
        """The latest InputVideoFrameRate above zero of a single-pipeline channel in [start, end], or None."""
        with aws_call("read the channel's input frame rate"):
            for result in self._results([("rate", channel_id, 0)], start=start, end=end):
                return next((float(v) for v in result.get("Values", []) if v > 0), None)
        return None

    def _frames(
        self, chunk: list[tuple[str, str, int]], *, start: datetime, end: datetime
    ) -> Iterator[tuple[str, datetime]]:
        """(query id, period start) of every period with frames, over every page of one batch."""
        with aws_call("read the channels' input metrics"):
            for result in self._results(chunk, start=start, end=end):
                for stamp, value in zip(result.get("Timestamps", []), result.get("Values", []), strict=False):
                    if value > 0:
                        yield str(result["Id"]), stamp

    def _results(
        self, queries: list[tuple[str, str, int]], *, start: datetime, end: datetime
    ) -> Iterator[Mapping[str, Any]]:
        """Every MetricDataResult of one GetMetricData batch (query id, channel id, pipeline), over its pages."""
        request: dict[str, Any] = {
            "MetricDataQueries": [
                self._query(query_id, channel_id, pipeline) for query_id, channel_id, pipeline in queries
            ],
            "StartTime": start,
            "EndTime": end,
            "ScanBy": "TimestampDescending",
        }
        for page in self._client.get_paginator("get_metric_data").paginate(**request):
            yield from page.get("MetricDataResults", [])

    def _query(self, query_id: str, channel_id: str, pipeline: int) -> dict[str, Any]:
        return {
            "Id": query_id,
            "MetricStat": {
                "Metric": {
                    "Namespace": NAMESPACE,
                    "MetricName": FRAME_RATE,
                    "Dimensions": [
                        {"Name": "ChannelId", "Value": channel_id},
                        {"Name": "Pipeline", "Value": str(pipeline)},
                    ],
                },
                "Period": self._period,
                "Stat": "Maximum",
            },
            "ReturnData": True,
        }


def _pairs(pipelines: Mapping[str, int]) -> Iterator[tuple[str, int]]:
    for channel_id, count in pipelines.items():
        for pipeline in range(max(1, count)):
            yield channel_id, pipeline
