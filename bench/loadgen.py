"""A load generator that costs the measured server little: asyncio sockets, one new connection per request (as
Slack's deliveries arrive), `clients` requests in flight at once. It runs in its own process, so its CPU is not
the bot's GIL; the latency is from connect to the last byte of the answer."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import statistics
import time
import urllib.parse
import uuid

from sandbox.stack import SIGNING_SECRET


def slash_request(host: str, port: int, *, text: str, response_url: str, channel: str = "C0MORNING") -> bytes:
    """The signed POST Slack sends for `/shelcaster <text>`, as raw HTTP/1.1 bytes."""
    body = urllib.parse.urlencode(
        {
            "token": "x",
            "team_id": "T0SANDBOX",
            "channel_id": channel,
            "channel_name": "morning-show",
            "user_id": "U0HOST",
            "user_name": "host",
            "command": "/shelcaster",
            "text": text,
            "trigger_id": uuid.uuid4().hex,
            "response_url": response_url,
        }
    ).encode()
    ts = str(int(time.time()))
    signature = hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        f"X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: v0={signature}\r\n\r\n"
    )
    return head.encode() + body


async def _one(host: str, port: int, raw: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next(
            (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")),
            None,
        )
        if length is None:
            await reader.read()
        else:
            await reader.readexactly(length)
        return (time.perf_counter() - started) * 1000, status
    finally:
        writer.close()


async def _run(host: str, port: int, requests: list[bytes], clients: int) -> list[tuple[float, int]]:
    queue = list(reversed(requests))
    results: list[tuple[float, int]] = []

    async def client() -> None:
        while queue:
            results.append(await _one(host, port, queue.pop()))

    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(clients))), timeout=300)
    return results


def measure(host: str, port: int, requests: list[bytes], *, clients: int) -> list[float]:
    """Latencies in ms of every request, `clients` at a time; any answer but 200 stops the run."""
    results = asyncio.run(_run(host, port, requests, clients))
    bad = [status for _, status in results if status != 200]
    if bad:
        raise SystemExit(f"{len(bad)} of {len(results)} requests were answered {sorted(set(bad))}")
    return [ms for ms, _ in results]


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]
