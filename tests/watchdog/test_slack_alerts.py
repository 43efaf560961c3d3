"""The crew's view of the watchdog: warnings with buttons in the show's thread or the alert channel, cost
alerts, the daily summary and panels kept true, over signed HTTP against the Slack stand-in."""

from __future__ import annotations

import json
from datetime import timedelta

from core.adapters.aws.medialive import MediaLive
from core.domain.session import ChannelState, Period, Session, SessionStatus
from tests.watchdog.conftest import WatchBot
from tests.watchdog.kit import input_lost, raw_channel, until


def _live_show(bot: WatchBot, channel: str, name: str = "Late Show") -> Session:
    host = bot.console(channel)
    host.slash(f"new {name}")
    assert host.wait_for("Go live", timeout=15)
    host.click("Go live")
    control = bot.runtime.control

    def running() -> Session | None:
        session = control.current(chat_channel=channel)
        return session if session and session.channel_state is ChannelState.RUNNING and session.ivs_live else None

    assert until(running, timeout=15)
    session = running()
    assert session is not None
    medialive = MediaLive(bot.runtime.aws.medialive, poll_seconds=0.1, timeout_seconds=30)
    assert input_lost(medialive, session.resources.channel_id or "")  # as it is long before the clock's minutes
    return session


def _warn(bot: WatchBot, session: Session) -> None:
    bot.clock.at(session.channel_runs[-1].start + timedelta(minutes=11))
    bot.runtime.jobs.sweep()


def _panel_json(bot: WatchBot, session: Session) -> str:
    fresh = bot.runtime.store.require(session.id)
    message = bot.world.slack.state.message(fresh.ui["channel"], fresh.ui["ts"])
    assert message is not None
    return json.dumps(message.blocks)


def test_a_forgotten_show_is_warned_in_its_thread_and_keep_holds_the_stop(bot: WatchBot, channel: str) -> None:
    session = _live_show(bot, channel)
    _warn(bot, session)
    host = bot.console(channel)
    assert host.wait_for("Keep running 1 h", timeout=5)
    screen = host.render()
    assert "no video has reached it for 7 minutes (MediaLive reports its input lost)" in screen
    assert "Stop now" in screen and "Stop & delete" in screen
    assert "so far" in screen and "from now" in screen

    host.click("Keep running 1 h")
    assert host.wait_for("kept the MediaLive channel of Late Show running until", timeout=10)
    assert bot.runtime.store.require(session.id).keep_until is not None
    # The report comes first; then the warning says what became of it, and the panel shows it.
    assert until(lambda: "Keep running 1 h" not in host.render(), timeout=10)
    assert until(lambda: "Kept running until" in _panel_json(bot, session), timeout=10)

    bot.clock.advance(minutes=30)
    bot.runtime.jobs.sweep()
    assert bot.runtime.store.require(session.id).channel_state is ChannelState.RUNNING


def test_stop_now_stops_the_channel_and_a_guest_may_not(bot: WatchBot, channel: str) -> None:
    session = _live_show(bot, channel)
    _warn(bot, session)
    guest = bot.console(channel, "U0GUEST")
    assert guest.wait_for("Stop now", timeout=5)
    guest.click("Stop now")
    assert guest.wait_for("only the show's crew", timeout=5)
    assert bot.runtime.store.require(session.id).stream_wanted

    host = bot.console(channel)
    host.click("Stop now")
    assert host.wait_for("stopped the MediaLive channel of Late Show", timeout=10)
    stopped = bot.runtime.store.require(session.id)
    assert not stopped.stream_wanted
    assert stopped.channel_state in (ChannelState.STOPPING, ChannelState.IDLE)


def test_the_sweep_stops_a_forgotten_show_after_the_grace_and_the_panel_shows_it(bot: WatchBot, channel: str) -> None:
    session = _live_show(bot, channel)
    _warn(bot, session)
    bot.clock.advance(minutes=5, seconds=1)
    bot.runtime.jobs.sweep()
    host = bot.console(channel)
    assert host.wait_for("Watchdog stopped the MediaLive channel of Late Show", timeout=10)
    assert until(lambda: "Keep running 1 h" not in host.render(), timeout=10)
    assert until(lambda: "The watchdog stopped the channel." in _panel_json(bot, session), timeout=10)


def test_a_channel_without_a_show_is_warned_in_the_alert_channel_and_stop_and_delete_removes_it(
    bot: WatchBot,
) -> None:
    settings = bot.runtime.settings
    channel_id, input_id = raw_channel(bot.runtime.aws, settings, owner=settings.deployment, session_id=None)
    bot.runtime.jobs.sweep()
    crew = bot.console(bot.alert_channel)
    assert crew.wait_for("no live show owns it", timeout=5)
    assert "stopped and deleted at" in crew.render()
    crew.click("Stop & delete")
    assert crew.wait_for("stopped and deleted MediaLive channel", timeout=20)
    medialive = bot.runtime.aws.medialive
    assert medialive.describe_channel(ChannelId=channel_id)["State"] == "DELETED"
    assert medialive.describe_input(InputId=input_id)["State"] == "DELETED"


def test_an_ended_shows_running_channel_is_warned_in_its_thread(bot: WatchBot, channel: str) -> None:
    session = _live_show(bot, channel)
    bot.runtime.store.update(session.id, lambda s: s.model_copy(update={"status": SessionStatus.ENDED}))
    bot.runtime.jobs.sweep()
    assert bot.console(channel).wait_for("no live show owns it", timeout=5)


def test_cost_alerts_go_to_the_thread_once_and_the_daily_summary_to_the_alert_channel(
    bot: WatchBot, channel: str
) -> None:
    session = _live_show(bot, channel)
    start = bot.clock() - timedelta(hours=1, minutes=5)
    bot.runtime.store.update(
        session.id,
        lambda s: s.model_copy(update={"channel_runs": [Period(start=start)], "live_periods": [Period(start=start)]}),
    )
    bot.runtime.jobs.costs()
    bot.runtime.jobs.costs()
    host = bot.console(channel)
    assert host.wait_for("has cost", timeout=5)
    assert host.render().count("has cost") == 1

    summary_at = bot.clock().replace(hour=bot.runtime.settings.alerts.daily_summary_hour, minute=0) + timedelta(days=1)
    bot.clock.at(summary_at + timedelta(minutes=1))
    bot.runtime.jobs.costs()
    alerts = bot.console(bot.alert_channel)
    assert alerts.wait_for("MediaLive spend", timeout=5)
    assert "Late Show" in alerts.render()


def test_a_change_made_outside_the_bot_reaches_the_panel(bot: WatchBot, channel: str) -> None:
    session = _live_show(bot, channel)
    jobs = bot.runtime.jobs
    jobs.follow_up()  # the first pass reads every live session
    assert session.resources.channel_id
    bot.runtime.aws.medialive.stop_channel(ChannelId=session.resources.channel_id)  # someone in the AWS console
    bot.clock.advance(seconds=61)  # steady channels are re-read once a minute
    jobs.follow_up()
    assert until(lambda: jobs.follow_up() is None and "*Channel*\\nidle" in _panel_json(bot, session), timeout=10)
