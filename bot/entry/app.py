"""Builds the Bolt app and the Slack Web API client."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.actions import fleet
from bot.actions.desk import Desk
from bot.actions.roles import Role
from bot.entry import listeners
from bot.entry.aws_gate import AwsCallGate
from bot.entry.config import BotSettings
from bot.entry.form_bodies import ShelcasterApp
from bot.entry.workpool import WorkPool

_BOLT_TOKEN_ENV = "SLACK_BOT_TOKEN"  # noqa: S105 - the variable's name, not a token


def slack_client(settings: BotSettings) -> WebClient:
    """`SLACK_API_URL` points the client at a stand-in; a real deployment leaves it unset."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or WebClient.BASE_URL,
        timeout=10,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2)],
    )


@contextmanager
def _no_token_in_env() -> Iterator[None]:
    """Bolt falls back to SLACK_BOT_TOKEN from the environment even when given a client, then warns that it
    ignores it ("As you gave client as well, token will be unused"); the client already carries the token."""
    saved = os.environ.pop(_BOLT_TOKEN_ENV, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[_BOLT_TOKEN_ENV] = saved


def _acks_first(gate: AwsCallGate) -> type[ShelcasterApp]:
    """The app, with every request it handles (over HTTP, Socket Mode or in process) marked as an ack in
    progress, so AWS calls starting meanwhile wait for it (bot/entry/aws_gate.py)."""

    class AcksFirst(ShelcasterApp):
        def dispatch(self, req: BoltRequest) -> BoltResponse:
            with gate.ack():
                return super().dispatch(req)

    return AcksFirst


def build_app(
    *,
    settings: BotSettings,
    client: WebClient,
    desk: Desk,
    role_of: Callable[[str], Role],
    once: Callable[[str], bool],
    pool: WorkPool | None,
    gate: AwsCallGate | None = None,
) -> App:
    """With a pool (a container) every listener acks on the request thread and hands its work to the pool;
    without one (Lambda, where the function may freeze after responding) Bolt runs the work as lazy listeners,
    re-invoking the function. Either way Bolt answers only once the listener returns."""
    with _no_token_in_env():
        app = (ShelcasterApp if gate is None else _acks_first(gate))(
            client=client,
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            process_before_response=True,
        )
    listeners.register(app, desk=desk, role_of=role_of, once=once, command=settings.command, pool=pool)
    fleet.register(app, desk=desk, role_of=role_of, pool=pool)  # the Home tab and the overview's buttons
    return app
