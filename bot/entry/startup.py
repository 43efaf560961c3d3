"""Why `serve` cannot start, in one line with its fix, as `doctor` says it: not a traceback from deep in Bolt."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.entry.app import slack_client
from bot.entry.config import BotSettings
from bot.entry.doctor import CheckStatus, slack_checks

# What start-up can raise when Slack is unreachable or refuses a token.
STARTUP_ERRORS = (BoltError, SlackClientError, OSError)
UNREACHABLE_FIX = "Check the network, and SLACK_API_URL if it is set (a real deployment leaves it unset)."
SOCKET_MODE_FIX = (
    "Set SLACK_APP_TOKEN to an app-level token (xapp-...) with the connections:write scope, from the app's "
    "Basic Information page, or unset it to serve HTTP."
)


def bot_token_problem(settings: BotSettings) -> str | None:
    """auth.test with the bot token, worded as doctor words it; None when Slack accepts it."""
    auth = slack_checks(slack_client(settings))[0]
    return None if auth.status is CheckStatus.PASS else f"Slack: {auth.detail}. {auth.fix}"


def startup_problem(error: Exception, *, socket_mode: bool) -> str:
    if isinstance(error, SlackApiError):
        code = error.response.get("error", "error")
        if socket_mode:
            return f"Slack refused SLACK_APP_TOKEN ({code}). {SOCKET_MODE_FIX}"
        return f"Slack refused SLACK_BOT_TOKEN ({code}). Run `shelcaster doctor` for the fix."
    if isinstance(error, BoltError):
        return f"Slack refused the bot token: {error}. Run `shelcaster doctor` for the fix."
    what = "Socket Mode connection" if socket_mode else "Slack"
    return f"{what} unreachable ({type(error).__name__}). {UNREACHABLE_FIX}"


@contextmanager
def libraries_quiet() -> Iterator[None]:
    """While starting, slack_sdk and Bolt would log the same failure the one line reports."""
    loggers = [logging.getLogger(name) for name in ("slack_sdk", "slack_bolt")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
