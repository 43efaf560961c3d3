"""Show features through Slack: callers, tracks, switching, platforms (modal), with each refusal's message."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sandbox.slack import run_script
from tests.bot.conftest import BotWorld

SCRIPT = Path(__file__).parents[2] / "sandbox" / "scripts" / "switching_show.txt"


def test_a_scripted_show_switches_sources_while_a_take_records(world: BotWorld, channel: str) -> None:
    console = world.console(channel)
    assert run_script(console, SCRIPT.read_text().splitlines()) == 0, console.out.getvalue()[-3000:]  # type: ignore[attr-defined]


def test_refusals_say_what_to_do_instead(world: BotWorld, channel: str) -> None:
    host = world.console(channel)
    host.slash("new Refusals")
    assert host.wait_for("Go live", timeout=15)
    host.slash("caller add Ana")
    assert host.wait_for("Caller 1 (Ana) can push to", timeout=15)
    host.slash("caller add Bob")
    assert host.wait_for("two RTMP push inputs per channel", timeout=10)
    host.slash("track add nothing-here.mp4")
    assert host.wait_for("There is no file at", timeout=10)
    host.slash("switch caller 1")
    assert host.wait_for("Switching needs a running channel", timeout=10)
    host.slash("switch sideways")
    assert host.wait_for("Usage: /shelcaster switch host", timeout=10)
    host.slash("platform remove 7")
    assert host.wait_for("There is no platform 7", timeout=10)
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)


def test_a_live_change_asks_before_restarting(world: BotWorld, channel: str) -> None:
    host = world.console(channel)
    host.slash("new Live Change")
    assert host.wait_for("Go live", timeout=15)
    host.click("Go live")
    assert host.wait_for("LIVE", timeout=20)
    host.slash("caller add Ana")
    assert host.wait_for("joins the channel at the next stop", timeout=15)
    host.click("Apply changes")
    assert host.wait_for("Restart and go live", timeout=10) or host.wait_for("Applying now restarts", timeout=1)
    host.slash("apply restart")
    assert host.wait_for("Changes applied: the channel is restarting", timeout=30)
    assert host.wait_for("LIVE", timeout=30)
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)


def test_platforms_are_added_in_a_modal_and_their_key_is_never_shown(world: BotWorld, channel: str) -> None:
    host = world.console(channel)
    host.slash("new Platforms")
    assert host.wait_for("Go live", timeout=15)
    host.slash("platform add")
    assert host.wait_for("Add a platform", timeout=10)
    key = "live-KEY-abcdef0123456789"
    host.submit_view({"platform_kind": "custom", "platform_url": "http://nope.example/app", "platform_key": key})
    assert host.wait_for("must start with rtmp:// or rtmps://", timeout=10)
    host.submit_view({"platform_kind": "youtube", "platform_url": "", "platform_key": key})
    assert host.wait_for("YouTube output 1 added", timeout=15)
    assert host.wait_for("••••6789", timeout=10)
    host.slash("platform list")
    assert host.wait_for("1. YouTube", timeout=10)
    host.slash("platform off 1")
    assert host.wait_for("will be turned off", timeout=15)
    everything = json.dumps([c.params for c in world.slack.calls()])
    assert key not in everything
    assert not re.search(
        r"abcdef0123456789",
        json.dumps(
            world.runtime.control.get(world.runtime.control.require_current(chat_channel=channel).id).model_dump(
                mode="json"
            )
        ),
    )
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)
