"""`shelcaster sandbox`: serve the local AWS sandbox and Slack stand-in and print how to use them."""

from __future__ import annotations

import argparse
import contextlib
import threading
from typing import Any

from bot.entry.cli_commands.extras import sandbox_missing


def add(commands: Any) -> None:
    parser = commands.add_parser("sandbox", help="serve the local AWS sandbox and Slack stand-in")
    parser.add_argument("--aws-port", type=int, default=4566)
    parser.add_argument("--slack-port", type=int, default=4567)
    parser.add_argument("--realistic", action="store_true", help="AWS-like timings (a start takes about 2 minutes)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if sandbox_missing("sandbox"):
        return 2
    from sandbox.aws import SandboxTimings
    from sandbox.stack import SandboxStack

    timings = SandboxTimings.realistic() if args.realistic else SandboxTimings()
    with SandboxStack(aws_port=args.aws_port, slack_port=args.slack_port, timings=timings) as stack:
        for key, value in stack.environment().items():
            print(f"{key}={value}")
        print("ready", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0
