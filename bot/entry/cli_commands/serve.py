"""`shelcaster serve`: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on --port; /healthz either way."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING, Any

from bot.entry.config import BotSettings
from bot.entry.logs import configure_logging
from core.config import load

if TYPE_CHECKING:
    from bot.entry.runtime import Runtime
    from bot.jobs.scheduler import ShowScheduler

log = logging.getLogger("shelcaster")

# Request threads get the interpreter within a millisecond of asking, not Python's default 5: an ack is a few
# short steps, each of which would otherwise wait behind a worker's AWS call.
SWITCH_INTERVAL = 0.001


def add(commands: Any) -> None:
    parser = commands.add_parser("serve", help="run the bot (Socket Mode with SLACK_APP_TOKEN, else HTTP)")
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a container must listen on all interfaces
    parser.add_argument("--port", type=int, default=3000)
    parser.set_defaults(func=run)


def _refuse(problem: str) -> int:
    print(f"shelcaster serve: {problem}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from bot.entry.http import make_http_server
    from bot.entry.runtime import build_runtime
    from bot.entry.socket_mode import SocketConnection
    from bot.entry.startup import STARTUP_ERRORS, bot_token_problem, libraries_quiet, startup_problem
    from bot.jobs.scheduler import ShowScheduler
    from core.adapters.aws.clients import load_models

    settings = load(BotSettings)
    configure_logging(settings.log_level)
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    socket = None
    with libraries_quiet():
        problem = bot_token_problem(settings)
        if problem:
            return _refuse(problem)
        try:
            runtime = build_runtime(settings)
            if app_token:
                socket = SocketConnection(runtime.app, app_token=app_token)
                socket.connect()
        except STARTUP_ERRORS as error:
            return _refuse(startup_problem(error, socket_mode=app_token is not None))
    # The watchdog, cost alerts and panel follow-up; only the replica holding the lease runs them.
    scheduler = ShowScheduler(jobs=runtime.jobs, settings=settings)
    runtime = dataclasses.replace(
        runtime, lease_state=scheduler.lease_state, socket_state=socket.state if socket else None
    )
    server = make_http_server(None if socket else runtime.app, runtime.health, host=args.host, port=args.port)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("signal %s: shutting down", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if socket:
        log.info("connected to Slack in Socket Mode; /healthz on %s:%s", args.host, server.server_port)
    else:
        log.info("listening on http://%s:%s/slack/events", args.host, server.server_port)
    load_models(runtime.aws)  # before the first sweep needs them, and before the heap is frozen
    scheduler.start()
    settle_interpreter()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        if socket:
            socket.close()
        shut_down(runtime, scheduler, grace=settings.shutdown_grace_seconds)
    return 0


def settle_interpreter() -> None:
    """Once everything is built: the start-up heap (botocore's models, pydantic's, Bolt) goes where the garbage
    collector no longer walks it, so a full collection stops holding the interpreter ~100 ms now and then."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)


def shut_down(runtime: Runtime, scheduler: ShowScheduler, *, grace: float) -> None:
    """Stop taking work, let running actions finish within the grace, hand back the rest, free the lease."""
    scheduler.stop()
    finished = runtime.pool.drain(timeout=grace)
    handed = runtime.core.claims.hand_back()
    if handed:
        log.warning("handed back %d unfinished action(s); the next command or sweep finishes them", len(handed))
    log.info("stopped")
    if not finished:
        # Worker threads still inside an AWS call would hold the interpreter open; their state is saved.
        logging.shutdown()
        os._exit(0)
