"""The desk acts only on the show of the channel the request came from."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.actions.desk import Desk, Invocation
from core.domain.session import Session, SessionStatus
from core.errors import NoSession

SHOW = Session(
    id="s1", show_name="Late", chat_channel="C_A", created_by="u", created_at=datetime(2026, 12, 1, tzinfo=UTC),
    status=SessionStatus.READY,
)  # fmt: skip


def _desk() -> Desk:
    control = SimpleNamespace(get=lambda session_id: SHOW)
    return Desk(core=SimpleNamespace(control=control), panel=None, rates=None, clock=lambda: SHOW.created_at)  # type: ignore[arg-type]


def _click(channel: str) -> Invocation:
    def reply(**_: Any) -> None:
        return None

    return Invocation(user="U1", chat_channel=channel, rest="", session_id="s1", reply=reply)


def test_a_click_naming_another_channels_show_acts_on_nothing() -> None:
    with pytest.raises(NoSession, match="another channel"):
        _desk().session_for(_click("C_B"))


def test_a_click_in_the_shows_own_channel_finds_it() -> None:
    assert _desk().session_for(_click("C_A")) is SHOW
