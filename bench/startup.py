"""Process start to ready, resident memory of `shelcaster serve`, and the Lambda handler's import time.

Each figure is measured next to its baseline in the same run: imports against importing just boto3 and
slack_bolt; serve's readiness is its first 200 from /healthz against a sandbox in another process.
Targets: handler import within 1.3x of the bare imports; serve ready in under 2 s; under 150 MB resident.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bench.ack_latency import sandbox_process

RUNS = 7


def _import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def import_times() -> dict[str, float]:
    bare, handler = [], []
    for _ in range(RUNS):  # interleaved, so machine noise hits both alike
        bare.append(_import_seconds("import boto3, slack_bolt"))
        handler.append(_import_seconds("import bot.entry.lambda_handler"))
    return {"bare_ms": statistics.median(bare) * 1000, "handler_ms": statistics.median(handler) * 1000}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def serve_figures() -> dict[str, float]:
    with sandbox_process() as env:
        port = _free_port()
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.entry.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, **env, "SHELCASTER_LOG_LEVEL": "WARNING"},
            stderr=subprocess.DEVNULL,
        )
        try:
            ready = None
            while ready is None and time.perf_counter() - started < 30:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                        if response.status == 200:
                            ready = time.perf_counter() - started
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.02)
            time.sleep(1.0)  # let start-up threads settle before reading memory
            return {"ready_s": ready if ready is not None else float("nan"), "rss_mb": _rss_mb(process.pid)}
        finally:
            process.terminate()
            process.wait(timeout=10)


def rows() -> list[tuple[str, str, str]]:
    imports = import_times()
    serve = serve_figures()
    ratio = imports["handler_ms"] / imports["bare_ms"]
    return [
        (
            "Lambda handler import",
            f"{imports['handler_ms']:.0f} ms vs {imports['bare_ms']:.0f} ms bare ({ratio:.2f}x)",
            "within 1.3x",
        ),
        ("serve: start to ready", f"{serve['ready_s']:.2f} s", "under 2 s"),
        ("serve: resident memory", f"{serve['rss_mb']:.0f} MB", "under 150 MB"),
    ]


def main() -> None:
    for name, figure, target in rows():
        print(f"{name:<28}{figure:<40}{target}")


if __name__ == "__main__":
    main()
