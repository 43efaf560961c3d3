"""Ack latency of `/shelcaster live` over HTTP with signature checks, next to a minimal Bolt app that only acks.

Both apps run in this process on the same threaded WSGI server, measured in the same run, so the ratio
is meaningful on a shared, noisy machine. Target: p99 under 100 ms at 20 concurrent, within 1.5x of minimal.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.entry.config import BotSettings
from bot.entry.http import make_http_server
from bot.entry.logs import configure_logging
from bot.entry.runtime import build_runtime
from core.config import load
from sandbox.stack import BOT_TOKEN, SIGNING_SECRET

REQUESTS = 300


def _request(url: str, text: str, response_url: str) -> urllib.request.Request:
    body = urllib.parse.urlencode(
        {
            "token": "x",
            "team_id": "T0SANDBOX",
            "channel_id": "C0MORNING",
            "channel_name": "morning-show",
            "user_id": "U0HOST",
            "user_name": "host",
            "command": "/shelcaster",
            "text": text,
            "trigger_id": uuid.uuid4().hex,
            "response_url": response_url,
        }
    )
    ts = str(int(time.time()))
    signature = hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={signature}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")


def _timed(request: urllib.request.Request) -> float:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{request.full_url} answered {error.code}: {error.read()[:200]!r}") from None
    return (time.perf_counter() - start) * 1000


def measure(make: Callable[[], urllib.request.Request], *, clients: int, count: int = REQUESTS) -> list[float]:
    requests = [make() for _ in range(count)]
    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(_timed, requests))


def _minimal_app(api_url: str) -> App:
    app = App(signing_secret=SIGNING_SECRET, client=WebClient(token=BOT_TOKEN, base_url=api_url))

    @app.command("/shelcaster")
    def ack_only(ack: Ack) -> None:
        ack()

    return app


def _serve(app: App) -> tuple[str, Callable[[], None]]:
    server = make_http_server(app, lambda: {"ok": True}, host="127.0.0.1", port=0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/slack/events", server.shutdown


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@contextmanager
def sandbox_process() -> Iterator[dict[str, str]]:
    """The sandbox in its own process, as AWS and Slack are remote: their CPU is not the bot's."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.entry.cli", "sandbox", "--aws-port", "0", "--slack-port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout
    env: dict[str, str] = {}
    for line in process.stdout:
        if line.strip() == "ready":
            break
        key, _, value = line.strip().partition("=")
        env[key] = value
    try:
        yield env
    finally:
        process.terminate()
        process.wait(timeout=10)


def run() -> list[dict[str, Any]]:
    configure_logging("CRITICAL")
    rows: list[dict[str, Any]] = []
    with sandbox_process() as env:
        os.environ.update(env)
        bot_url, stop_bot = _serve(build_runtime(load(BotSettings)).app)
        minimal_url, stop_minimal = _serve(_minimal_app(env["SLACK_API_URL"]))
        response_url = env["SLACK_API_URL"].replace("/api/", "/response/none")
        _timed(_request(bot_url, "live", response_url))  # sets the show up and starts it; later ones are no-ops
        try:
            for clients in (1, 20):
                for name, url in (("shelcaster live", bot_url), ("minimal ack", minimal_url)):
                    measure(lambda u=url: _request(u, "live", response_url), clients=clients, count=30)  # warm up
                    latencies = measure(lambda u=url: _request(u, "live", response_url), clients=clients)
                    rows.append(
                        {
                            "app": name,
                            "clients": clients,
                            "p50_ms": statistics.median(latencies),
                            "p99_ms": percentile(latencies, 99),
                        }
                    )
        finally:
            stop_bot()
            stop_minimal()
    return rows


def main() -> None:
    rows = run()
    print(f"{'ack latency':<18}{'clients':>8}{'p50 ms':>10}{'p99 ms':>10}")
    for row in rows:
        print(f"{row['app']:<18}{row['clients']:>8}{row['p50_ms']:>10.1f}{row['p99_ms']:>10.1f}")
    for clients in (1, 20):
        ours, base = (
            next(r for r in rows if r["app"] == a and r["clients"] == clients)
            for a in ("shelcaster live", "minimal ack")
        )
        print(f"p99 ratio at {clients} client(s): {ours['p99_ms'] / base['p99_ms']:.2f}x of the minimal app")


if __name__ == "__main__":
    main()
