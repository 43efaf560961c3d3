"""`shelcaster demo`: the real bot over HTTP on the sandbox, driven from a console that plays Slack."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from bot.entry.config import BotSettings
from bot.entry.http import make_http_server
from bot.entry.logs import configure_logging
from bot.entry.runtime import build_runtime
from core.config import load
from sandbox.aws import SandboxTimings
from sandbox.slack import Console, run_interactive, run_script
from sandbox.stack import SIGNING_SECRET, SandboxStack

INTRO = """Shelcaster demo: the bot runs on a local AWS sandbox and Slack stand-in.
You are {user} in #morning-show. Type /shelcaster help, then try:
  /shelcaster new Morning Show   ·   click Go live   ·   click Record   ·   click End show
`as U0GUEST` acts as someone outside the crew; `quit` leaves (everything is thrown away).
"""

REALISTIC_NOTE = "Realistic timings: a channel takes about 2 minutes to start, 30 s to stop, as on AWS.\n"


def run_demo(*, script: Path | None, user: str, realistic: bool = False) -> int:
    """Run the demo; ``realistic`` uses AWS-like timings (channel starts take about two minutes)."""
    configure_logging("WARNING")
    with SandboxStack(timings=SandboxTimings.realistic() if realistic else SandboxTimings()) as stack:
        stack.export()
        runtime = build_runtime(load(BotSettings))
        server = make_http_server(runtime.app, runtime.health, host="127.0.0.1", port=0)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        try:
            assert stack.slack
            console = Console(
                slack=stack.slack,
                bot_url=f"http://127.0.0.1:{server.server_port}/slack/events",
                signing_secret=SIGNING_SECRET,
                user=user,
            )
            if script is not None:
                return run_script(console, script.read_text(encoding="utf-8").splitlines())
            print(INTRO.format(user=user) + (REALISTIC_NOTE if realistic else ""))
            run_interactive(console, sys.stdin)
            return 0
        finally:
            server.shutdown()
