"""The Web API stand-in, driven by a real slack_sdk WebClient."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from sandbox.slack import SlackStandIn, SlackUser

CH = "C0MORNING"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(label: str, action_id: str = "a", **extra: Any) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id, **extra}


def api_error(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as info:
        call()
    data = info.value.response.data
    assert isinstance(data, dict)
    return data


def test_post_update_thread_and_ephemeral(slack: SlackStandIn, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=CH, text="panel", blocks=[section("*Status:* idle")])
    ts = posted["ts"]
    assert re.fullmatch(r"\d{10}\.\d{6}", ts)
    assert posted["channel"] == CH
    assert posted["message"]["blocks"][0]["text"]["text"] == "*Status:* idle"
    reply = client.chat_postMessage(channel=CH, text="went live", thread_ts=ts)
    assert reply["message"]["thread_ts"] == ts
    assert float(reply["ts"]) > float(ts)
    updated = client.chat_update(channel=CH, ts=ts, text="panel", blocks=[section("*Status:* live")])
    assert updated["ts"] == ts
    eph = client.chat_postEphemeral(channel=CH, user="U0HOST", text="only you")
    assert "message_ts" in eph

    [panel] = slack.messages(CH)
    assert panel.edited
    assert panel.blocks[0]["text"]["text"] == "*Status:* live"
    assert [r.text for r in panel.replies] == ["went live"]
    assert [m.text for m in slack.ephemerals(CH, "U0HOST")] == ["only you"]
    assert slack.ephemerals(CH, "U0GUEST") == []


def test_timestamps_strictly_increase(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel=CH, text=str(i))["ts"] for i in range(20)]
    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == len(stamps)


def test_update_keeps_blocks_unless_replaced(slack: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=CH, text="a", blocks=[section("x")])["ts"]
    client.chat_update(channel=CH, ts=ts, text="b")
    assert slack.messages(CH)[0].blocks[0]["text"]["text"] == "x"
    client.chat_update(channel=CH, ts=ts, text="c", blocks=[])
    assert slack.messages(CH)[0].blocks == []


def test_auth_is_checked(slack: SlackStandIn) -> None:
    assert api_error(WebClient(base_url=slack.api_url, token="xoxb-wrong").auth_test)["error"] == "invalid_auth"
    assert api_error(WebClient(base_url=slack.api_url).auth_test)["error"] == "not_authed"
    assert not slack.calls("auth.test")[0].ok


def test_auth_test_and_unknown_method(client: WebClient) -> None:
    me = client.auth_test()
    assert me["team_id"] == "T0SANDBOX"
    assert me["user_id"]
    assert me["bot_id"]
    assert api_error(lambda: client.api_call("chat.teleport"))["error"] == "unknown_method"


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([section("x")] * 51, "/blocks"),
        ([section("x" * 3001)], "/blocks/0/text/text"),
        ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}], "/blocks/0/fields"),
        ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}], "/blocks/0/fields/0/text"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "/blocks/0/text/text"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "/blocks/0/text/type"),
        ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}], "/blocks/0/elements"),
        ([{"type": "actions", "elements": [button("b", f"a{i}") for i in range(26)]}], "/blocks/0/elements"),
        ([{"type": "actions", "elements": [button("b" * 76)]}], "/blocks/0/elements/0/text/text"),
        ([{"type": "actions", "elements": [button("b", "a" * 256)]}], "/blocks/0/elements/0/action_id"),
        ([{"type": "actions", "elements": [button("b", value="v" * 2001)]}], "/blocks/0/elements/0/value"),
        ([{"type": "actions", "elements": [button("b", url="u" * 3001)]}], "/blocks/0/elements/0/url"),
        ([{"type": "actions", "elements": [button("b", "same"), button("c", "same")]}], "/blocks/0/elements/1"),
        ([{**section("a"), "block_id": "b1"}, {**section("b"), "block_id": "b1"}], "/blocks/1/block_id"),
        ([{**section("a"), "block_id": "b" * 256}], "/blocks/0/block_id"),
        ([{"type": "carousel"}], "/blocks/0/type"),
        ([{"type": "section"}], "/blocks/0"),
        ([{"type": "actions", "elements": [{"type": "laser"}]}], "/blocks/0/elements/0/type"),
    ],
)
def test_invalid_blocks_are_rejected(client: WebClient, blocks: list[dict[str, Any]], pointer: str) -> None:
    data = api_error(lambda: client.chat_postMessage(channel=CH, text="t", blocks=blocks))
    assert data["error"] == "invalid_blocks"
    assert any(f"[json-pointer:{pointer}" in e for e in data["errors"]), data["errors"]


def confirm(**sizes: int) -> dict[str, Any]:
    texts = {k: "x" * sizes.get(k, 5) for k in ("title", "text", "confirm", "deny")}
    return {k: {"type": "plain_text", "text": v} for k, v in texts.items()}


def options(n: int, text: int = 3, value: int = 3) -> list[dict[str, Any]]:
    return [{"text": {"type": "plain_text", "text": "t" * text}, "value": f"{i}".rjust(value, "v")} for i in range(n)]


@pytest.mark.parametrize(
    ("element", "ok"),
    [
        (button("b", confirm=confirm(title=100, text=300, confirm=30, deny=30)), True),
        (button("b", confirm=confirm(title=101)), False),
        (button("b", confirm=confirm(text=301)), False),
        (button("b", confirm=confirm(confirm=31)), False),
        (button("b", confirm=confirm(deny=31)), False),
        ({"type": "static_select", "action_id": "s", "options": options(100, 75, 150)}, True),
        ({"type": "static_select", "action_id": "s", "options": options(101)}, False),
        ({"type": "static_select", "action_id": "s", "options": options(2, text=76)}, False),
        ({"type": "static_select", "action_id": "s", "options": options(2, value=151)}, False),
    ],
)
def test_element_limits(client: WebClient, element: dict[str, Any], ok: bool) -> None:
    blocks = [{"type": "actions", "elements": [element]}]
    if ok:
        assert client.chat_postMessage(channel=CH, text="t", blocks=blocks)["ok"]
    else:
        assert api_error(lambda: client.chat_postMessage(channel=CH, text="t", blocks=blocks))["error"] == (
            "invalid_blocks"
        )


def test_limits_are_inclusive(client: WebClient) -> None:
    blocks = [section("x" * 3000)] + [section("y")] * 49
    assert client.chat_postMessage(channel=CH, text="t", blocks=blocks)["ok"]
    assert client.chat_postMessage(channel=CH, text="x" * 40000)["ok"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_message_body_rules(client: WebClient) -> None:
    assert api_error(lambda: client.chat_postMessage(channel=CH, text="x" * 40001))["error"] == "msg_too_long"
    assert api_error(lambda: client.chat_postMessage(channel=CH, text=""))["error"] == "no_text"
    assert api_error(lambda: client.chat_postMessage(channel="C0NOPE", text="x"))["error"] == "channel_not_found"
    assert api_error(lambda: client.chat_update(channel=CH, ts="1.000001", text="x"))["error"] == "message_not_found"
    assert api_error(lambda: client.chat_postEphemeral(channel=CH, user="U0NOBODY", text="x"))["error"] == (
        "user_not_found"
    )
    assert api_error(lambda: client.chat_postMessage(channel=CH, text="x", thread_ts="1.000001"))["error"] == (
        "thread_not_found"
    )


def test_form_bodies_carry_blocks_as_json_strings(slack: SlackStandIn, client: WebClient) -> None:
    blocks = json.dumps([section("from a form")])
    resp = client.api_call("chat.postMessage", params={"channel": CH, "text": "t", "blocks": blocks})
    assert resp["ok"]
    assert slack.messages(CH)[0].blocks[0]["text"]["text"] == "from a form"
    bad = api_error(lambda: client.api_call("chat.postMessage", params={"channel": CH, "blocks": "[{"}))
    assert bad["error"] == "invalid_blocks_format"
    by_name = client.api_call("chat.postMessage", params={"channel": "#morning-show", "text": "named"})
    assert by_name["channel"] == CH


def test_directory_lookups(client: WebClient) -> None:
    assert client.usergroups_users_list(usergroup="S0CREW")["users"] == ["U0HOST", "U0PRODUCER", "U0ENGINEER"]
    assert api_error(lambda: client.usergroups_users_list(usergroup="S0NONE"))["error"] == "no_such_subteam"
    user = client.users_info(user="U0PRODUCER")["user"]
    assert (user["id"], user["name"], user["is_bot"]) == ("U0PRODUCER", "producer", False)
    assert api_error(lambda: client.users_info(user="U0NOBODY"))["error"] == "user_not_found"
    assert client.conversations_info(channel="C0ALERTS")["channel"]["name"] == "shelcaster-alerts"
    assert api_error(lambda: client.conversations_info(channel="C0NOPE"))["error"] == "channel_not_found"
    assert "U0GUEST" in client.conversations_members(channel=CH)["members"]


def test_custom_directory() -> None:
    with SlackStandIn(users=[SlackUser("U1", "ann")], usergroups={"S1": ["U1"]}, channels={"C1": "news"}) as s:
        c = WebClient(base_url=s.api_url, token="xoxb-sandbox-token")
        assert c.users_info(user="U1")["user"]["name"] == "ann"
        assert c.usergroups_users_list(usergroup="S1")["users"] == ["U1"]
        assert c.chat_postMessage(channel="C1", text="hi")["ok"]
        assert api_error(lambda: c.users_info(user="U0HOST"))["error"] == "user_not_found"


def test_calls_are_recorded_without_the_token(slack: SlackStandIn, client: WebClient) -> None:
    client.chat_postMessage(channel=CH, text="hi", blocks=[section("b")])
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C0NOPE", text="hi")
    posts = slack.calls("chat.postMessage")
    assert [c.ok for c in posts] == [True, False]
    assert posts[1].error == "channel_not_found"
    assert posts[0].params["blocks"][0]["text"]["text"] == "b"
    assert posts[0].response["ts"] == slack.messages(CH)[0].ts
    assert all("token" not in c.params for c in slack.calls())
    assert "xoxb" not in json.dumps([c.params for c in slack.calls()])
    slack.reset()
    assert slack.calls() == []
    assert slack.messages(CH) == []


def test_delete_and_permalink(slack: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=CH, text="a")["ts"]
    reply = client.chat_postMessage(channel=CH, text="r", thread_ts=ts)["ts"]
    link = client.chat_getPermalink(channel=CH, message_ts=reply)["permalink"]
    assert link.endswith(f"/archives/{CH}/p{reply.replace('.', '')}?thread_ts={ts}&cid={CH}")
    client.chat_delete(channel=CH, ts=ts)  # a parent with replies leaves a tombstone
    assert slack.messages(CH)[0].deleted
    client.chat_delete(channel=CH, ts=reply)
    lone = client.chat_postMessage(channel=CH, text="b")["ts"]
    client.chat_delete(channel=CH, ts=lone)
    assert [m.ts for m in slack.messages(CH)] == [ts]
    assert api_error(lambda: client.chat_delete(channel=CH, ts=lone))["error"] == "message_not_found"


def test_response_url_rules(slack: SlackStandIn, client: WebClient) -> None:
    url = slack.new_response_url(channel=CH, user="U0HOST")
    assert WebhookClient(url).send(text="private").status_code == 200
    assert WebhookClient(url).send(text="public", response_type="in_channel").status_code == 200
    assert [m.text for m in slack.ephemerals(CH, "U0HOST")] == ["private"]
    assert [m.text for m in slack.messages(CH)] == ["public"]
    for _ in range(3):
        WebhookClient(url).send(text="again")
    used = WebhookClient(url).send(text="sixth")
    assert (used.status_code, json.loads(used.body)["error"]) == (404, "used_url")
    assert [c.ok for c in slack.calls("response_url")] == [True] * 5 + [False]

    ts = client.chat_postMessage(channel=CH, text="panel")["ts"]
    action_url = slack.new_response_url(channel=CH, user="U0GUEST", message_ts=ts)
    WebhookClient(action_url).send(text="replaced", replace_original=True)
    assert slack.messages(CH)[1].text == "replaced"
    WebhookClient(action_url).send(text="", delete_original=True)
    assert [m.text for m in slack.messages(CH)] == ["public"]

    eph_ts = client.chat_postEphemeral(channel=CH, user="U0GUEST", text="choose")["message_ts"]
    eph_url = slack.new_response_url(channel=CH, user="U0GUEST", message_ts=eph_ts, is_ephemeral=True)
    WebhookClient(eph_url).send(text="chosen", replace_original=True)
    assert [m.text for m in slack.ephemerals(CH, "U0GUEST")] == ["chosen"]
    bad = WebhookClient(eph_url).send(blocks=[{"type": "carousel"}])
    assert bad.status_code == 400


def test_views(slack: SlackStandIn, client: WebClient) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Keys"}, "blocks": [section("hi")]}
    trigger = slack.state.views.issue_trigger("U0HOST")
    view = client.views_open(trigger_id=trigger, view=modal)["view"]
    assert view["id"].startswith("V")
    assert view["root_view_id"] == view["id"]
    changed = client.views_update(view_id=view["id"], view={**modal, "title": {"type": "plain_text", "text": "New"}})
    assert changed["view"]["title"]["text"] == "New"
    pushed = client.views_push(trigger_id=trigger, view=modal)["view"]
    assert pushed["previous_view_id"] == view["id"]
    client.views_push(trigger_id=trigger, view=modal)
    assert api_error(lambda: client.views_push(trigger_id=trigger, view=modal))["error"] == "push_limit_reached"
    assert [v.title for v in slack.views()] == ["New", "Keys", "Keys"]
    assert all(v.user == "U0HOST" and v.is_open for v in slack.views())

    long_title = {**modal, "title": {"type": "plain_text", "text": "t" * 25}}
    data = api_error(lambda: client.views_open(trigger_id=trigger, view=long_title))
    assert data["error"] == "invalid_arguments"
    assert "/view/title/text" in data["response_metadata"]["messages"][0]
    assert api_error(lambda: client.views_open(trigger_id="", view=modal))["error"] == "invalid_arguments"
    assert api_error(lambda: client.views_update(view_id="V0NOPE", view=modal))["error"] == "not_found"
    no_submit = {**modal, "blocks": [{"type": "input", "label": {"type": "plain_text", "text": "L"}}]}
    messages = api_error(lambda: client.views_open(trigger_id=trigger, view=no_submit))["response_metadata"]
    assert any("/view/submit" in m for m in messages["messages"])
    assert any("/view/blocks/0/element" in m for m in messages["messages"])
