"""python -m sandbox.slack: serve the Slack stand-in and talk to a running app from this terminal.

Start this first, give the app SLACK_API_URL (printed) and the same SLACK_SIGNING_SECRET, then type
commands (or pass --script FILE).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from sandbox.slack.console import Console
from sandbox.slack.script import run_interactive, run_script
from sandbox.slack.server import SlackStandIn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.slack", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="stand-in port (0: any free port)")
    parser.add_argument("--bot-url", default="http://127.0.0.1:3000/slack/events")
    parser.add_argument("--channel", default="C0MORNING")
    parser.add_argument("--user", default="U0HOST")
    parser.add_argument("--command", default="/shelcaster")
    parser.add_argument("--script", type=Path, help="run these steps instead of reading the terminal")
    parser.add_argument("--serve", action="store_true", help="only serve the Web API until interrupted")
    args = parser.parse_args(argv)
    secret = os.environ.get("SLACK_SIGNING_SECRET", "")
    slack = SlackStandIn(host=args.host, port=args.port)
    slack.start()
    print(f"Slack stand-in: SLACK_API_URL={slack.api_url}", flush=True)
    try:
        if args.serve:
            threading.Event().wait()
        if not secret:
            print("SLACK_SIGNING_SECRET is not set: the app will refuse every request", file=sys.stderr)
        console = Console(
            slack=slack, bot_url=args.bot_url, signing_secret=secret, channel=args.channel,
            user=args.user, command=args.command,
        )  # fmt: skip
        if args.script:
            return run_script(console, args.script.read_text().splitlines())
        run_interactive(console)
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        slack.stop()


if __name__ == "__main__":
    sys.exit(main())
