"""Streaming to nobody, end to end: a live show with 0 viewers on IVS is warned in its thread and stopped after
the grace unless kept (the real bot over signed HTTP, the sandbox AWS reporting the viewer count)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.domain.session import ChannelState, Session
from tests.watchdog.conftest import WatchBot
from tests.watchdog.test_slack_alerts import _live_show


@pytest.fixture
def video_never_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox's show has no encoder: long idle thresholds leave only the viewers rule to act."""
    monkeypatch.setenv("SHELCASTER_WATCHDOG__IDLE_MINUTES", "600")
    monkeypatch.setenv("SHELCASTER_WATCHDOG__INPUT_LOSS_MINUTES", "600")


def _warned_for_nobody(bot: WatchBot, channel: str) -> Session:
    session = _live_show(bot, channel)
    bot.clock.at(session.channel_runs[-1].start + timedelta(minutes=1))
    bot.runtime.jobs.sweep()  # sees 0 viewers: the clock starts
    bot.clock.advance(minutes=29)
    bot.runtime.jobs.sweep()
    host = bot.console(channel)
    assert "Keep running 1 h" not in host.render()
    bot.clock.advance(minutes=1, seconds=1)
    bot.runtime.jobs.sweep()
    assert host.wait_for("Keep running 1 h", timeout=5)
    assert "streamed to nobody (0 viewers on IVS) for 30 minutes" in host.render()
    return session


def test_a_live_show_with_no_viewers_is_warned_in_its_thread_and_stopped_after_the_grace(
    video_never_idle: None, bot: WatchBot, channel: str
) -> None:
    session = _warned_for_nobody(bot, channel)
    bot.clock.advance(minutes=5, seconds=1)
    bot.runtime.jobs.sweep()
    host = bot.console(channel)
    assert host.wait_for("Watchdog stopped the MediaLive channel of Late Show", timeout=10)
    stopped = bot.runtime.store.require(session.id)
    assert not stopped.stream_wanted and stopped.channel_state in (ChannelState.STOPPING, ChannelState.IDLE)


def test_a_kept_show_with_no_viewers_keeps_running_and_a_viewer_withdraws_the_warning(
    video_never_idle: None, bot: WatchBot, channel: str
) -> None:
    session = _warned_for_nobody(bot, channel)
    host = bot.console(channel)
    host.click("Keep running 1 h")
    assert host.wait_for("kept the MediaLive channel of Late Show running until", timeout=10)
    bot.clock.advance(minutes=5, seconds=1)
    bot.runtime.jobs.sweep()
    assert bot.runtime.store.require(session.id).channel_state is ChannelState.RUNNING

    arn = session.resources.ivs_channel_arn
    assert arn
    bot.world.aws.set_viewers(arn, 3)
    bot.clock.advance(minutes=60)  # the keep has run out; someone watches, so nothing is warned
    bot.runtime.jobs.sweep()
    bot.clock.advance(minutes=31)
    bot.runtime.jobs.sweep()
    assert bot.runtime.store.require(session.id).channel_state is ChannelState.RUNNING
    assert host.render().count("Keep running 1 h") == 0
