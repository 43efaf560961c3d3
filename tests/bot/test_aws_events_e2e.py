"""On Lambda, MediaLive and IVS events (EventBridge) reach the bot's `aws_events` entry point, which updates the
panel and thread within seconds, with no sweep and no follow-up job running. The sandbox emits the events in AWS's
documented shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.entry import lambda_handler
from core.domain.aws_events import wakeup
from tests.bot.conftest import BotWorld, end_show, open_show, studio_encoder_on
from tests.watchdog.kit import until


@pytest.fixture
def events_to_lambda(world: BotWorld) -> Iterator[list[dict[str, Any]]]:
    """Every sandbox event goes to the Lambda entry point, as an EventBridge rule's target would get it."""
    lambda_handler._runtime.cache_clear()
    lambda_handler._aws_events.cache_clear()
    answers: list[dict[str, Any]] = []

    def deliver(event: dict[str, Any]) -> None:
        answers.append(lambda_handler.aws_events(event, None))

    world.aws.subscribe_events(deliver)
    yield answers
    world.aws.unsubscribe_events(deliver)
    lambda_handler._runtime.cache_clear()
    lambda_handler._aws_events.cache_clear()


def test_an_encoder_drop_and_a_stop_outside_the_bot_reach_the_thread_and_panel_by_events(
    world: BotWorld, channel: str, events_to_lambda: list[dict[str, Any]]
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Evented")
    studio_encoder_on(world, channel)
    host.click("Go live")
    assert host.wait_for("the stream is LIVE on IVS", timeout=30), host.render()
    session = world.runtime.control.require_current(chat_channel=channel)
    assert session.resources.input_id and session.resources.channel_id
    world.aws.connect_encoder(session.resources.input_id, connected=False)
    assert until(lambda: "host's encoder stopped sending" in host.render(), timeout=5), host.render()
    assert any(a["detail_type"] == "MediaLive Channel Alert" and a["session"] == session.id for a in events_to_lambda)
    world.aws.connect_encoder(session.resources.input_id)
    assert until(lambda: "Video is arriving from host" in host.render(), timeout=5), host.render()
    world.runtime.aws.medialive.stop_channel(ChannelId=session.resources.channel_id)  # someone in the AWS console
    assert until(lambda: "*Channel*\nidle" in host.render() or "Channel idle" in host.render(), timeout=10), (
        host.render()
    )
    assert host.wait_for("MediaLive stopped the channel on its own", timeout=10), host.render()
    end_show(host)


def test_the_documented_example_events_name_their_channel_and_others_are_ignored() -> None:
    # MediaLive UG "JSON for a state change event" and "JSON for an alert event" (trimmed to what is read).
    state = {
        "detail-type": "MediaLive Channel State Change",
        "source": "aws.medialive",
        "resources": ["arn:aws:medialive:us-west-2:111122223333:channel:283886"],
        "detail": {"channel_arn": "arn:aws:medialive:us-west-2:111122223333:channel:123456", "state": "DELETED"},
    }
    woke = wakeup(state)
    assert woke is not None and woke.medialive_channel_id == "123456"
    alert = {**state, "detail-type": "MediaLive Channel Alert", "detail": {"alarm_state": "CLEARED", "pipeline": "0"}}
    woke = wakeup(alert)
    assert woke is not None and woke.medialive_channel_id == "283886"  # no channel_arn in detail: the resource
    ivs = {
        "detail-type": "IVS Stream State Change",
        "source": "aws.ivs",
        "resources": ["arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij"],
        "detail": {"event_name": "Stream End", "channel_name": "Show", "stream_id": "st-1A2b3c4D5e6F78ghij9Klmn"},
    }
    woke = wakeup(ivs)
    assert woke is not None and woke.ivs_channel_arn == ivs["resources"][0]
    assert wakeup({"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification"}) is None


def test_events_through_an_sqs_queue_are_read_from_the_records(
    world: BotWorld, channel: str, events_to_lambda: list[dict[str, Any]]
) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Queued")
    session = world.runtime.control.require_current(chat_channel=channel)
    event = {
        "detail-type": "MediaLive Channel State Change",
        "source": "aws.medialive",
        "resources": [f"arn:aws:medialive:us-east-1:123456789012:channel:{session.resources.channel_id}"],
        "detail": {"state": "IDLE"},
    }
    answer = lambda_handler.aws_events({"Records": [{"eventSource": "aws:sqs", "body": json.dumps(event)}]}, None)
    assert answer == {"sessions": [session.id]}
    end_show(host)
