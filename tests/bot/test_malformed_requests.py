"""Malformed requests get a 400 or 401 and one log line, never a 500 with a traceback."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.bot.conftest import BotWorld
from tests.bot.dispatch import signed_headers

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_FORM = "application/x-www-form-urlencoded"


def _status(world: BotWorld, body: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(world.url, data=body.encode(), headers=headers, method="POST")
    try:
        with _NO_PROXY.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _payload(**fields: object) -> str:
    return "payload=" + urllib.parse.quote(json.dumps(fields))


def _json_headers(body: str) -> dict[str, str]:
    return {**signed_headers(body), "Content-Type": "application/json"}


ACTION = {"type": "block_actions", "user": {"id": "U0HOST"}, "channel": {"id": "C0TEST57"}, "team": {"id": "T1"}}


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        pytest.param(
            "command=%2Fshelcaster&text=help",
            {"Content-Type": _FORM, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"},
            {400, 401},
            id="non-numeric timestamp",
        ),
        pytest.param("not json", None, {400}, id="json content type, body not json"),
        pytest.param("payload=%7Bnot", "form", {400}, id="malformed payload"),
        pytest.param(_payload(**ACTION, actions=[]), "form", {400}, id="no actions"),
        pytest.param(
            _payload(
                type="view_submission",
                user={"id": "U0HOST"},
                team={"id": "T1"},
                view={"callback_id": "platform_add", "private_metadata": "{nope", "state": {"values": {}}},
            ),
            "form",
            {400},
            id="private_metadata not json",
        ),
    ],
)
def test_a_malformed_request_is_refused_without_a_traceback(
    world: BotWorld, body: str, headers: object, expected: set[int], caplog: pytest.LogCaptureFixture
) -> None:
    sent = _json_headers(body) if headers is None else signed_headers(body) if headers == "form" else headers
    assert isinstance(sent, dict)
    assert _status(world, body, sent) in expected
    assert not any(record.exc_info for record in caplog.records)
