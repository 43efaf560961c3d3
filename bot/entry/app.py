"""Builds the Bolt app and the Slack Web API client."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse

from bot.actions import fleet
from bot.actions.desk import Desk
from bot.actions.roles import Role
from bot.entry import listeners
from bot.entry.acks_first import AcksFirst
from bot.entry.config import BotSettings
from bot.entry.form_bodies import ShelcasterApp
from bot.entry.workpool import WorkPool

_BOLT_APP_LOGGER = "slack_bolt.App"  # Bolt's framework logger when the app is given none


class _PatientClient(WebClient):
    """The bot's own Web API calls (panels, threads, Home tabs) wait for a pause in the requests first."""

    def __init__(self, *, wait_for_pause: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._wait_for_pause = wait_for_pause

    def api_call(self, *args: Any, **kwargs: Any) -> SlackResponse:
        self._wait_for_pause()
        return super().api_call(*args, **kwargs)


def slack_client(settings: BotSettings, *, acks_first: AcksFirst | None = None) -> WebClient:
    """`SLACK_API_URL` points the client at a stand-in; a real deployment leaves it unset."""
    kind = WebClient if acks_first is None else partial(_PatientClient, wait_for_pause=acks_first.wait_for_pause)
    return kind(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or WebClient.BASE_URL,
        timeout=10,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2)],
    )


class _WithoutMessage(logging.Filter):
    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self._message


@contextmanager
def _token_warning_dropped() -> Iterator[None]:
    """Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, then warns that it ignores it
    ("As you gave `client` as well, `token` will be unused"); the client already carries the token. The warning is
    dropped, not the variable: other threads may read the environment meanwhile (a Lambda's first event and a
    request building the runtime at once once found it missing)."""
    logger = logging.getLogger(_BOLT_APP_LOGGER)
    quiet = _WithoutMessage(warning_client_prioritized_and_token_skipped())
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _marking(acks_first: AcksFirst) -> type[ShelcasterApp]:
    """The app, with every request it handles (over HTTP, Socket Mode or in process) marked as an ack in
    progress, so the bot's own work starting meanwhile waits for a pause (bot/entry/acks_first.py)."""

    class Marked(ShelcasterApp):
        def dispatch(self, req: BoltRequest) -> BoltResponse:
            with acks_first.ack():
                return super().dispatch(req)

    return Marked


def build_app(
    *,
    settings: BotSettings,
    client: WebClient,
    desk: Desk,
    role_of: Callable[[str], Role],
    once: Callable[[str], bool],
    pool: WorkPool | None,
    acks_first: AcksFirst | None = None,
) -> App:
    """With a pool (a container) every listener acks on the request thread and hands its work to the pool;
    without one (Lambda, where the function may freeze after responding) Bolt runs the work as lazy listeners,
    re-invoking the function. Either way Bolt answers only once the listener returns."""
    with _token_warning_dropped():
        app = (ShelcasterApp if acks_first is None else _marking(acks_first))(
            client=client,
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            process_before_response=True,
        )
    listeners.register(app, desk=desk, role_of=role_of, once=once, command=settings.command, pool=pool)
    fleet.register(app, desk=desk, role_of=role_of, pool=pool)  # the Home tab and the overview's buttons
    return app
