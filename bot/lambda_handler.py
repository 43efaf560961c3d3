"""AWS Lambda entry points. Bolt's adapter re-invokes the function to run lazy listeners after the ack."""

from __future__ import annotations

from functools import cache
from typing import Any

from slack_bolt.adapter.aws_lambda import SlackRequestHandler

from bot.config import BotSettings
from bot.logs import configure_logging
from core.config import load


@cache
def _slack_handler() -> SlackRequestHandler:
    # Built on first use, then kept for the life of the warm container.
    from bot.runtime import build_runtime

    settings = load(BotSettings)
    configure_logging(settings.log_level)
    return SlackRequestHandler(build_runtime(settings, lambda_mode=True).app)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """HTTP endpoint for Slack (API Gateway / function URL)."""
    return _slack_handler().handle(event, context)  # type: ignore[no-untyped-call,no-any-return]
