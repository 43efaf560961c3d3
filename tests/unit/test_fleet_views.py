"""The operator's overview (pure) and its Home tabs, redrawn by the scheduler at most once a minute."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.slack_ui import fleet_views
from bot.slack_ui.home_tabs import HomeTabs
from core.config import Rates
from core.domain.channel_spec import ownership_tags
from core.domain.session import ChannelState, Period, Session, SessionStatus
from core.watchdog.marks import Op, Reason, WatchMark, WatchWarning
from core.watchdog.overview import Fleet, fleet_view

T0 = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
RATES = Rates()


def _show(session_id: str, name: str, *, ran_from: datetime, ended: bool = False) -> Session:
    return Session(
        id=session_id, show_name=name, chat_channel="C1", created_by="u", created_at=ran_from,
        status=SessionStatus.ENDED if ended else SessionStatus.READY,
        channel_state=ChannelState.IDLE if ended else ChannelState.RUNNING,
        channel_runs=[Period(start=ran_from, end=ran_from + timedelta(minutes=30) if ended else None)],
        final_cost=1.5 if ended else None,
    )  # fmt: skip


def _fleet(now: datetime) -> Fleet:
    live = _show("s-live", "Late Show", ran_from=T0)
    past = _show("s-past", "Morning Show", ran_from=T0 - timedelta(hours=3), ended=True)
    warned = WatchMark(
        kind="channel", resource_id="ch-lost", running_since=T0 - timedelta(minutes=40),
        warning=WatchWarning(reason=Reason.ORPHAN, then=Op.STOP, warned_at=T0, due_at=T0 + timedelta(minutes=5)),
    )  # fmt: skip
    channels = [
        ("ch-other", "someone-elses", ChannelState.RUNNING, {}),
        ("ch-live", "shelcaster-late", ChannelState.RUNNING, ownership_tags(deployment="default", session_id="s-live")),
        ("ch-lost", "shelcaster-lost", ChannelState.RUNNING, ownership_tags(deployment="default", session_id="s-gone")),
        ("ch-idle", "shelcaster-morning", ChannelState.IDLE, ownership_tags(deployment="default", session_id="s-past")),
        ("ch-theirs", "other-deployment", ChannelState.RUNNING, ownership_tags(deployment="staging", session_id="s-x")),
    ]
    return fleet_view(
        channels,
        sessions={"s-live": live, "s-past": past},
        marks={warned.key: warned},
        all_sessions=[live, past],
        deployment="default",
        rates=RATES,
        now=now,
    )


def test_the_bots_running_channels_come_first_and_others_are_only_reported() -> None:
    fleet = _fleet(T0 + timedelta(minutes=12))
    assert [c.channel_id for c in fleet.channels] == ["ch-live", "ch-lost", "ch-idle", "ch-theirs", "ch-other"]
    live = fleet.channels[0]
    assert live.session is not None and live.cost is not None and live.stoppable and live.deletable
    text = fleet_views.row_text(live, fleet)
    assert text.startswith("*Late Show* in <#C1> · `ch-live` · running 12:00")
    assert f"${live.cost:.2f} so far" in text and "/h now" in text

    lost = fleet_views.row_text(fleet.channels[1], fleet)
    assert "no show records it" in lost and "running 52:00" in lost  # since the watchdog first saw it run
    assert "the watchdog has warned about it" in lost

    theirs = fleet.channels[3]
    assert not theirs.ours and fleet_views.row_buttons(theirs) == []
    assert "not created by this bot: reported only" in fleet_views.row_text(theirs, fleet)
    assert "at the default show's rates" in fleet_views.row_text(theirs, fleet)


def test_stop_and_delete_sit_behind_confirms_and_stop_only_while_it_runs() -> None:
    fleet = _fleet(T0 + timedelta(minutes=12))
    live_buttons = [b.to_dict() for b in fleet_views.row_buttons(fleet.channels[0])]
    assert [b["text"]["text"] for b in live_buttons] == ["Stop now", "Stop & delete"]
    assert all(b["confirm"] and b["value"] == "ch-live" for b in live_buttons)
    idle_buttons = [b.to_dict()["text"]["text"] for b in fleet_views.row_buttons(fleet.channels[2])]
    assert idle_buttons == ["Stop & delete"]


def test_todays_spend_counts_only_what_ran_since_midnight_utc() -> None:
    fleet = _fleet(T0 + timedelta(minutes=12))
    # Late Show: 12 min of the default show; Morning Show ran 17:00-17:30, also today.
    hourly = 0.45 + 2 * 0.90 + 0.30
    assert round(fleet.spent_today, 2) == round((12 + 30) * hourly / 60.0, 2)
    assert "today* (since 00:00 UTC): $" in fleet_views.summary(fleet)


def test_the_channels_reply_and_the_home_tab_fit_slacks_block_limits() -> None:
    fleet = _fleet(T0)
    many = Fleet(fleet.at, fleet.channels * 30, fleet.spent_today, fleet.day_start)
    _, blocks = fleet_views.channels_reply(many)
    assert len(blocks) <= 50 and "…and 130 more channel(s)." in json.dumps(blocks, ensure_ascii=False)
    assert len(fleet_views.home_view(many, admin=True)["blocks"]) <= 100
    assert "Late Show" not in json.dumps(fleet_views.home_view(many, admin=False))


def test_every_button_of_the_overview_has_its_own_action_id() -> None:
    from sandbox.slack.blocks import validate_blocks, validate_view

    fleet = _fleet(T0)
    _, blocks = fleet_views.channels_reply(fleet)
    assert validate_blocks(blocks) == []  # Slack refuses a message or view whose action ids repeat
    assert validate_view(fleet_views.home_view(fleet, admin=True)) == []


class _Client:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []

    def views_publish(self, *, user_id: str, view: dict[str, Any]) -> None:
        self.published.append((user_id, view))


def test_home_tabs_are_drawn_when_opened_and_redrawn_once_a_minute() -> None:
    now = [T0]
    client = _Client()
    tabs = HomeTabs(client=client, clock=lambda: now[0])  # type: ignore[arg-type]
    reads: list[datetime] = []

    def read() -> Fleet:
        reads.append(now[0])
        return _fleet(now[0])

    tabs.attach(read)
    tabs.opened("U0ADMIN", admin=True)
    tabs.opened("U0GUEST", admin=False)
    assert [u for u, _ in client.published] == ["U0ADMIN", "U0GUEST"]
    assert "Late Show" in json.dumps(client.published[0][1]) and "Late Show" not in json.dumps(client.published[1][1])

    now[0] += timedelta(seconds=30)
    assert tabs.refresh_due() == 0  # drawn half a minute ago
    now[0] += timedelta(seconds=31)
    assert tabs.refresh_due() == 2
    assert "running 1:01" in json.dumps(client.published[-2][1])  # the clocks moved
    assert len(reads) == 2  # one read of the channels per drawing, however many tabs

    tabs.tell("U0ADMIN", "@admin stopped channel ch-live.")
    assert "@admin stopped channel ch-live." in json.dumps(client.published[-2][1])
