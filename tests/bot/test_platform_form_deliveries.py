"""The platform form's submission is acted on exactly once, even when Slack delivers it twice or the show is busy."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from bot.actions import show_features
from core.domain.session import BusyMark
from core.errors import AwsFailure
from sandbox.slack.payloads import base_payload, interaction_body, view_state
from tests.bot.conftest import BotWorld, end_show, open_show
from tests.bot.dispatch import dispatch, signed_headers

KEY = "live-KEY-abcdef0123456789"


def _open_form(world: BotWorld, channel: str) -> str:
    """The signed body Slack would send for this show's platform form, which is then closed as Slack closes it."""
    host = world.dispatcher(channel)
    open_show(host, "Deliveries")
    host.slash("platform add")
    session = world.runtime.control.require_current(chat_channel=channel)
    deadline = time.monotonic() + 10
    mine = []  # this show's form: another test's may still be open for the same person
    while not mine and time.monotonic() < deadline:
        mine = [v for v in host.open_views() if session.id in str(v.view.get("private_metadata"))]
        time.sleep(0.05)
    assert mine, "the platform form did not open"
    view = mine[-1]
    state, problems = view_state(view, {"platform_kind": "youtube", "platform_url": "", "platform_key": KEY})
    assert not problems
    world.slack.state.views.set_values(view.id, state)
    payload = base_payload("view_submission", {"id": "U0HOST", "name": "host"}, world.slack.team_id, "trig-form")
    payload["view"] = next(v.view for v in world.slack.views() if v.id == view.id)
    payload["response_urls"] = []
    world.slack.state.views.close(view.id)  # a submitted form closes; left open, it would be another test's top modal
    return interaction_body(payload)


def _deliver(world: BotWorld, body: str) -> None:
    assert dispatch(world.runtime.app, body, signed_headers(body)).status == 200


def _added_once_then_ended(world: BotWorld, channel: str) -> None:
    host = world.dispatcher(channel)
    assert host.wait_for("YouTube output 1 added", timeout=15)
    assert len(world.runtime.control.require_current(chat_channel=channel).platforms) == 1
    end_show(host)


def test_a_form_delivered_twice_adds_one_platform(world: BotWorld, channel: str) -> None:
    body = _open_form(world, channel)
    for _ in range(2):  # Slack retries a submission it thinks was lost
        _deliver(world, body)
    _added_once_then_ended(world, channel)


def test_a_form_submitted_while_the_show_is_busy_is_added_when_it_is_free(
    world: BotWorld, channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(show_features, "BUSY_RETRY_SECONDS", 0.2)
    body = _open_form(world, channel)
    store, session = world.runtime.store, world.runtime.control.require_current(chat_channel=channel)
    now = session.created_at
    mark = BusyMark(action="live", actor="<@U0HOST>", since=now, until=now + timedelta(days=1))
    store.update(session.id, lambda s: s.claimed(mark))
    _deliver(world, body)
    assert world.dispatcher(channel).wait_for("no need to type the key again", timeout=10)
    store.update(session.id, lambda s: s.released_keeping_error())
    _added_once_then_ended(world, channel)


def test_a_request_whose_delivery_record_cannot_be_written_is_still_answered(
    world: BotWorld, channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(key: str, **_: object) -> bool:
        raise AwsFailure("Could not record the request: AWS had an internal error. Try again.", retryable=True)

    monkeypatch.setattr(world.runtime.store, "claim_once", unavailable)
    host = world.dispatcher(channel)
    host.slash("status")
    assert host.wait_for("No shows in this channel yet", timeout=10)
