"""The stream and the takes: go live, stop, record and stop a take."""

from __future__ import annotations

from bot.actions.desk import Desk, Invocation


def live(desk: Desk, inv: Invocation, *, restart_ok: bool = False) -> None:
    session = desk.show_for(inv)
    desk.follow(desk.publish(desk.control.go_live(session_id=session.id, actor=inv.actor, restart_ok=restart_ok), inv))


def live_restart(desk: Desk, inv: Invocation) -> None:
    live(desk, inv, restart_ok=True)


def live_stop(desk: Desk, inv: Invocation, *, restart_ok: bool = False) -> None:
    session = desk.session_for(inv)
    outcome = desk.control.stop_stream(session_id=session.id, actor=inv.actor, restart_ok=restart_ok)
    desk.follow(desk.publish(outcome, inv))


def live_stop_restart(desk: Desk, inv: Invocation) -> None:
    live_stop(desk, inv, restart_ok=True)


def record(desk: Desk, inv: Invocation) -> None:
    session = desk.show_for(inv)
    desk.follow(desk.publish(desk.core.recording.start_take(session_id=session.id, actor=inv.actor), inv))


def record_stop(desk: Desk, inv: Invocation) -> None:
    session = desk.session_for(inv)
    outcome = desk.core.recording.stop_take(session_id=session.id, actor=inv.actor)
    desk.follow(desk.publish(outcome, inv, takes_told=True))  # the outcome's message is the take's line
