"""Scripts and the interactive loop, against the Bolt app."""

from __future__ import annotations

import io
from typing import Any

from sandbox.slack import Console, run_interactive, run_script

SHOW = """
# a short show
/shelcaster morning
wait for Go live
expect Status: IDLE
expect not Status: LIVE
cancel End show
expect Status: IDLE
click go live
wait for went live
expect Status: LIVE
select Quality 1080p
wait for Quality set to 1080p
as guest
expect not Quality set
"""


def test_script_passes(console: Console, out: io.StringIO, bot: Any) -> None:
    assert run_script(console, SHOW.splitlines()) == 0
    log = out.getvalue()
    assert "> click go live" in log
    assert "ok: 'Status: LIVE'" in log
    assert "-> Keep going" in log
    assert [p["actions"][0]["action_id"] for p in bot.payloads("block_actions")] == ["go_live", "quality"]


def test_failed_expect_stops_the_script(console: Console, out: io.StringIO, bot: Any) -> None:
    steps = ["/shelcaster morning", "wait for Go live", "expect Status: LIVE", "click Go live"]
    assert run_script(console, steps) == 1
    log = out.getvalue()
    assert "FAILED at step 3 (expect Status: LIVE): did not find 'Status: LIVE' on screen" in log
    assert bot.payloads("block_actions") == []  # nothing after the failure ran


def test_expect_not_fails_when_present(console: Console) -> None:
    assert run_script(console, ["/shelcaster morning", "wait for Go live", "expect not Go live"]) == 1


def test_wait_for_times_out(console: Console, out: io.StringIO) -> None:
    assert run_script(console, ["wait 0.01", "wait for never shown"], wait_timeout=0.2) == 1
    assert "timed out waiting for 'never shown'" in out.getvalue()


def test_bad_steps_fail(console: Console, out: io.StringIO) -> None:
    assert run_script(console, ["teleport now"]) == 1
    assert run_script(console, ["click 7"]) == 1
    assert "no element [7]" in out.getvalue()
    assert run_script(console, ["as nobody"]) == 1


def test_refused_request_fails_the_script(slack: Any, bot: Any, out: io.StringIO) -> None:
    console = Console(slack=slack, bot_url=bot.url, signing_secret="wrong", out=out)
    assert run_script(console, ["/shelcaster morning"]) == 1
    assert "the app answered HTTP 401" in out.getvalue()


def test_modal_submit_step(console: Console, out: io.StringIO) -> None:
    steps = ["/shelcaster key", "expect modal: Platform key", 'submit "Key name=main feed"', "wait for Saved key main"]
    assert run_script(console, steps) == 0
    assert "modal:" not in console.render()


def test_interactive_loop(console: Console, out: io.StringIO) -> None:
    run_interactive(console, io.StringIO("help\n/shelcaster morning\nclick 1\nclick 42\nshow\nquit\nshow\n"))
    log = out.getvalue()
    assert "(no messages yet)" in log  # the screen is shown first
    assert "click N|label" in log
    assert "[1] Go live" in log
    assert "! no element [42]" in log
    assert console.wait_for("went live", timeout=5)


def test_interactive_loop_ends_at_end_of_input(console: Console, out: io.StringIO) -> None:
    run_interactive(console, io.StringIO("show\n"))
    assert out.getvalue().count("#morning-show") == 2
