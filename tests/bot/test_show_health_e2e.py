"""The show's health in the thread, end to end on the polling path: the encoder pre-flight, a drop mid-show and
its return, a platform output that cannot connect."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.jobs.follow_up import PanelFollowUp
from core.clock import utc_now
from core.config import FollowUpSettings
from core.domain.session import Session
from tests.bot.conftest import BotWorld, end_show, open_show, studio_encoder_on


def _follow_up(world: BotWorld) -> PanelFollowUp:
    """The scheduler's follow-up job on this bot (what `serve` runs every few seconds), re-reading steady shows
    every second rather than every minute."""
    rt = world.runtime
    settings = FollowUpSettings(steady_seconds=1.0)
    return PanelFollowUp(store=rt.store, control=rt.control, panel=rt.panel, settings=settings, clock=utc_now)


def _until(check: Callable[[], bool], *, tick: Callable[[], object], timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tick()
        if check():
            return True
        time.sleep(0.2)
    return False


def _session(world: BotWorld, channel: str) -> Session:
    return world.runtime.control.require_current(chat_channel=channel)


def test_an_encoder_that_never_connects_gets_a_pre_flight_line_then_arrival_and_live_are_told(
    world: BotWorld, channel: str
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Pre-flight")
    host.click("Go live")
    assert host.wait_for("Nothing arrives from host's encoder yet", timeout=30), host.render()
    assert host.wait_for("host: nothing arriving", timeout=10), host.render()
    assert "the stream is LIVE on IVS" not in host.render()  # IVS shows fill frames: not announced as LIVE
    session = _session(world, channel)
    assert session.resources.input_id
    world.aws.connect_encoder(session.resources.input_id)
    job = _follow_up(world)
    assert _until(lambda: "Video is arriving from host" in host.render(), tick=job.tick), host.render()
    assert host.wait_for("the stream is LIVE on IVS", timeout=10)
    assert host.wait_for("host: receiving", timeout=10), host.render()
    assert host.render().count("Nothing arrives from host's encoder yet") == 1  # told once, however often read
    end_show(host)


def test_an_encoder_that_drops_mid_show_is_told_with_its_age_and_cleared_when_it_returns(
    world: BotWorld, channel: str
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Drop")
    input_id = _session(world, channel).resources.input_id
    assert input_id
    world.aws.connect_encoder(input_id)
    host.click("Go live")
    assert host.wait_for("the stream is LIVE on IVS", timeout=30), host.render()
    job = _follow_up(world)
    job.tick()
    world.aws.connect_encoder(input_id, connected=False)
    assert _until(lambda: "host's encoder stopped sending" in host.render(), tick=job.tick), host.render()
    world.aws.connect_encoder(input_id)
    assert _until(lambda: "Video is arriving from host" in host.render(), tick=job.tick), host.render()
    assert host.render().count("host's encoder stopped sending") == 1
    end_show(host)


def test_a_platform_output_that_cannot_connect_gets_its_line_and_one_when_it_connects(
    world: BotWorld, channel: str
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Platform Down")
    host.slash("platform add")
    assert host.wait_for("Add a platform", timeout=10)
    host.submit_view({"platform_kind": "youtube", "platform_url": "", "platform_key": "yt-key-0123456789"})
    assert host.wait_for("YouTube output 1 added", timeout=15)
    studio_encoder_on(world, channel)
    world.aws.refuse_rtmp("a.rtmp.youtube.com")
    try:
        host.click("Go live")
        assert host.wait_for("the stream is LIVE on IVS", timeout=30), host.render()
        job = _follow_up(world)
        assert _until(lambda: "The YouTube output can't connect" in host.render(), tick=job.tick), host.render()
        assert "with platform list" in host.render().replace("`", "") and "yt-key-0123456789" not in host.render()
        world.aws.refuse_rtmp("a.rtmp.youtube.com", refusing=False)
        assert _until(lambda: "YouTube output is connected again" in host.render(), tick=job.tick), host.render()
        assert host.render().count("The YouTube output can't connect") == 1
    finally:
        world.aws.refuse_rtmp("a.rtmp.youtube.com", refusing=False)
    end_show(host)
