"""A slash command whose text says "payload" is still a slash command (Bolt reads any form body containing that
word as an interactive payload: slack_bolt.request.internals.parse_body)."""

from __future__ import annotations

import json
import urllib.request
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot.conftest import BotWorld
from tests.bot.dispatch import command_body, signed_headers

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
TEXTS = st.one_of(
    st.sampled_from(["payload", "help payload", "new payload show", "status payload=1", "payload={}", "&payload"]),
    st.tuples(st.text(max_size=40), st.text(max_size=40)).map(lambda t: f"{t[0]}payload{t[1]}"),
    st.text(max_size=200),
)


def _post(world: BotWorld, body: str) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(world.url, data=body.encode(), headers=signed_headers(body), method="POST")
    with _NO_PROXY.open(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"{}")


@given(text=TEXTS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_command_text_over_signed_http_gets_its_ack_never_a_404(world: BotWorld, text: str) -> None:
    # As a guest, so no example can start a real channel.
    body = command_body(world.slack, "C0TEST58", text, user="U0GUEST", trigger=uuid.uuid4().hex)
    status, reply = _post(world, body)
    assert status == 200
    assert reply.get("response_type") == "ephemeral"
    assert 0 < len(str(reply.get("text", ""))) < 3000
