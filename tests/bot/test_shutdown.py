"""SIGTERM: `shelcaster serve` (HTTP or Socket Mode) stops taking work, frees the scheduler lease and exits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from core.watchdog.lease import scheduler_lease
from sandbox.stack import APP_TOKEN
from tests.bot.conftest import BotWorld


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("mode", "extra", "ready"),
    [
        pytest.param("http", {}, b'"scheduler": "held"', id="http"),
        pytest.param("socket", {"SLACK_APP_TOKEN": APP_TOKEN}, b'"socket": "ok"', id="socket-mode"),
    ],
)
def test_sigterm_releases_the_lease_and_exits_cleanly(
    world: BotWorld, mode: str, extra: dict[str, str], ready: bytes
) -> None:
    port = _port()
    deployment = f"shutdown-{mode}"
    env = {**os.environ, "SHELCASTER_DEPLOYMENT": deployment, "SHELCASTER_LOG_LEVEL": "WARNING", **extra}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.entry.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        healthy = False
        while time.monotonic() < deadline and not healthy:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    answer = response.read()
                    healthy = ready in answer and b'"scheduler": "held"' in answer
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        assert healthy
        store = world.runtime.store
        assert store.lease_holder(scheduler_lease(deployment)) is not None
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert time.monotonic() - signalled < 5  # ~0.2 s on an idle machine (make bench); CI machines are shared
        assert store.lease_holder(scheduler_lease(deployment)) is None
    finally:
        if process.poll() is None:
            process.kill()
