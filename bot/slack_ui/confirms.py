"""The questions asked before a restart (pure): each says what this restart does to this show, right now.

A running MediaLive channel cannot be edited, so going live from a recording-only run, applying waiting changes
and stopping platforms during a take all stop the channel and start it again. What that costs the show depends on
its state: whether viewers are watching, whether a take is recording, and what a new start bills.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ConfirmObject

from bot.slack_ui import messages
from core.config import Rates
from core.domain.costs import running_hourly
from core.domain.session import RunShape, Session

CONFIRM_TEXT_LIMIT = 300  # Block Kit: a confirm dialog's text is at most 300 characters


def waiting_changes(session: Session) -> list[str]:
    """What `apply` would change: `caller 1 (Ana) joins`, `YouTube on`."""
    changes = []
    for src in session.sources:
        if src.pending:
            name = f"{src.kind.value} {src.number}" + (f" ({src.name})" if src.name else "")
            changes.append(f"{name} {'leaves' if src.removing else 'joins'}")
    for platform in session.platforms:
        if platform.pending:
            changes.append(f"{platform.name} {'on' if platform.wanted else 'off'}")
    return changes


def _what(session: Session, confirm_as: str) -> str:
    if confirm_as == "live restart":
        return messages.RESTART_FOR_LIVE
    if confirm_as == "live stop restart":
        return messages.RESTART_FOR_RECORDING_ONLY
    changes = waiting_changes(session)
    shown = ", ".join(changes[:3]) + (f" and {len(changes) - 3} more" if len(changes) > 3 else "")
    return messages.RESTART_TO_APPLY.format(changes=shown or "the waiting changes")


def _viewers(session: Session, confirm_as: str) -> str:
    if confirm_as == "live restart":
        return messages.RESTART_VIEWERS_AFTER
    if confirm_as == "live stop restart":
        return ""
    platforms_on = any(p.in_channel for p in session.platforms)
    if session.stream_wanted:
        what = "The stream and the platforms are" if platforms_on else "The stream is"
        return messages.RESTART_OFF_AIR.format(what=what)
    return messages.RESTART_NOBODY_WATCHING


def _start_hourly(rates: Rates, shape: RunShape | None) -> float:
    """What a run bills per hour from its start (MediaLive and the recording), as the panel's cost counts it."""
    return running_hourly(rates, shape) + rates.s3_recording


def restart_question(session: Session, confirm_as: str, *, rates: Rates) -> str:
    """At most CONFIRM_TEXT_LIMIT characters, so the same words fit the dialog and the message."""
    shape = session.channel_runs[-1].shape if session.channel_runs else None
    minimum = rates.minimum_billed_minutes
    parts = [
        _what(session, confirm_as),
        _viewers(session, confirm_as),
        messages.RESTART_TAKE.format(number=session.take.number) if session.take else "",
        messages.RESTART_COST.format(minutes=minimum, cost=minimum * _start_hourly(rates, shape) / 60.0)
        if minimum
        else "",
    ]
    text = " ".join(p for p in parts if p)
    return text if len(text) <= CONFIRM_TEXT_LIMIT else text[: CONFIRM_TEXT_LIMIT - 1] + "…"


def restart_confirm_for(session: Session, confirm_as: str, *, rates: Rates) -> ConfirmObject:
    return ConfirmObject(
        title=messages.CONFIRM_RESTART_TITLE,
        text=restart_question(session, confirm_as, rates=rates),
        confirm=messages.CONFIRM_LABELS.get(confirm_as, "Restart"),
        deny="Cancel",
    )
