"""The show's own actions: set it up, end it, look at it, keep it running."""

from __future__ import annotations

from datetime import timedelta

from bot.actions.desk import Desk, Invocation
from bot.actions.parsing import duration_minutes
from bot.slack_ui import messages, views

MAX_KEEP_HOURS = 12


def new(desk: Desk, inv: Invocation) -> None:
    desk.new_show(inv)


def end(desk: Desk, inv: Invocation) -> None:
    """Typed `end` asks first; the panel's button has its own confirm dialog."""
    session = desk.session_for(inv)
    prompt = messages.CONFIRM_END_PROMPT.format(show=session.show_name)
    blocks = views.confirm_blocks(prompt, label="End show", action="end", session=session, confirm=views.end_confirm())
    inv.say(prompt, blocks=blocks)


def end_confirmed(desk: Desk, inv: Invocation) -> None:
    session = desk.session_for(inv)
    desk.publish(desk.control.end_session(session_id=session.id, actor=inv.actor), inv)


def status(desk: Desk, inv: Invocation) -> None:
    sessions = desk.control.sessions(chat_channel=inv.chat_channel)
    current = desk.control.current(chat_channel=inv.chat_channel)
    if current:
        current = desk.control.refresh(session_id=current.id)
        sessions = [current if s.id == current.id else s for s in sessions]
    inv.say(views.status_lines(sessions, now=desk.clock(), rates=desk.rates))


def refresh(desk: Desk, inv: Invocation) -> None:
    session = desk.session_for(inv)
    desk.panel.update(desk.control.refresh(session_id=session.id))


def keep(desk: Desk, inv: Invocation) -> None:
    minutes = duration_minutes(inv.rest) if inv.rest else 60
    if minutes is None or not 0 < minutes <= MAX_KEEP_HOURS * 60:
        inv.say(messages.KEEP_USAGE.format(command=inv.command, max_hours=MAX_KEEP_HOURS))
        return
    session = desk.session_for(inv)
    until = desk.clock() + timedelta(minutes=minutes)
    desk.publish(desk.control.keep(session_id=session.id, actor=inv.actor, until=until), inv)
