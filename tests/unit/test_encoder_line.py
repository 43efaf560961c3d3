"""The panel's encoder line and the LIVE thread line, from the show's health (pure rendering)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack_ui import views
from core.domain.health import Health
from core.domain.session import ChannelState, Session, SessionStatus

NOW = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)


def _live(health: Health) -> Session:
    s = Session(
        id="s1", show_name="Show", chat_channel="C1", created_by="U1", created_at=NOW, status=SessionStatus.READY
    )
    s = s.stream_on(NOW).observed(state=ChannelState.RUNNING, ivs_live=True, active=None, switch=None, at=NOW)
    return s.health_noted(health, [])


def test_the_encoder_line_says_receiving_with_the_rate_or_nothing_arriving_or_waiting() -> None:
    assert views.encoder_text(_live(Health(source="host", video=True, frame_rate=29.97))) == (
        ":large_green_circle: host: receiving (30 fps)"
    )
    assert views.encoder_text(_live(Health(source="host", video=False))) == ":red_circle: host: nothing arriving"
    assert "waiting for MediaLive's first report" in views.encoder_text(_live(Health(source="host")))
    assert views.encoder_text(_live(Health())) == ""  # never read (no health reader): no line at all


def test_the_live_line_is_a_health_line_once_health_is_read_and_the_old_line_without() -> None:
    assert views.state_line(_live(Health(source="host", video=False))) is None  # told by the health lines instead
    assert views.state_line(_live(Health())) == ":red_circle: The channel is running and the stream is LIVE on IVS."
