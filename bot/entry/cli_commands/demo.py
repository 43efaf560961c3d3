"""`shelcaster demo`: the bot on the sandbox, with a Slack console in this terminal."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.entry.cli_commands.extras import sandbox_missing


def add(commands: Any) -> None:
    parser = commands.add_parser("demo", help="run the bot on the sandbox with a Slack console in this terminal")
    parser.add_argument("--script", type=Path, help="run these console steps unattended")
    parser.add_argument("--user", default="U0HOST", help="who you act as (U0HOST, U0PRODUCER, U0GUEST, U0ADMIN)")
    parser.add_argument("--realistic", action="store_true", help="AWS-like timings (going live takes about 2 minutes)")
    parser.add_argument("--socket", action="store_true", help="the bot in Socket Mode (over a websocket)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if sandbox_missing("demo"):
        return 2
    from sandbox.demo import run_demo

    return run_demo(script=args.script, user=args.user, realistic=args.realistic, socket_mode=args.socket)
