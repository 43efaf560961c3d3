"""The bot's environment on the session's sandbox account plus a Slack stand-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.provision import SandboxAccount
from sandbox.slack import SlackStandIn
from sandbox.stack import BOT_TOKEN, SIGNING_SECRET


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(bot_token=BOT_TOKEN) as stand_in:
        yield stand_in


@pytest.fixture
def bot_env(account: SandboxAccount, slack: SlackStandIn, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Put a working configuration into the environment; tests override single variables to break it."""
    env = {
        **account.environment(),
        "SLACK_API_URL": slack.api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env
