"""`shelcaster demo`: the real bot on the sandbox (HTTP or Socket Mode), driven from a console that plays Slack."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from bot.entry.config import BotSettings
from bot.entry.http import make_http_server
from bot.entry.logs import configure_logging
from bot.entry.runtime import Runtime, build_runtime
from bot.entry.socket_mode import SocketConnection
from bot.jobs.scheduler import ShowScheduler
from core.config import load
from sandbox.aws import SandboxTimings
from sandbox.slack import Console, run_interactive, run_script
from sandbox.slack.console import Send
from sandbox.slack.payloads import signed_post
from sandbox.stack import SIGNING_SECRET, SandboxStack

INTRO = """Shelcaster demo: the bot runs on a local AWS sandbox and Slack stand-in.
You are {user} in #morning-show. Type /shelcaster help, then try:
  /shelcaster new Morning Show   ·   click Go live   ·   click Record   ·   click End show
`encoder on` / `encoder off`: the studio's encoder starts or stops pushing (the panel and thread tell it).
`as U0GUEST` acts as someone outside the crew; `quit` leaves (everything is thrown away).
"""

WATCHDOG_NOTE = (
    "The scheduler runs as in `serve`, at demo speed: a channel with no video for {idle} min is warned about in its\n"
    "thread and stopped {grace} min later unless kept; cost alerts at ${thresholds}; panels' clocks move.\n"
)

# The jobs `serve` runs, with a policy fast enough to watch: the defaults wait 10 minutes before a warning.
DEMO_POLICY = {
    "SHELCASTER_WATCHDOG__SWEEP_SECONDS": "10",
    "SHELCASTER_WATCHDOG__IDLE_MINUTES": "1",
    "SHELCASTER_WATCHDOG__GRACE_MINUTES": "1",
    "SHELCASTER_ALERTS__COST_THRESHOLDS": "[0.5, 1, 2]",
    "SHELCASTER_ALERT_CHANNEL": "C0ALERTS",
}

REALISTIC_NOTE = "Realistic timings: a channel takes about 2 minutes to start, 30 s to stop, as on AWS.\n"
SOCKET_NOTE = "Socket Mode: the bot dialled out to the Slack stand-in; each request reaches it over that websocket.\n"


def _studio_encoder(stack: SandboxStack, runtime: Runtime, chat_channel: str) -> Callable[[bool], str]:
    """`encoder on|off`: the simulated studio encoder pushes to (or stops pushing to) the show's host input."""

    def switch(on: bool) -> str:
        show = runtime.control.current(chat_channel=chat_channel)
        if show is None or not show.resources.input_id:
            return "(no show with an input here yet: /shelcaster new first)"
        assert stack.aws
        stack.aws.connect_encoder(show.resources.input_id, connected=on)
        return f"(the studio's encoder {'pushes to' if on else 'stopped pushing to'} {show.show_name}'s host input)"

    return switch


def run_demo(*, script: Path | None, user: str, realistic: bool = False, socket_mode: bool = False) -> int:
    """Run the demo; ``realistic`` uses AWS-like timings (channel starts take about two minutes), ``socket_mode``
    has the bot dial out to the stand-in over a websocket instead of taking HTTP requests."""
    configure_logging("WARNING")
    with SandboxStack(timings=SandboxTimings.realistic() if realistic else SandboxTimings()) as stack:
        stack.export(socket_mode=socket_mode)
        for name, value in DEMO_POLICY.items():
            os.environ.setdefault(name, value)  # a variable set by hand wins
        assert stack.slack
        settings = load(BotSettings)
        runtime = build_runtime(settings)
        scheduler = ShowScheduler(jobs=runtime.jobs, settings=settings)
        scheduler.start()
        socket = None
        if socket_mode:
            assert settings.slack_app_token
            socket = SocketConnection(runtime.app, app_token=settings.slack_app_token.get_secret_value())
            socket.connect()
            send: Send = stack.slack.socket_mode.send
            bot_url = "socket-mode"
        else:
            server = make_http_server(runtime.app, runtime.health, host="127.0.0.1", port=0)
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
            send, bot_url = signed_post, f"http://127.0.0.1:{server.server_port}/slack/events"
        try:
            console = Console(slack=stack.slack, bot_url=bot_url, signing_secret=SIGNING_SECRET, user=user, send=send)
            encoder = _studio_encoder(stack, runtime, console.channel)
            if script is not None:
                return run_script(console, script.read_text(encoding="utf-8").splitlines(), encoder=encoder)
            watchdog = WATCHDOG_NOTE.format(
                idle=f"{settings.watchdog.idle_minutes:g}",
                grace=f"{settings.watchdog.grace_minutes:g}",
                thresholds=", $".join(f"{t:g}" for t in settings.alerts.cost_thresholds),
            )
            notes = watchdog + (REALISTIC_NOTE if realistic else "") + (SOCKET_NOTE if socket_mode else "")
            print(INTRO.format(user=user) + notes)
            run_interactive(console, sys.stdin, encoder=encoder)
            return 0
        finally:
            scheduler.stop()
            if socket is not None:
                socket.close()
            else:
                server.shutdown()
