"""`shelcaster sandbox`: `export` lines a shell can source, the same ids on every run, and a console in its own
terminal that plays Slack for a `shelcaster serve` started from those lines."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _sandbox(*extra: str) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.entry.cli", "sandbox", "--aws-port", "0", "--slack-port", "0", *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout
    lines = []
    for line in process.stdout:
        if line.strip() == "ready":
            break
        lines.append(line.rstrip("\n"))
    try:
        yield process, lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sourced(lines: list[str], tmp_path: Path) -> dict[str, str]:
    """What a shell has after sourcing the lines (so they must be valid shell)."""
    env_file = tmp_path / "sandbox.env"
    env_file.write_text("\n".join(lines) + "\n")
    out = subprocess.run(
        ["bash", "-c", f"set -a; . {env_file}; set +a; env"], capture_output=True, text=True, check=True, env={}
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def test_the_sandbox_prints_export_lines_with_the_same_ids_on_every_run(tmp_path: Path) -> None:
    runs = []
    for _ in range(2):
        with _sandbox() as (_, lines):
            assert lines and all(line.startswith("export ") for line in lines)
            runs.append(_sourced(lines, tmp_path))
    first, second = runs
    for name in ("SHELCASTER_INPUT_SECURITY_GROUP_ID", "SHELCASTER_MEDIALIVE_ROLE_ARN", "SHELCASTER_RECORDINGS_BUCKET"):
        assert first[name] and first[name] == second[name]


def test_the_console_plays_slack_for_a_serve_started_from_those_lines(tmp_path: Path) -> None:
    port = _port()
    url = f"http://127.0.0.1:{port}/slack/events"
    with _sandbox("--console", "--bot-url", url) as (sandbox, lines):
        env = {**os.environ, **_sourced(lines, tmp_path), "SHELCASTER_LOG_LEVEL": "WARNING"}
        serve = subprocess.Popen(
            [sys.executable, "-m", "bot.entry.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        try:
            time.sleep(0.5)
            assert sandbox.stdin
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and serve.poll() is None:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            out, err = sandbox.communicate("/shelcaster help\nquit\n", timeout=60)
        finally:
            serve.terminate()
            serve.wait(timeout=20)
    assert "Commands:" in out and "record stop" in out, out[-2000:]
    assert "this terminal plays Slack for that bot" in err
