"""Builds the Bolt app and the Slack Web API client."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.actions.desk import Desk
from bot.actions.roles import Role
from bot.entry import listeners
from bot.entry.config import BotSettings
from bot.entry.form_bodies import ShelcasterApp
from bot.entry.workpool import WorkPool


def slack_client(settings: BotSettings) -> WebClient:
    """`SLACK_API_URL` points the client at a stand-in; a real deployment leaves it unset."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or WebClient.BASE_URL,
        timeout=10,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_app(
    *,
    settings: BotSettings,
    client: WebClient,
    desk: Desk,
    role_of: Callable[[str], Role],
    once: Callable[[str], bool],
    lambda_mode: bool = False,
    pool: WorkPool | None = None,
) -> App:
    app = ShelcasterApp(
        client=client,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # On Lambda the function may freeze after responding, so Bolt runs lazy listeners as re-invocations.
        process_before_response=lambda_mode,
        listener_executor=ThreadPoolExecutor(max_workers=8, thread_name_prefix="shelcaster-listener"),
    )
    if lambda_mode or pool is None:
        submit: Callable[[Callable[[], None]], object] = lambda work: work()  # noqa: E731
    else:
        submit = pool.submit
    listeners.register(app, desk=desk, role_of=role_of, once=once, command=settings.command, submit=submit)
    return app
