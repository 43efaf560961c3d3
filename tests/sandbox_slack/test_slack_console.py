"""The console against a real Bolt app over HTTP."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest

from sandbox.slack import Console, SlackStandIn
from tests.sandbox_slack.conftest import decode_form

CH = "C0MORNING"


def start_show(console: Console) -> None:
    assert console.slash("morning") == 200
    assert console.wait_for("[1] Go live", timeout=5)


def test_slash_command_is_signed_and_answered(console: Console, bot: Any, slack: SlackStandIn) -> None:
    start_show(console)
    [command] = bot.payloads("command")
    assert command["command"] == "/shelcaster"
    assert command["text"] == "morning"
    assert (command["channel_id"], command["channel_name"]) == (CH, "morning-show")
    assert (command["user_id"], command["user_name"], command["team_id"]) == ("U0HOST", "host", "T0SANDBOX")
    assert command["response_url"].startswith(slack.base_url)
    assert command["trigger_id"]
    assert command["api_app_id"]
    assert console.wait_for("Starting morning", timeout=5)
    screen = console.render()
    assert "(only visible to you)" in screen
    assert "== Morning Show ==" in screen
    assert "Status: IDLE" in screen


def test_wrong_signing_secret_is_refused(slack: SlackStandIn, bot: Any, out: io.StringIO) -> None:
    intruder = Console(slack=slack, bot_url=bot.url, signing_secret="not-the-secret", out=out)
    assert intruder.slash("morning") == 401
    assert bot.received == []
    assert 'failed with the error "dispatch_failed"' in intruder.render()
    assert intruder.render().count("Slackbot") == 1


def test_stale_timestamp_is_refused(slack: SlackStandIn, bot: Any, out: io.StringIO, signing_secret: str) -> None:
    late = Console(
        slack=slack, bot_url=bot.url, signing_secret=signing_secret, out=out, clock=lambda: time.time() - 600
    )
    assert late.slash("morning") == 401


def test_click_by_number_updates_the_panel(console: Console, bot: Any, slack: SlackStandIn) -> None:
    start_show(console)
    assert console.click(1) == 200
    assert console.wait_for("went live", timeout=5)
    screen = console.render()
    assert "Status: LIVE" in screen
    assert "(edited)" in screen
    assert "@host went live" in screen
    [panel] = slack.messages(CH)
    assert panel.replies[0].text == "<@U0HOST> went live"


def test_block_actions_payload_has_slack_shape(console: Console, bot: Any, slack: SlackStandIn) -> None:
    start_show(console)
    console.click("Go live")
    [payload] = bot.payloads("block_actions")
    panel = slack.messages(CH)[0]
    assert payload["user"] == {"id": "U0HOST", "username": "host", "name": "host", "team_id": "T0SANDBOX"}
    assert payload["container"] == {
        "type": "message",
        "message_ts": panel.ts,
        "channel_id": CH,
        "is_ephemeral": False,
    }
    assert payload["channel"] == {"id": CH, "name": "morning-show"}
    assert payload["message"]["ts"] == panel.ts
    assert payload["message"]["blocks"][3]["block_id"] == "controls"
    assert payload["trigger_id"]
    assert payload["response_url"].startswith(slack.base_url)
    [action] = payload["actions"]
    assert action["type"] == "button"
    assert (action["action_id"], action["block_id"], action["value"]) == ("go_live", "controls", "session-1")
    assert action["text"]["text"] == "Go live"
    assert float(action["action_ts"]) > 0


def test_click_by_label_is_case_insensitive(console: Console) -> None:
    start_show(console)
    assert console.click("GO LIVE") == 200
    assert console.wait_for("Status: LIVE", timeout=5)


def test_unknown_reference_raises(console: Console) -> None:
    start_show(console)
    with pytest.raises(LookupError):
        console.click(9)
    with pytest.raises(LookupError):
        console.click("Teleport")
    with pytest.raises(ValueError, match="select"):
        console.click("Quality")


def test_confirm_dialog_cancel_sends_nothing(console: Console, bot: Any, out: io.StringIO) -> None:
    start_show(console)
    assert console.click("End show", confirm=False) == 0
    assert bot.payloads("block_actions") == []
    assert "End the show?" in out.getvalue()
    assert "-> Keep going" in out.getvalue()
    assert console.click("End show") == 200
    assert console.wait_for("Show ended", timeout=5)
    assert "-> End it" in out.getvalue()
    assert "[1] Go live" not in console.render()  # replace_original dropped the buttons


def test_select_sends_the_option(console: Console, bot: Any) -> None:
    start_show(console)
    assert console.select("quality", "1080P") == 200
    assert console.wait_for("Quality set to 1080p", timeout=5)
    [action] = bot.payloads("block_actions")[0]["actions"]
    assert action["type"] == "static_select"
    assert action["selected_option"]["value"] == "fhd"
    with pytest.raises(ValueError, match="720p"):
        console.select(3, "4K")


def test_ack_body_is_shown_as_ephemeral(console: Console, slack: SlackStandIn) -> None:
    assert console.slash("ping") == 200
    assert [m.text for m in slack.ephemerals(CH, "U0HOST")] == ["pong"]
    assert slack.calls("response_url") == []  # an ack does not spend a response_url use


def test_other_users_do_not_see_my_ephemerals(console: Console) -> None:
    start_show(console)
    console.wait_for("Starting morning", timeout=5)
    console.as_user("guest")
    screen = console.render()
    assert "Starting morning" not in screen
    assert "Morning Show" in screen
    with pytest.raises(LookupError):
        console.as_user("nobody")


def test_modal_submission(console: Console, bot: Any, slack: SlackStandIn, out: io.StringIO) -> None:
    assert console.slash("key") == 200
    assert console.wait_for("modal: Platform key", timeout=5)
    assert console.submit_view({}) == 0  # Slack's client insists on required inputs
    assert "Please fill out this field" in out.getvalue()
    assert console.submit_view({"key_block": "bad"}) == 200
    assert "That key name is taken" in console.render()
    assert console.submit_view({"Key name": "youtube-main", "platform": "YouTube"}) == 200
    assert console.wait_for("Saved key youtube-main", timeout=5)
    assert "modal:" not in console.render()
    payload = bot.payloads("view_submission")[-1]
    view = payload["view"]
    assert (view["callback_id"], view["private_metadata"]) == ("key_modal", "session-1")
    values = view["state"]["values"]
    assert values["key_block"]["key_input"] == {"type": "plain_text_input", "value": "youtube-main"}
    assert values["platform_block"]["platform"]["selected_option"]["value"] == "yt"
    with pytest.raises(LookupError):
        console.submit_view({"key_block": "x"})


def test_numbering_is_stable_top_to_bottom(console: Console, slack: SlackStandIn) -> None:
    start_show(console)
    console.slash("evening")
    # the reply and the second panel are two separate posts: wait for the panel's buttons, not just the reply
    assert console.wait_for("[4] Go live", timeout=5)
    buttons = console.buttons()
    assert [b.number for b in buttons] == list(range(1, 7))
    assert [b.label for b in buttons] == ["Go live", "End show", "Quality"] * 2
    first, second = slack.messages(CH)
    assert [b.message.ts if b.message else None for b in buttons] == [first.ts] * 3 + [second.ts] * 3
    console.click(4)
    assert console.wait_for("went live", timeout=5)
    assert [b.label for b in console.buttons()] == ["Go live", "End show", "Quality"] * 2
    assert "[4] Go live" in console.render()


def test_render_reads_like_slack(console: Console) -> None:
    start_show(console)
    screen = console.render()
    assert screen.startswith("#morning-show")
    assert "{" not in screen
    assert "*" not in screen
    assert "Host @host" in screen
    assert "Channel #morning-show" in screen
    assert "[3] Quality: - (720p | 1080p)" in screen


def test_unreachable_app(slack: SlackStandIn, out: io.StringIO, signing_secret: str) -> None:
    down = Console(slack=slack, bot_url="http://127.0.0.1:9/slack/events", signing_secret=signing_secret, out=out)
    assert down.slash("x") == 0
    assert "dispatch_failed" in down.render()


def test_requests_can_reach_the_app_without_http(slack: SlackStandIn, out: io.StringIO) -> None:
    sent: list[tuple[str, str, str, int]] = []

    def send(url: str, body: str, *, secret: str, timestamp: int, timeout: float) -> tuple[int, str]:
        sent.append((url, body, secret, timestamp))
        return 200, '{"text": "handed over"}'

    console = Console(
        slack=slack, bot_url="in-process", signing_secret="s3cret", out=out, clock=lambda: 1.7e9, send=send
    )
    assert console.slash("morning") == 200
    [(url, body, secret, timestamp)] = sent
    assert (url, secret, timestamp) == ("in-process", "s3cret", 1_700_000_000)
    assert decode_form(body)["text"] == "morning"
    assert console.wait_for("handed over", timeout=5)


def test_slow_ack_times_out_like_slack(console: Console, slack: SlackStandIn) -> None:
    console.ack_deadline = 0.1
    assert console.slash("slow") == 200
    [shown] = slack.ephemerals(CH, "U0HOST")
    assert shown.text == '/shelcaster failed with the error "operation_timeout"'


def test_buttons_inside_a_modal(console: Console, bot: Any, slack: SlackStandIn) -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Tools"},
        "blocks": [
            {
                "type": "actions",
                "block_id": "tools",
                "elements": [{"type": "button", "action_id": "probe", "text": {"type": "plain_text", "text": "Probe"}}],
            }
        ],
    }
    opened = slack.state.views.open(slack.state.views.issue_trigger("U0HOST"), view)
    assert "[1] Probe" in console.render()
    console.click("Probe")  # the app has no listener for it; the payload still arrives
    [payload] = bot.payloads("block_actions")
    assert payload["container"] == {"type": "view", "view_id": opened["id"]}
    assert payload["view"]["id"] == opened["id"]
    assert "response_url" not in payload
