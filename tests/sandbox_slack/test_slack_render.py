"""Rendering and Block Kit validation without any HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.slack.blocks import validate_blocks, validate_view
from sandbox.slack.model import Message, View
from sandbox.slack.render import paint

NAMES = {"U0HOST": "host", "U0SANDBOXBOT": "shelcaster"}


def screen(messages: list[Message], ephemerals: list[Message] | None = None, modal: View | None = None) -> Any:
    return paint(
        channel="C0MORNING",
        messages=messages,
        ephemerals=ephemerals or [],
        modal=modal,
        modal_errors={},
        user_name=lambda u: NAMES.get(u, u),
        channel_name=lambda c: {"C0MORNING": "morning-show"}.get(c, c),
    )


def text_message(text: str, ts: str = "1700000000.000100") -> Message:
    return Message(channel="C0MORNING", ts=ts, text=text)


@pytest.mark.parametrize(
    ("mrkdwn", "shown"),
    [
        ("*Status:* _live_ ~old~ `code`", "Status: live old code"),
        ("<@U0HOST> started <#C0MORNING>", "@host started #morning-show"),
        ("<!here> <!subteam^S0CREW|@crew>", "@here @crew"),
        ("<https://example.com/x|the stream> and <https://example.com>", "the stream and https://example.com"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        (":red_circle: LIVE at 10:30:45 :no_such_emoji:", "🔴 LIVE at 10:30:45 :no_such_emoji:"),
    ],
)
def test_mrkdwn_is_lightly_stripped(mrkdwn: str, shown: str) -> None:
    assert shown in screen([text_message(mrkdwn)]).text


def test_thread_replies_and_ephemerals_follow_their_message() -> None:
    reply = Message(channel="C0MORNING", ts="1700000001.000100", text="<@U0HOST> went live", thread_ts="1")
    parent = Message(channel="C0MORNING", ts="1700000000.000100", text="panel", replies=[reply])
    mine = Message(channel="C0MORNING", ts="1700000002.000100", text="only you", ephemeral=True)
    lines = screen([parent], [mine]).lines
    assert lines[0] == "#morning-show"
    panel_at = next(i for i, line in enumerate(lines) if line.strip() == "panel")
    reply_at = next(i for i, line in enumerate(lines) if "@host went live" in line)
    mine_at = next(i for i, line in enumerate(lines) if "(only visible to you)" in line)
    assert panel_at < reply_at < mine_at
    assert lines[reply_at].startswith("    | ")
    assert "    thread: 1 reply" in lines


def test_modal_is_drawn_with_inputs_and_buttons() -> None:
    view = View(
        id="V1",
        user="U0HOST",
        is_open=True,
        root_view_id="V1",
        view={
            "title": {"type": "plain_text", "text": "Keys"},
            "submit": {"type": "plain_text", "text": "Save"},
            "callback_id": "keys",
            "blocks": [
                {
                    "type": "input",
                    "block_id": "b",
                    "label": {"type": "plain_text", "text": "Name"},
                    "element": {"type": "plain_text_input", "action_id": "n", "initial_value": "main"},
                },
                {
                    "type": "actions",
                    "block_id": "a",
                    "elements": [{"type": "button", "action_id": "t", "text": {"type": "plain_text", "text": "Test"}}],
                },
            ],
        },
    )
    shown = screen([], modal=view)
    assert "+-- modal: Keys  (callback_id keys)" in shown.text
    assert "| Name: main  (plain_text_input n)" in shown.text
    assert "| [1] Test" in shown.text
    assert "[submit: Save]" in shown.text
    assert shown.buttons[0].view is view


@given(st.integers(min_value=1, max_value=120))
def test_button_label_limit(length: int) -> None:
    blocks = [
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "x" * length}}]}
    ]
    assert (validate_blocks(blocks) == []) == (length <= 75)


@given(st.integers(min_value=0, max_value=120))
def test_block_count_limits(count: int) -> None:
    blocks = [{"type": "divider"}] * count
    assert (validate_blocks(blocks) == []) == (count <= 50)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "t"}, "blocks": blocks}
    assert (validate_view(view) == []) == (count <= 100)


def test_view_limits() -> None:
    base = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 24}, "blocks": []}
    assert validate_view(base) == []
    assert validate_view({**base, "submit": {"type": "plain_text", "text": "s" * 25}})
    assert validate_view({**base, "close": {"type": "plain_text", "text": "c" * 25}})
    assert validate_view({**base, "private_metadata": "m" * 3001})
    assert validate_view({**base, "type": "popup"})
