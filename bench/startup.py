"""`shelcaster serve`'s start to ready, its resident memory, SIGTERM to exit with work in flight, and the Lambda
handler's import time.

Each figure is measured next to its baseline in the same run: imports against importing just boto3 and
slack_bolt; serve's readiness is its first 200 from /healthz against a sandbox in another process; memory is
summed over serve's process tree. For the exit, commands whose work is still running are sent, SIGTERM follows
their acks, and every reply they owe must arrive (at a response_url this process serves) before serve exits.
Targets: handler import within 1.3x of the bare imports; ready under 2 s; under 150 MB; exit under 1 s, no
reply lost.
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench import loadgen
from bench.processes import free_port, rss_mb, sandbox_process, serve_argv, serving

RUNS = 7
IN_FLIGHT = 20  # commands whose work is running when SIGTERM arrives


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


@contextmanager
def reply_counter() -> Iterator[tuple[str, list[str]]]:
    """A response_url that counts the replies posted to it."""
    replies: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            replies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", replies
    finally:
        server.shutdown()


def serve_figures() -> dict[str, float]:
    with sandbox_process() as env, reply_counter() as (hook, replies):
        port = free_port()
        started = time.perf_counter()
        with serving(serve_argv(port), port=port, env=env) as process:
            ready = time.perf_counter() - started
            time.sleep(1.0)  # let start-up threads settle before reading memory
            rss = rss_mb(process.pid)
            commands = [
                loadgen.slash_request("127.0.0.1", port, text="status", response_url=hook) for _ in range(IN_FLIGHT)
            ]
            loadgen.measure("127.0.0.1", port, commands, clients=IN_FLIGHT)
            owed = IN_FLIGHT - len(replies)  # work acked but not yet done when the signal goes
            signalled = time.perf_counter()
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
            exited = time.perf_counter() - signalled
    return {
        "ready_s": ready,
        "rss_mb": rss,
        "exit_s": exited,
        "exit_code": code,
        "owed": owed,
        "replied": len(replies),
    }


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
        ("serve: resident memory (all processes)", f"{serve['rss_mb']:.0f} MB", "under 150 MB"),
        (
            "serve: SIGTERM to exit",
            f"{serve['exit_s']:.2f} s, exit {serve['exit_code']}, {serve['replied']:.0f}/{IN_FLIGHT} replies "
            f"({serve['owed']:.0f} still owed at the signal)",
            f"under 1 s, {IN_FLIGHT}/{IN_FLIGHT}",
        ),
    ]


def main() -> None:
    for name, figure, target in rows():
        print(f"{name:<40}{figure:<60}{target}")


if __name__ == "__main__":
    main()
