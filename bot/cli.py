"""The `shelcaster` command: serve, sandbox, demo."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from bot.config import BotSettings
from bot.logs import configure_logging
from core.config import load
from core.errors import ConfigError

log = logging.getLogger("shelcaster")


def serve(host: str, port: int) -> int:
    from bot.http import make_http_server
    from bot.runtime import build_runtime

    settings = load(BotSettings)
    configure_logging(settings.log_level)
    runtime = build_runtime(settings)
    server = make_http_server(runtime.app, runtime.health, host=host, port=port)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("signal %s: shutting down", signum)
        stop.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        socket = SocketModeHandler(runtime.app, settings.slack_app_token.get_secret_value())
        socket.connect()
        log.info("connected to Slack in Socket Mode; /healthz on %s:%s", host, server.server_port)
    else:
        log.info("listening on http://%s:%s/slack/events", host, server.server_port)
    server.serve_forever(poll_interval=0.2)
    return 0


def sandbox(aws_port: int, slack_port: int) -> int:
    from sandbox.stack import SandboxStack

    with SandboxStack(aws_port=aws_port, slack_port=slack_port) as stack:
        for key, value in stack.environment().items():
            print(f"{key}={value}")
        print("ready", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


def demo(script: Path | None, user: str) -> int:
    from sandbox.demo import run_demo

    return run_demo(script=script, user=user)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shelcaster", description="Run a live show's AWS video chain from Slack.")
    commands = parser.add_subparsers(dest="command", required=True)
    p_serve = commands.add_parser("serve", help="run the bot (Socket Mode with SLACK_APP_TOKEN, else HTTP)")
    p_serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a container must listen on all interfaces
    p_serve.add_argument("--port", type=int, default=3000)
    p_sandbox = commands.add_parser("sandbox", help="serve the local AWS sandbox and Slack stand-in")
    p_sandbox.add_argument("--aws-port", type=int, default=4566)
    p_sandbox.add_argument("--slack-port", type=int, default=4567)
    p_demo = commands.add_parser("demo", help="run the bot on the sandbox with a Slack console in this terminal")
    p_demo.add_argument("--script", type=Path, help="run these console steps unattended")
    p_demo.add_argument("--user", default="U0HOST", help="the Slack user you act as (U0HOST, U0GUEST, U0ADMIN...)")
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args.host, args.port)
        if args.command == "sandbox":
            return sandbox(args.aws_port, args.slack_port)
        return demo(args.script, args.user)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
