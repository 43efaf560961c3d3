"""The crew's view: signed Slack requests to the real bot, answers read from the Slack stand-in.

The scripted show and the signature checks go over HTTP; the rest are dispatched to the Bolt app in process.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.entry.logs import configure_logging
from sandbox.slack import Console, run_script
from tests.bot.conftest import BotWorld, end_show, open_show, replies, studio_encoder
from tests.bot.dispatch import command_body, dispatch, signed_headers

SCRIPT = Path(__file__).parents[2] / "sandbox" / "scripts" / "full_show.txt"
STREAM_KEY = re.compile(r"sk_[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+")


def test_the_scripted_show_runs_end_to_end_and_no_stream_key_is_ever_shown(world: BotWorld, channel: str) -> None:
    logs = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("DEBUG", stream=logs)
    try:
        console = world.console(channel)
        assert run_script(console, SCRIPT.read_text().splitlines(), encoder=studio_encoder(world, channel)) == 0, (
            console.out.getvalue()[-3000:]
        )  # type: ignore[attr-defined]
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert logs.getvalue().count("\n") > 10  # the show was logged...
    assert all(json.loads(line) for line in logs.getvalue().splitlines())  # ...as JSON lines
    assert not STREAM_KEY.search(logs.getvalue() + json.dumps([c.params for c in world.slack.calls()]))


def test_help_lists_only_what_the_caller_may_run(world: BotWorld, channel: str) -> None:
    guest = world.dispatcher(channel, "U0GUEST")
    guest.slash("help")
    assert guest.wait_for("status", timeout=5)
    screen = guest.render()
    assert "live stop" not in screen
    host = world.dispatcher(channel, "U0HOST")
    host.slash("")
    assert host.wait_for("record stop", timeout=5)


def test_someone_outside_the_crew_is_refused_politely_and_nothing_happens(world: BotWorld, channel: str) -> None:
    guest = world.dispatcher(channel, "U0GUEST")
    guest.slash("live")
    assert guest.wait_for("only the show's crew", timeout=5)
    time.sleep(0.3)
    assert world.runtime.control.current(chat_channel=channel) is None


def test_a_guest_clicking_a_panel_button_is_refused(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    host.slash("new Guest Test")
    assert host.wait_for("Go live", timeout=15)
    guest = world.dispatcher(channel, "U0GUEST")
    guest.click("Go live")
    assert guest.wait_for("only the show's crew", timeout=5)
    session = world.runtime.control.require_current(chat_channel=channel)
    assert not session.stream_wanted
    host.slash("end")
    assert host.wait_for("End show", timeout=5)
    host.click("End show")
    assert host.wait_for("Show ended", timeout=20)


def test_a_show_set_up_for_a_planned_length_keeps_its_name_and_its_plan(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Late Show for 2h")
    session = world.runtime.control.require_current(chat_channel=channel)
    assert (session.show_name, session.planned_minutes) == ("Late Show", 120)
    end_show(host)


def test_unknown_and_malformed_text_gets_usage_not_an_error(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    host.slash("frobnicate the <#C123|general> “now”")
    assert host.wait_for("know frobnicate", timeout=5), host.render()
    host.slash("live please")
    assert host.wait_for("live takes nothing after it", timeout=5), host.render()
    host.slash("keep forever")
    assert host.wait_for("Usage: /shelcaster keep [duration]", timeout=5), host.render()


def test_status_without_a_show_says_so_and_after_one_lists_it(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    host.slash("status")
    assert host.wait_for("No shows in this channel yet", timeout=5)
    open_show(host, "Late Show")
    replies(host, [("keep 2h", "Keeping the channel running until"), ("status", "Late Show (ready)")])
    end_show(host)


def _post(url: str, body: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _refused(console: Console) -> bool:
    return any(text in console.render() for text in ("Already", "is already running"))


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda b: signed_headers(b, secret="wrong-secret"), id="forged"),
        pytest.param(lambda b: signed_headers(b, at=time.time() - 600), id="expired"),
        pytest.param(lambda b: {"Content-Type": "application/x-www-form-urlencoded"}, id="unsigned"),
    ],
)
def test_requests_without_a_valid_signature_are_rejected(world: BotWorld, channel: str, headers: object) -> None:
    body = command_body(world.slack, channel, "new Forged")
    assert _post(world.url, body, headers(body)) == 401  # type: ignore[operator]
    time.sleep(0.2)
    assert world.runtime.control.current(chat_channel=channel) is None


def test_a_duplicate_delivery_acts_once(world: BotWorld, channel: str) -> None:
    body = command_body(world.slack, channel, "new Twice", trigger="dup-trigger")
    assert dispatch(world.runtime.app, body, signed_headers(body)).status == 200
    assert dispatch(world.runtime.app, body, signed_headers(body)).status == 200
    host = world.dispatcher(channel)
    assert host.wait_for("Go live", timeout=15)
    time.sleep(0.5)
    posts = [c for c in world.slack.calls("chat.postMessage") if c.params.get("channel") == channel]
    panels = [c for c in posts if not c.params.get("thread_ts")]
    assert len(panels) == 1
    assert len(world.runtime.control.sessions(chat_channel=channel)) == 1
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=20)


def test_a_double_click_starts_the_channel_once_and_tells_the_second_clicker(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    host.slash("new Double Click")
    assert host.wait_for("Go live", timeout=15)
    producer = world.dispatcher(channel, "U0PRODUCER")
    channel_id = world.runtime.control.require_current(chat_channel=channel).resources.channel_id
    starts: list[int] = []

    def count(params: dict[str, object], **_: object) -> None:
        if params.get("ChannelId") == channel_id:  # other tests' leftover work on the shared bot is not counted
            starts.append(1)

    world.runtime.aws.medialive.meta.events.register("before-parameter-build.medialive.StartChannel", count)
    host.click("Go live")
    producer.click("Go live")  # the same stale panel, a moment later
    # Whichever click the work pool reaches second is the one refused (under load, that may be the host's).
    deadline = time.monotonic() + 30
    while not any(_refused(c) for c in (host, producer)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any(_refused(c) for c in (host, producer)), producer.render()
    assert host.wait_for("LIVE", timeout=20)
    assert len(starts) == 1
    host.click("End show")
    assert host.wait_for("Show ended", timeout=20)
