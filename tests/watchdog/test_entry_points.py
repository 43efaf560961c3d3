"""`shelcaster sweep`, the Lambda `sweep` entry point, and APScheduler with two replicas on one table."""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.entry import lambda_handler
from bot.entry.cli import main
from bot.entry.config import BotSettings
from bot.entry.runtime import build_runtime
from bot.jobs.scheduler import ShowScheduler
from core.config import load
from core.watchdog.events import SweepReport
from core.watchdog.lease import scheduler_lease
from tests.watchdog.conftest import WatchBot
from tests.watchdog.kit import raw_channel, until


@pytest.fixture(autouse=True)
def _keep_logging() -> Iterator[None]:
    """The entry points configure JSON logging on the root logger; put pytest's back afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def _orphan(bot: WatchBot) -> str:
    settings = bot.runtime.settings
    return raw_channel(bot.runtime.aws, settings, owner=settings.deployment, session_id=None)[0]


def test_sweep_dry_run_prints_what_it_would_do_and_changes_nothing(
    bot: WatchBot, capsys: pytest.CaptureFixture[str]
) -> None:
    channel_id = _orphan(bot)
    posts = len(bot.world.slack.calls("chat.postMessage"))
    assert main(["sweep", "--preview"]) == 0
    out = capsys.readouterr().out
    assert "(--preview)" in out
    row = next(line for line in out.splitlines() if line.startswith("channel") and channel_id in line)
    assert "no live show owns it" in row and "due" in row and "warn" in row
    assert any(line.startswith("warn") and channel_id in line and "preview" in line for line in out.splitlines())
    assert len(bot.world.slack.calls("chat.postMessage")) == posts
    assert bot.runtime.watch.marks.get("channel", channel_id) is None


def test_sweep_acts_like_the_scheduled_one_and_prints_it(bot: WatchBot, capsys: pytest.CaptureFixture[str]) -> None:
    channel_id = _orphan(bot)
    assert main(["sweep"]) == 0
    out = capsys.readouterr().out
    assert any(
        line.split()[:1] == ["warn"] and channel_id in line and "yes" in line.split() for line in out.splitlines()
    )
    assert bot.console(bot.alert_channel).wait_for("no live show owns it", timeout=5)


def test_sweep_defers_to_the_replica_holding_the_lease(bot: WatchBot, capsys: pytest.CaptureFixture[str]) -> None:
    store, name = bot.runtime.store, scheduler_lease(bot.runtime.settings.deployment)
    assert store.acquire_lease(name, holder="the-serving-replica", ttl=timedelta(minutes=1))
    try:
        assert main(["sweep"]) == 0
        assert "Another replica holds the scheduler lease" in capsys.readouterr().out
    finally:
        store.release_lease(name, holder="the-serving-replica")


def test_sweep_exits_non_zero_only_when_the_sweep_itself_failed(
    bot: WatchBot, capsys: pytest.CaptureFixture[str]
) -> None:
    bot.world.aws.inject_fault(service="medialive", operation="ListChannels", status=400, code="BadRequestException")
    assert main(["sweep"]) == 1
    assert "The sweep failed: Could not list channels" in capsys.readouterr().err


def test_the_lambda_sweep_runs_once_per_lease(bot: WatchBot) -> None:
    lambda_handler._runtime.cache_clear()
    try:
        result = lambda_handler.sweep({}, None)
        assert result["ran"] is True and result["failed"] == 0 and result["channels"] >= 0
        other = lambda_handler._runtime().jobs.lease
        assert other.holder != bot.runtime.jobs.lease.holder
        assert bot.runtime.jobs.sweep() is None  # the Lambda's container holds the lease now
    finally:
        lambda_handler._runtime().jobs.lease.release()
        lambda_handler._runtime.cache_clear()


def test_two_serving_replicas_run_each_sweep_on_one_only_and_hand_over_on_shutdown(
    bot: WatchBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in {"SWEEP_SECONDS": "0.2", "LEASE_SECONDS": "30"}.items():
        monkeypatch.setenv(f"SHELCASTER_WATCHDOG__{key}", value)
    monkeypatch.setenv("SHELCASTER_FOLLOW_UP__TRANSITIONAL_SECONDS", "0.2")
    monkeypatch.setenv("SHELCASTER_ALERTS__CHECK_SECONDS", "0.2")
    monkeypatch.setattr("bot.jobs.scheduler.FIRST_SWEEP_AFTER", timedelta(0))
    ran: list[str] = []
    lock = threading.Lock()
    replicas = []
    for _ in range(2):
        runtime = build_runtime(load(BotSettings))
        sweep = runtime.jobs.sweep

        def counted(mode: object = None, sweep: object = sweep, holder: str = runtime.jobs.lease.holder) -> object:
            report = sweep()  # type: ignore[operator]
            if isinstance(report, SweepReport):
                with lock:
                    ran.append(holder)
            return report

        monkeypatch.setattr(runtime.jobs, "sweep", counted)
        replicas.append((runtime, ShowScheduler(jobs=runtime.jobs, settings=runtime.settings)))
    for _, scheduler in replicas:
        scheduler.start()
    try:
        assert until(lambda: len(ran) >= 4, timeout=10)
        first = set(ran)
        assert len(first) == 1  # four sweeps, all on one replica
        holder = next(s for r, s in replicas if r.jobs.lease.holder in first)
        assert holder.lease_state() == "held"
        holder.stop()  # graceful shutdown hands the lease on at once
        assert until(lambda: set(ran) - first, timeout=5)
    finally:
        for _, scheduler in replicas:
            scheduler.stop()


@pytest.mark.parametrize("command", ["demo", "sandbox"])
def test_sandbox_commands_without_the_sandbox_extra_say_how_to_install_it(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "moto" else real(name, *a))
    assert main([command]) == 2
    assert "pip install 'shelcaster[sandbox]'" in capsys.readouterr().err
