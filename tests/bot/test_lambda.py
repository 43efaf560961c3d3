"""The same app on AWS Lambda: the ack answers at once, and the work runs when Bolt re-invokes the function."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from bot.entry import lambda_handler
from tests.bot.conftest import BotWorld
from tests.bot.dispatch import command_body, signed_headers

FUNCTION = "shelcaster-bot"


class _Context:
    function_name = FUNCTION
    invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{FUNCTION}"


@pytest.fixture
def invocations(world: BotWorld) -> Iterator[list[dict[str, Any]]]:
    """The function exists in the sandbox; what Bolt asks Lambda to run later is captured, not run."""
    endpoint = world.runtime.settings.aws_endpoint_url
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("noop.py", "def handler(event, context): pass")
    functions = boto3.client("lambda", endpoint_url=endpoint)
    if FUNCTION not in [f["FunctionName"] for f in functions.list_functions()["Functions"]]:
        functions.create_function(
            FunctionName=FUNCTION,
            Runtime="python3.11",
            Handler="noop.handler",
            Role=world.runtime.settings.medialive_role_arn,
            Code={"ZipFile": code.getvalue()},
        )
    boto3.setup_default_session()  # Bolt's adapter builds its client from the default session
    captured: list[dict[str, Any]] = []
    assert boto3.DEFAULT_SESSION is not None
    boto3.DEFAULT_SESSION.events.register(
        "before-call.lambda.Invoke", lambda params, **_: captured.append(json.loads(params["body"]))
    )
    lambda_handler._runtime.cache_clear()
    lambda_handler._slack_handler.cache_clear()
    yield captured
    lambda_handler._runtime.cache_clear()
    lambda_handler._slack_handler.cache_clear()


def test_a_slash_command_is_acked_then_done_by_the_re_invocation(
    world: BotWorld, channel: str, invocations: list[dict[str, Any]]
) -> None:
    body = command_body(world.slack, channel, "new Lambda Show", trigger="lambda-trigger")
    event = {
        "version": "2.0",
        "routeKey": "POST /slack/events",
        "rawPath": "/slack/events",
        "rawQueryString": "",
        "headers": {k.lower(): v for k, v in signed_headers(body).items()},
        "requestContext": {"http": {"method": "POST", "path": "/slack/events"}},
        "body": body,
        "isBase64Encoded": False,
    }
    ack = lambda_handler.handler(event, _Context())
    assert ack["statusCode"] == 200
    assert "On it" in json.loads(ack["body"])["text"]
    assert not world.slack.messages(channel)  # nothing done yet: the ack came first
    assert len(invocations) == 1
    assert lambda_handler.handler(invocations[0], _Context())["statusCode"] == 200
    assert "Lambda Show" in world.slack.messages(channel)[0].text
    session = world.runtime.control.require_current(chat_channel=channel)
    world.runtime.control.end_session(session_id=session.id, actor="test")
