"""The processes a benchmark runs apart from itself: the sandbox (as AWS and Slack are remote), `shelcaster serve`,
the minimal Bolt app; their readiness and their memory summed over the process tree."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def sandbox_process() -> Iterator[dict[str, str]]:
    """The sandbox in its own process: its CPU is not the bot's. Yields the environment a bot needs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.entry.cli", "sandbox", "--aws-port", "0", "--slack-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # its notes for a person
        text=True,
    )
    assert process.stdout
    env: dict[str, str] = {}
    for line in process.stdout:
        if line.strip() == "ready":
            break
        key, _, value = line.strip().removeprefix("export ").partition("=")
        if key.isupper():  # `export NAME=value` lines, the value quoted for a shell
            env[key] = shlex.split(value)[0] if value else ""
    try:
        yield env
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_ready(port: int, *, limit: float = 30.0) -> float | None:
    """Seconds until /healthz first answers 200, or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.01)
    return None


@contextmanager
def serving(argv: Sequence[str], *, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server process, wait for its /healthz, stop it afterwards. Its log goes to a file (a pipe
    nobody reads would fill up and stall it)."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, *argv], env={**os.environ, **env, "SHELCASTER_LOG_LEVEL": "WARNING"}, stderr=log
        )
        try:
            if wait_ready(port) is None:
                process.kill()
                process.wait(timeout=10)
                log.seek(0)
                raise SystemExit(f"{' '.join(argv)} never became ready:\n{log.read().decode()[-2000:]}")
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def serve_argv(port: int) -> list[str]:
    return ["-m", "bot.entry.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                out += [int(child) for child in listing.read().split()]
    except OSError:  # the process ended meanwhile
        pass
    return out


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its descendants (shared pages counted in each: an upper bound)."""
    total = 0
    for member in tree(pid):
        try:
            with open(f"/proc/{member}/status", encoding="ascii") as status:
                total += next(int(x.split()[1]) for x in status if x.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the process and its descendants."""
    ticks = 0
    for member in tree(pid):
        try:
            with open(f"/proc/{member}/stat", encoding="ascii") as stat:
                fields = stat.read().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pids: Sequence[int], *, limit: float = 30.0) -> None:
    """Until the processes use under 5% of a CPU: the bot's pool has finished the last measurement's work, so it
    does not run during the next one (its own or the other app's)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(0.5)
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.025:
            return


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
