"""The stand-in's Home tab: views.publish as Slack answers it, and the console opening the tab."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SlackStandIn

HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Every channel*"}}]}


def test_a_published_home_tab_is_kept_per_user_and_replaced_in_place(slack: SlackStandIn, client: WebClient) -> None:
    first = client.views_publish(user_id="U0ADMIN", view=HOME)["view"]
    again = client.views_publish(user_id="U0ADMIN", view={**HOME, "blocks": []})["view"]
    assert first["type"] == "home" and again["id"] == first["id"]  # one Home tab per user, same id
    home = slack.state.views.home("U0ADMIN")
    assert home is not None and home.blocks == []
    assert slack.state.views.home("U0HOST") is None
    assert not [v for v in slack.views() if v.is_open]  # a Home tab is never an open modal


def test_views_publish_refuses_what_slack_refuses(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as unknown:
        client.views_publish(user_id="U0NOBODY", view=HOME)
    assert unknown.value.response["error"] == "invalid_arguments"
    with pytest.raises(SlackApiError) as modal:
        client.views_publish(user_id="U0ADMIN", view={"type": "modal", "title": {"type": "plain_text", "text": "x"}})
    assert modal.value.response["error"] == "invalid_arguments"
    published = client.views_publish(user_id="U0ADMIN", view=HOME)["view"]
    with pytest.raises(SlackApiError) as stale:
        client.views_publish(user_id="U0ADMIN", view=HOME, hash="not-the-hash")
    assert stale.value.response["error"] == "hash_conflict"
    assert client.views_publish(user_id="U0ADMIN", view=HOME, hash=published["hash"])["ok"]
