"""Opt-in timing headers: each response says how long it waited behind other requests and how long it was served."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3

from bench.call_timeline import recording
from sandbox.aws import AwsSandbox
from sandbox.aws.serve_timing import ARRIVED, QUEUED_HEADER, SERVED_HEADER, OneAtATime


def _client(sandbox: AwsSandbox, service: str) -> Any:
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    return session.client(service, endpoint_url=sandbox.url)  # type: ignore[call-overload]


def test_headers_appear_only_when_asked_for_and_are_seen_by_the_client() -> None:
    with AwsSandbox() as plain, AwsSandbox(timing_headers=True) as timed:
        plain_headers = _client(plain, "medialive").list_channels()["ResponseMetadata"]["HTTPHeaders"]
        medialive, ssm = _client(timed, "medialive"), _client(timed, "ssm")
        with recording((medialive, ssm)) as calls:
            headers = medialive.list_channels()["ResponseMetadata"]["HTTPHeaders"]
            ssm.describe_parameters()  # moto's services get them too
    assert QUEUED_HEADER not in plain_headers and SERVED_HEADER not in plain_headers
    assert float(headers[QUEUED_HEADER]) >= 0 and float(headers[SERVED_HEADER]) >= 0
    assert [c.operation for c in calls] == ["medialive.ListChannels", "ssm.DescribeParameters"]
    assert all(c.end - c.start >= c.served for c in calls)


def test_a_request_arriving_while_another_is_served_is_queued_until_it_is_done() -> None:
    now = [0.0]
    serving, release = threading.Event(), threading.Event()

    def app(environ: dict[str, Any], start: Any) -> list[bytes]:
        if environ[ARRIVED] == 0.0:
            serving.set()
            release.wait(5)
        start("200 OK", [])
        return [b""]

    wrapped = OneAtATime(app, clock=lambda: now[0])
    seen: dict[float, dict[str, str]] = {}

    def call(arrived: float) -> None:
        wrapped({ARRIVED: arrived}, lambda status, headers: seen.__setitem__(arrived, dict(headers)))

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(call, 0.0)
        serving.wait(5)
        second = pool.submit(call, 1.0)  # arrives at 1.0, while the first is served
        now[0] = 5.0
        release.set()
        first.result(), second.result()
    assert seen[0.0] == {QUEUED_HEADER: "0.000000", SERVED_HEADER: "5.000000"}
    assert seen[1.0] == {QUEUED_HEADER: "4.000000", SERVED_HEADER: "0.000000"}
