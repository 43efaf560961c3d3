"""`serve` that cannot reach Slack, or whose token Slack refuses, says so in one line with the fix, and exits 2;
building the app logs nothing Bolt would warn about."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from bot.entry.config import BotSettings
from bot.entry.runtime import build_runtime
from core.config import load
from tests.bot.conftest import BotWorld


def _serve(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.entry.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        env={**os.environ, "SHELCASTER_LOG_LEVEL": "INFO", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "said"),
    [
        pytest.param({"SLACK_API_URL": "http://127.0.0.1:9/api/"}, "unreachable", id="slack-unreachable"),
        pytest.param({"SLACK_BOT_TOKEN": "xoxb-revoked"}, "invalid_auth", id="bot-token-refused"),
        pytest.param({"SLACK_APP_TOKEN": "xapp-revoked"}, "SLACK_APP_TOKEN (invalid_auth)", id="app-token-refused"),
        pytest.param({"SLACK_APP_TOKEN": "xoxb-sandbox-token"}, "not_allowed_token_type", id="bot-token-as-app-token"),
    ],
)
def test_serve_that_cannot_start_says_why_in_one_line(world: BotWorld, env: dict[str, str], said: str) -> None:
    run = _serve(**env)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("shelcaster serve: ")
    assert said in lines[0]
    assert "Set " in lines[0] or "Check " in lines[0]  # the fix, as doctor gives it
    for secret in ("xoxb-revoked", "xapp-revoked", "xoxb-sandbox-token"):
        assert secret not in run.stderr


def test_building_the_app_leaves_bolt_nothing_to_warn_about(world: BotWorld, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        build_runtime(load(BotSettings))
    assert not [r for r in caplog.records if r.name.startswith("slack_bolt") and r.levelno >= logging.WARNING]
    assert os.environ["SLACK_BOT_TOKEN"]  # Bolt was kept from reading it, not the process from having it
