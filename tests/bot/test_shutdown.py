"""SIGTERM: `shelcaster serve` stops taking work, frees the scheduler lease and exits within its grace."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from core.watchdog.lease import scheduler_lease
from tests.bot.conftest import BotWorld


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sigterm_releases_the_lease_and_exits_cleanly(world: BotWorld) -> None:
    port = _port()
    env = {**os.environ, "SHELCASTER_DEPLOYMENT": "shutdown-test", "SHELCASTER_LOG_LEVEL": "WARNING"}
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
                    healthy = b'"scheduler": "held"' in response.read()
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        assert healthy
        store = world.runtime.store
        assert store.lease_holder(scheduler_lease("shutdown-test")) is not None
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert store.lease_holder(scheduler_lease("shutdown-test")) is None
    finally:
        if process.poll() is None:
            process.kill()
