"""What the crew reads after each action, end to end: every saved take's line, references in replies, a failed
setup said in the reply, and one log line per crew action."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace

import pytest

from sandbox.slack import Console
from tests.bot.conftest import BotWorld, open_show, replies
from tests.kit import FAST


def test_the_take_saved_by_end_gets_its_line_and_the_ended_panel_lists_the_takes(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    replies(host, [("record", "Recording take 1")], timeout=30)  # sets the show up, starts a recording-only run
    assert host.wait_for("take 1 ·", timeout=30), host.render()  # the channel runs and the take counts
    time.sleep(3)  # a few one-second segments recorded
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30), host.render()
    assert host.wait_for("Take 1: ", timeout=10), host.render()
    session = world.runtime.store.sessions_for(channel)[0]
    take = session.takes[0]
    assert take.location and take.location in host.render()  # the thread line and the panel say where it is
    panel = host.render().split("thread:")[0]
    assert "Takes" in panel and "Take 1: " in panel and "in total" in panel


def test_a_refusal_shows_its_reference_and_the_log_has_the_same(
    world: BotWorld, channel: str, caplog: pytest.LogCaptureFixture
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Refs")
    with caplog.at_level(logging.INFO):
        replies(host, [("platform on x", "is not a platform number")])
        assert host.wait_for("(ref ", timeout=5)
    screen = host.render()
    ref = screen.split("(ref ")[1][:8]
    assert any(ref in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)


def test_a_setup_that_fails_before_the_show_has_a_thread_says_so_in_the_reply(world: BotWorld, channel: str) -> None:
    world.aws.inject_fault(service="medialive", operation="CreateChannel", status=400, code="BadRequestException")
    host = world.dispatcher(channel)
    host.slash("new Doomed")
    assert host.wait_for("could not be set up", timeout=30), host.render()
    screen = host.render()
    assert "the show has no panel or thread yet" in screen and "(ref " in screen
    assert not [m for m in world.slack.messages(channel) if not m.ephemeral]  # nothing posted in the channel


def test_every_crew_action_logs_one_line_with_who_what_show_outcome_and_duration(
    world: BotWorld, channel: str, caplog: pytest.LogCaptureFixture
) -> None:
    host = world.dispatcher(channel)
    with caplog.at_level(logging.INFO, logger="bot.actions"):
        open_show(host, "Logged Show")
        host.slash("end")
        host.click("End show")
        assert host.wait_for("Show ended", timeout=30)
    lines = [r for r in caplog.records if r.name == "bot.actions" and r.getMessage().startswith("crew action")]
    by_action = {getattr(r, "action", ""): r for r in lines}
    assert {"new", "end"} <= set(by_action)
    # The typed `end` (which asks to confirm) and the click both log an `end` line, in whichever order their
    # work finishes; the click's names the show it ended.
    ended = next(r for r in lines if getattr(r, "action", "") == "end" and getattr(r, "session", None))
    session = world.runtime.store.sessions_for(channel)[0]
    assert (ended.user, ended.session, ended.outcome) == (
        "U0HOST",
        session.id,
        "done",
    )
    assert isinstance(ended.seconds, float)
    assert "Logged Show" not in "".join(r.getMessage() for r in lines)  # typed text is never logged


def _seen(console: Console, pattern: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, console.render())
        if found:
            return found.group(0)
        time.sleep(0.1)
    return None


def test_the_panel_clock_moves_while_a_start_takes_time_and_an_end_shows_at_once(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Slow Start")
    world.aws.set_timings(replace(FAST, start=4.0, stop=3.0))
    host.click("Go live")
    assert _seen(host, r"starting… 0:0[1-9]", timeout=4), host.render()  # redrawn while MediaLive starts
    assert host.wait_for("The channel has been starting for", timeout=5)
    assert host.wait_for("Stream 🔴 LIVE", timeout=20), host.render()
    host.slash("end")
    host.click("End show")
    assert host.wait_for("is ending the show (0:0", timeout=3), host.render()  # visible while it stops and deletes
    assert host.wait_for("in total", timeout=30), host.render()


def test_a_guest_is_told_who_adds_platforms_not_pointed_at_a_command_they_may_not_run(
    world: BotWorld, channel: str
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Guest Hints")
    guest = world.dispatcher(channel, "U0GUEST")
    replies(guest, [("platform list", "No platforms yet. The crew can send the show")])
    replies(guest, [("track list", "No tracks yet. The crew adds MP4 files")])
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)
