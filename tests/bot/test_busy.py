"""A bot whose work pool is full answers at once that it is busy, and does nothing it did not say it would."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from slack_bolt import App

from bot.actions.roles import Role
from bot.entry.app import build_app
from bot.entry.workpool import WorkPool
from bot.slack_ui import messages
from tests.bot.conftest import BotWorld, end_show, open_show
from tests.bot.dispatch import dispatch, signed_headers
from tests.bot.test_platform_form_deliveries import _open_form


@pytest.fixture
def busy_app(world: BotWorld) -> Iterator[App]:
    """The bot's app on a pool with one worker, held by a job that waits, and no room to wait."""
    pool = WorkPool(workers=1, waiting=0)
    release = threading.Event()
    assert pool.submit(lambda: release.wait(30) and None)
    runtime = world.runtime
    yield build_app(
        settings=runtime.settings,
        client=runtime.slack,
        desk=runtime.desk,
        role_of=lambda user: Role.CREW,
        once=lambda key: True,
        pool=pool,
    )
    release.set()
    pool.drain(timeout=5)


def test_a_command_is_acked_busy_and_not_run(world: BotWorld, busy_app: App, channel: str) -> None:
    person = world.dispatcher(channel, app=busy_app)
    person.slash("new Busy Show")
    assert person.wait_for(messages.BUSY, timeout=5), person.render()
    assert "On it" not in person.render()
    assert world.runtime.control.current(chat_channel=channel) is None


def test_help_needs_no_worker_and_is_answered_as_usual(world: BotWorld, busy_app: App, channel: str) -> None:
    person = world.dispatcher(channel, app=busy_app)
    person.slash("help")
    assert person.wait_for("record stop", timeout=5), person.render()
    assert messages.BUSY not in person.render()


def test_a_click_is_told_busy_through_its_response_url(world: BotWorld, busy_app: App, channel: str) -> None:
    host = world.dispatcher(channel)
    open_show(host, "Busy Clicks")
    clicker = world.dispatcher(channel, app=busy_app)
    assert clicker.click("Go live") == 200  # acked at once, whatever the pool's state
    assert clicker.wait_for(messages.BUSY, timeout=5), clicker.render()
    assert not world.runtime.control.require_current(chat_channel=channel).stream_wanted
    end_show(host)


def test_a_form_stays_open_with_a_busy_error_so_it_can_be_sent_again(
    world: BotWorld, busy_app: App, channel: str
) -> None:
    body = _open_form(world, channel)
    response = dispatch(busy_app, body, signed_headers(body))
    assert response.status == 200
    ack = json.loads(response.body)
    assert ack["response_action"] == "errors"
    assert messages.BUSY in ack["errors"].values()
    assert not world.runtime.control.require_current(chat_channel=channel).platforms
    end_show(world.dispatcher(channel))
