"""Free text after /shelcaster: anything at all gets a short, well-formed reply and never an error."""

from __future__ import annotations

import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.actions.commands import decide
from bot.actions.roles import Role
from tests.bot.conftest import BotWorld
from tests.bot.dispatch import command_body, dispatch, signed_headers

SLACKISH = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                "live",
                "stop",
                "record",
                "new",
                "help",
                "status",
                "keep",
                "end",
                "<@U123>",
                "<#C1|general>",
                "<https://x.example|label>",
                "“quoted”",
                "&lt;b&gt;",
                "🎙",
                "  ",
                "\n",
            ]
        ),
        max_size=8,
    ).map(" ".join),
    st.text(min_size=2000, max_size=6000),
)


@given(text=SLACKISH, role=st.sampled_from(list(Role)))
@settings(max_examples=300)
def test_every_text_gets_a_short_reply_for_every_role(text: str, role: Role) -> None:
    decision = decide(text, role=role, command="/shelcaster")
    assert decision.reply
    assert len(decision.reply) < 3000
    if decision.subcommand is not None:
        assert decision.subcommand.role <= role


@given(text=SLACKISH)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_text_gets_a_well_formed_ephemeral_ack(world: BotWorld, text: str) -> None:
    # As a guest, so no example can start a real channel; parsing and replies are the same code path.
    body = command_body(world.slack, "C0TEST59", text, user="U0GUEST", trigger=uuid.uuid4().hex)
    response = dispatch(world.runtime.app, body, signed_headers(body))
    assert response.status == 200
    reply = json.loads(response.body)
    assert reply["response_type"] == "ephemeral"
    assert 0 < len(reply["text"]) < 3000
