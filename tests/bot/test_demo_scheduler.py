"""`shelcaster demo` runs the scheduler's jobs as `serve` does, at demo speed: its watchdog can be watched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_demo_runs_the_watchdog_and_a_forgotten_channel_is_warned_about(tmp_path: Path) -> None:
    script = tmp_path / "forgotten.txt"
    script.write_text(
        "\n".join(
            [
                "/shelcaster new Forgotten Demo",
                "wait for Go live",
                "click Go live",
                "wait for Nothing arrives from host's encoder",  # nobody pushes video in the demo
                "wait for Watchdog warning",  # nobody pushes video in the demo
                "expect no video has reached it",
            ]
        )
    )
    faster = {  # the demo's own policy is a minute; the test's a few seconds
        "SHELCASTER_WATCHDOG__IDLE_MINUTES": "0.05",
        "SHELCASTER_WATCHDOG__SWEEP_SECONDS": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.entry.cli", "demo", "--script", str(script)],
        env={**os.environ, **faster},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
