"""Show features through Slack: callers, tracks, switching, platforms (modal), with each refusal's message.

The scripted show goes over HTTP; the rest are dispatched to the Bolt app in process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sandbox.slack import run_script
from tests.bot.conftest import BotWorld, end_show, open_show, replies, studio_encoder_on

SCRIPT = Path(__file__).parents[2] / "sandbox" / "scripts" / "switching_show.txt"


def test_a_scripted_show_switches_sources_while_a_take_records(world: BotWorld, channel: str) -> None:
    console = world.console(channel)
    assert run_script(console, SCRIPT.read_text().splitlines()) == 0, console.out.getvalue()[-3000:]  # type: ignore[attr-defined]


def test_refusals_say_what_to_do_instead(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Refusals")
    replies(
        host,
        [
            ("caller add Ana", "Say where the caller pushes from"),
            ("caller add Ana from 10.0.0.8", "is not a public address"),
            ("caller add Ana from 0.0.0.0/0", "To let anyone push, say"),
            ("caller add Ana from somewhere", "is not an IPv4 address"),
            ("caller add Ana from 203.0.113.7", "Caller 1 (Ana) can push"),
            ("caller add Bob from anywhere", "two RTMP push inputs per channel"),
            ("track add nothing-here.mp4", "There is no file at"),
            ("track add", "Usage: /shelcaster track add"),
            ("switch caller 1", "Switching needs a running channel"),
            ("switch sideways", "Usage: /shelcaster switch host"),
            ("platform remove 7", "There is no platform 7"),
            ("platform on x", "is not a platform number"),
        ],
    )
    end_show(host)


def test_a_live_change_asks_before_restarting(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Live Change")
    host.click("Go live")
    assert host.wait_for("LIVE", timeout=20)
    replies(host, [("caller add Ana from anywhere", "joins the channel when it next starts")])
    assert host.wait_for("open to anyone with the URL", timeout=10)
    host.click("Apply changes")  # live: the button asks first, in words about this show
    dialog = host.out.getvalue()  # type: ignore[attr-defined]
    assert "apply: caller 1 (Ana) joins" in dialog and "The stream is off air until it runs again" in dialog
    assert "Take" not in dialog  # no take is recording, so none is promised to keep going
    assert host.wait_for("Changes applied: the channel is restarting", timeout=30)
    assert host.wait_for("LIVE", timeout=30)
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)


def test_platforms_are_added_in_a_modal_and_their_key_is_never_shown(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Platforms")
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
    studio_encoder_on(world, channel)
    host.click("Go live")
    assert host.wait_for("the stream is LIVE on IVS", timeout=30)
    host.click("Record")
    assert host.wait_for("Recording take 1", timeout=15)
    host.slash("live stop")  # YouTube keeps receiving unless the channel restarts for recording only
    assert host.wait_for("Restart for recording only", timeout=15)
    host.click("Restart for recording only")
    assert host.wait_for("Take 1 keeps recording", timeout=30)
    assert host.wait_for("recording only; nothing reaches viewers", timeout=30)
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
    end_show(host)


def test_the_tracklist_and_caller_commands_from_slack(world: BotWorld, channel: str) -> None:
    world.runtime.aws.s3.put_object(
        Bucket=world.runtime.settings.recordings_bucket, Key="tracks/notes.txt", Body=b"not a movie"
    )
    host = world.dispatcher(channel)
    open_show(host, "Tracklist")
    replies(
        host,
        [
            ("track list", "No tracks yet"),
            ("track add notes.txt", "not an MP4"),
            ("track add sample-jingle.mp4 Opener", "Track 1 (Opener) added"),
            ("track add sample-jingle.mp4 Closer", "Track 2 (Closer) added"),
            ("track list", "2. Closer"),
            ("track remove 2", "Closer will be removed"),
            ("caller add Ana from 203.0.113.0/24", "Caller 1 (Ana) can push"),
            ("caller remove", "Ana will be removed"),
        ],
    )
    studio_encoder_on(world, channel)
    host.click("Go live")
    assert host.wait_for("the stream is LIVE on IVS", timeout=30)
    replies(host, [("track next", "Switched to Opener"), ("switch host", "Switched to the host")])
    end_show(host)


def test_every_typed_stream_and_take_command(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    replies(host, [("record", "Recording take 1")], timeout=30)  # sets the show up first, then records
    assert host.wait_for("recording only; nothing reaches viewers", timeout=30)
    studio_encoder_on(world, channel)
    replies(
        host,
        [
            ("live", "The channel stops and starts again with the IVS output"),
            ("live restart", "Going live: the channel is starting"),
        ],
        timeout=30,
    )
    assert "Take 1 keeps recording, with a gap for the restart" in host.render()
    assert host.wait_for("the stream is LIVE on IVS", timeout=30)
    replies(
        host,
        [
            ("record stop", "Take 1 saved"),
            ("live stop", "Stream stopped"),
            ("live stop", "The stream is already off"),
        ],
        timeout=30,
    )
    end_show(host)
