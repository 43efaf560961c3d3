"""Which WSGI server `shelcaster serve` uses, by measurement: each candidate serves the bot's app and the minimal
Bolt app in a process of its own, against a sandbox in another, with the load generator in this one.

Candidates (whichever are importable; install the others with pip to compare): the stdlib's threaded wsgiref
(the old development server), waitress and cheroot (pure Python, in-process), granian (a Rust front end; on a
GIL build of Python it runs the app in a worker process of its own, apart from the supervisor).

    python -m bench.server_choice [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bench import loadgen
from bench.processes import free_port, load_average, rss_mb, sandbox_process, serving

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

THREADS = 16
CANDIDATES = ("wsgiref", "waitress", "cheroot", "granian")
MODULE = {"wsgiref": "wsgiref", "waitress": "waitress", "cheroot": "cheroot", "granian": "granian"}


def application(kind: str) -> WSGIApplication:
    """The WSGI app under test: the bot's (without its scheduler) or the minimal one, both as serve builds them."""
    from bench.minimal_app import minimal_app
    from bot.entry.cli_commands.serve import settle_interpreter
    from bot.entry.config import BotSettings
    from bot.entry.http import wsgi_app
    from bot.entry.logs import configure_logging
    from bot.entry.runtime import build_runtime
    from core.config import load

    configure_logging("WARNING")
    if kind == "minimal":
        app = wsgi_app(minimal_app(os.environ["SLACK_API_URL"]), lambda: {"ok": True})
    else:
        runtime = build_runtime(load(BotSettings))
        app = wsgi_app(runtime.app, runtime.health)
    settle_interpreter()  # as serve does, for every candidate alike
    return app


def granian_target() -> WSGIApplication:
    return application(os.environ["BENCH_APP"])


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(server: str, kind: str, port: int) -> None:
    if server == "granian":
        from granian import Granian  # type: ignore[import-not-found]
        from granian.constants import Interfaces  # type: ignore[import-not-found]

        os.environ["BENCH_APP"] = kind
        Granian(
            "bench.server_choice:granian_target",
            address="127.0.0.1",
            port=port,
            interface=Interfaces.WSGI,
            workers=1,
            blocking_threads=THREADS,
            factory=True,
            log_level="warning",
        ).serve()
        return
    app = application(kind)
    if server == "wsgiref":
        make_server("127.0.0.1", port, app, server_class=_Threading, handler_class=_Quiet).serve_forever()
    elif server == "waitress":
        import waitress  # type: ignore[import-not-found]

        waitress.serve(app, host="127.0.0.1", port=port, threads=THREADS, backlog=128, _quiet=True)
    elif server == "cheroot":
        from cheroot.wsgi import Server  # type: ignore[import-not-found]

        Server(("127.0.0.1", port), app, numthreads=THREADS, request_queue_size=128).safe_start()


Rounds = Callable[[str, int], Iterable[dict[str, Any]]]


def _round(server: str, env: dict[str, str], rounds: Rounds) -> list[dict[str, Any]]:
    rows = []
    for kind in ("bot", "minimal"):
        port = free_port()
        argv = ["-m", "bench.server_choice", "--serve", server, "--app", kind, "--port", str(port)]
        with serving(argv, port=port, env=env) as process:
            for row in rounds(kind, port):
                rows.append({**row, "server": server, "app": kind, "rss_mb": rss_mb(process.pid)})
    return rows


def compare(rounds: int) -> list[dict[str, Any]]:
    installed = [c for c in CANDIDATES if importlib.util.find_spec(MODULE[c]) is not None]
    rows: list[dict[str, Any]] = []
    with sandbox_process() as env:
        response_url = env["SLACK_API_URL"].replace("/api/", "/response/none")

        def run(kind: str, port: int) -> Iterable[dict[str, Any]]:
            make = lambda: loadgen.slash_request("127.0.0.1", port, text="live", response_url=response_url)  # noqa: E731
            loadgen.measure("127.0.0.1", port, [make()], clients=1)  # sets the show up and starts it
            loadgen.measure("127.0.0.1", port, [make() for _ in range(30)], clients=5)  # warm up
            for clients in (1, 20):
                ms = loadgen.measure("127.0.0.1", port, [make() for _ in range(300)], clients=clients)
                yield {"clients": clients, "p50": statistics.median(ms), "p99": loadgen.percentile(ms, 99)}

        for _ in range(rounds):  # interleaved, so the machine's noise hits every server alike
            for server in installed:
                rows += _round(server, env, run)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", choices=CANDIDATES)
    parser.add_argument("--app", choices=("bot", "minimal"), default="bot")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.app, args.port)
        return
    print(f"load average before: {load_average()}", flush=True)
    rows = compare(args.rounds)
    print(f"load average after: {load_average()}")
    print(f"{'server':<10}{'app':<9}{'clients':>8}{'p50 ms':>16}{'p99 ms (each round)':>34}{'MB':>8}")
    keys = sorted({(r["server"], r["app"], r["clients"]) for r in rows}, key=lambda k: (CANDIDATES.index(k[0]), k[1:]))
    for server, app, clients in keys:
        mine = [r for r in rows if (r["server"], r["app"], r["clients"]) == (server, app, clients)]
        p50 = "/".join(f"{r['p50']:.0f}" for r in mine)
        p99 = "/".join(f"{r['p99']:.0f}" for r in mine)
        mb = max(r["rss_mb"] for r in mine)
        print(f"{server:<10}{app:<9}{clients:>8}{p50:>16}{p99:>34}{mb:>8.0f}")


if __name__ == "__main__":
    main()
