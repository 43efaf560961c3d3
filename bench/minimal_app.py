"""The baseline: a Bolt app that only acks `/shelcaster`, in its fastest form (the ack on the request thread),
served by the same server as `shelcaster serve`. Run alone: python -m bench.minimal_app --port N"""

from __future__ import annotations

import argparse
import os

from slack_bolt import Ack, App
from slack_sdk import WebClient

from sandbox.stack import BOT_TOKEN, SIGNING_SECRET


def minimal_app(api_url: str, *, reply: str = "") -> App:
    """`reply`: the ack's text (ephemeral), as the bot's ack carries one; empty, the ack has no body at all."""
    app = App(
        signing_secret=SIGNING_SECRET,
        client=WebClient(token=BOT_TOKEN, base_url=api_url),
        process_before_response=True,
    )

    @app.command("/shelcaster")
    def ack_only(ack: Ack) -> None:
        if reply:
            ack(response_type="ephemeral", text=reply)
        else:
            ack()

    return app


def main() -> None:
    from bot.entry.cli_commands.serve import settle_interpreter
    from bot.entry.http import make_http_server
    from bot.entry.logs import configure_logging

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--reply", default="", help="ack with this text (ephemeral) instead of an empty body")
    args = parser.parse_args()
    configure_logging("WARNING")
    os.environ.pop("SLACK_BOT_TOKEN", None)  # the client carries it; Bolt would warn that it ignores this one
    app = minimal_app(os.environ["SLACK_API_URL"], reply=args.reply)
    server = make_http_server(app, lambda: {"ok": True}, host="127.0.0.1", port=args.port)
    settle_interpreter()  # as serve does
    server.serve_forever()


if __name__ == "__main__":
    main()
