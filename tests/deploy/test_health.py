"""/healthz is honest: it fails when the store or Slack fails, caches auth.test, and shows the lease state."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.entry.config import BotSettings
from bot.entry.health import SlackAuth
from bot.entry.http import wsgi_app
from bot.entry.runtime import Runtime, build_runtime
from core.config import load
from sandbox.slack import SlackStandIn


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def runtime(bot_env: dict[str, str], clock: FakeClock) -> Runtime:
    return build_runtime(load(BotSettings), clock=clock)


def get_healthz(runtime: Runtime) -> tuple[str, dict[str, Any]]:
    seen: list[str] = []
    body = wsgi_app(runtime.app, runtime.health)(
        {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()},
        lambda status, headers: seen.append(status),  # type: ignore[arg-type,return-value]
    )
    return seen[0], json.loads(b"".join(body))


def test_healthy_when_the_store_and_slack_answer(runtime: Runtime) -> None:
    status, report = get_healthz(runtime)
    assert status == "200 OK"
    assert report == {"ok": True, "store": "ok", "slack": "ok"}


def test_auth_test_is_asked_at_most_once_a_minute(runtime: Runtime, slack: SlackStandIn, clock: FakeClock) -> None:
    before = len(slack.calls("auth.test"))
    for _ in range(5):
        runtime.health()
    assert len(slack.calls("auth.test")) == before + 1
    clock.now += timedelta(seconds=61)
    runtime.health()
    assert len(slack.calls("auth.test")) == before + 2


def test_a_revoked_token_makes_it_unhealthy(runtime: Runtime, slack: SlackStandIn, clock: FakeClock) -> None:
    revoked = WebClient(token="xoxb-revoked", base_url=slack.api_url)
    status, report = get_healthz(replace(runtime, slack_auth=SlackAuth(revoked, clock=clock)))
    assert status == "503 Service Unavailable"
    assert report["slack"] == "auth failed: invalid_auth"


def test_an_unreachable_slack_makes_it_unhealthy(runtime: Runtime, clock: FakeClock) -> None:
    nowhere = WebClient(token="xoxb-x", base_url="http://127.0.0.1:9/api/", timeout=2)
    report = replace(runtime, slack_auth=SlackAuth(nowhere, clock=clock)).health()
    assert report["ok"] is False
    assert report["slack"].startswith("unreachable: ")


def test_a_missing_table_makes_it_unhealthy(monkeypatch: pytest.MonkeyPatch, bot_env: dict[str, str]) -> None:
    monkeypatch.setenv("SHELCASTER_TABLE", "gone")
    status, report = get_healthz(build_runtime(load(BotSettings)))
    assert status == "503 Service Unavailable"
    assert report["store"].startswith("unreachable: ")
    assert report["slack"] == "ok"


def test_the_scheduler_lease_state_is_reported_but_never_fails_readiness(runtime: Runtime) -> None:
    assert replace(runtime, lease_state=lambda: "held").health() == {
        "ok": True,
        "store": "ok",
        "slack": "ok",
        "scheduler": "held",
    }

    def broken() -> str:
        raise RuntimeError("lease table unreadable")

    report = replace(runtime, lease_state=broken).health()
    assert report["ok"] is True
    assert report["scheduler"] == "unknown: RuntimeError"
