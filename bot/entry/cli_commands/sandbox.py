"""`shelcaster sandbox`: serve the local AWS sandbox and Slack stand-in, print the environment a bot needs as
`export` lines, and optionally play Slack for a `shelcaster serve` running in another terminal.

The sandbox's ids are the same on every run, so a saved copy of the lines keeps working:

    .venv/bin/shelcaster sandbox > sandbox.env        # terminal 1 (the lines go to the file, notes to the screen)
    set -a; . ./sandbox.env; set +a; .venv/bin/shelcaster serve    # terminal 2
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from typing import Any
from urllib.parse import urlsplit

from bot.entry.cli_commands.extras import sandbox_missing

NOTES = """The sandbox serves AWS on {aws} and Slack on {slack}; its ids are the same on every run.
Run a bot on it in another terminal, with the lines above in its environment:
    set -a; . ./sandbox.env; set +a      (after `shelcaster sandbox > sandbox.env`)
    .venv/bin/shelcaster serve{serve}
{console}Ctrl-C stops the sandbox; everything in it is thrown away."""

CONSOLE_NOTE = "Then type here: this terminal plays Slack for that bot ({target}).\n"


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "sandbox", help="serve the local AWS sandbox and Slack stand-in and print the environment a bot needs"
    )
    parser.add_argument("--aws-port", type=int, default=4566, help="port of the AWS endpoint (default 4566)")
    parser.add_argument("--slack-port", type=int, default=4567, help="port of the Slack stand-in (default 4567)")
    parser.add_argument("--realistic", action="store_true", help="AWS-like timings (a start takes about 2 minutes)")
    parser.add_argument(
        "--socket-mode", action="store_true", help="also print SLACK_APP_TOKEN, so `serve` connects over Socket Mode"
    )
    parser.add_argument(
        "--console",
        action="store_true",
        help="play Slack in this terminal for a `shelcaster serve` started with these variables",
    )
    parser.add_argument(
        "--bot-url",
        default="http://127.0.0.1:3000/slack/events",
        help="where that `serve` takes Slack's requests over HTTP (default: serve's own default)",
    )
    parser.add_argument("--user", default="U0HOST", help="who the console acts as (U0HOST, U0GUEST, U0ADMIN, ...)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if sandbox_missing("sandbox"):
        return 2
    from sandbox.aws import SandboxTimings
    from sandbox.stack import SandboxStack

    timings = SandboxTimings.realistic() if args.realistic else SandboxTimings()
    with SandboxStack(aws_port=args.aws_port, slack_port=args.slack_port, timings=timings) as stack:
        assert stack.aws
        assert stack.slack
        for line in stack.export_lines(socket_mode=args.socket_mode):
            print(line)
        print("ready", flush=True)
        target = "over its Socket Mode connection" if args.socket_mode else args.bot_url
        notes = NOTES.format(
            aws=stack.aws.url,
            slack=stack.slack.api_url,
            serve="" if args.socket_mode else f" --port {urlsplit(args.bot_url).port or 80}",
            console=CONSOLE_NOTE.format(target=target) if args.console else "",
        )
        print(notes, file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            if args.console:
                _play_slack(stack, bot_url=args.bot_url, user=args.user, socket_mode=args.socket_mode)
            else:
                threading.Event().wait()
    return 0


def _play_slack(stack: Any, *, bot_url: str, user: str, socket_mode: bool) -> None:
    """A console in this terminal, its requests sent to the other terminal's bot (over HTTP, or over the Socket
    Mode connection that bot opened to the stand-in)."""
    from sandbox.slack import Console, run_interactive
    from sandbox.slack.payloads import signed_post
    from sandbox.stack import SIGNING_SECRET

    send, url = (stack.slack.socket_mode.send, "socket-mode") if socket_mode else (signed_post, bot_url)
    console = Console(slack=stack.slack, bot_url=url, signing_secret=SIGNING_SECRET, user=user, send=send)
    run_interactive(console, sys.stdin)
