"""Block Kit and text for the watchdog's warnings and reports, cost alerts and the daily summary (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ConfirmObject, MarkdownTextObject, SectionBlock

from bot.slack_ui import messages
from bot.slack_ui.views import ACTION_PREFIX
from core.config import WatchdogSettings
from core.watchdog.cost_alerts import CostAlert, DailySpend
from core.watchdog.events import EventKind, WatchEvent
from core.watchdog.marks import Reason

KEEP, STOP, DELETE = "watch_keep", "watch_stop", "watch_delete"  # button action ids, after the prefix


def duration(minutes: float) -> str:
    """12 min, 1 h, 1 h 30 min."""
    whole = max(0, round(minutes))
    hours, rest = divmod(whole, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def reason_text(reason: Reason | None, watchdog: WatchdogSettings) -> str:
    if reason is None:
        return "it needs attention"
    return messages.WATCH_REASONS[reason.value].format(
        idle=f"{watchdog.idle_minutes:g}",
        input_loss=f"{min(watchdog.input_loss_minutes, watchdog.idle_minutes):g}",
        max_hours=f"{watchdog.max_show_hours:g}",
        no_viewers=f"{watchdog.no_viewers_minutes:g}",
    )


def subject(event: WatchEvent) -> str:
    """How the crew knows the channel: by its show when it has one, else by its AWS name and id. Anything else
    is named by its kind and name, and its show's."""
    if event.resource != "channel":
        kind, name = messages.WATCH_KINDS[event.resource], event.name or event.resource_id
        if event.session is not None:
            return messages.WATCH_SHOW_RESOURCE.format(kind=kind, name=name, show=event.session.show_name)
        return messages.WATCH_RESOURCE.format(kind=kind, name=name)
    if event.session is not None:
        return messages.WATCH_SHOW_CHANNEL.format(show=event.session.show_name)
    return messages.WATCH_CHANNEL.format(name=event.name or event.resource_id, id=event.resource_id)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def warning(event: WatchEvent, *, now: datetime, watchdog: WatchdogSettings) -> tuple[str, list[dict[str, Any]]]:
    """The warning with its three buttons; each button carries the channel id."""
    assert event.due_at is not None
    text = messages.WATCH_WARNING.format(
        subject=subject(event),
        reason=reason_text(event.reason, watchdog),
        cost=event.cost or 0.0,
        hourly=event.hourly or 0.0,
        then=messages.WATCH_THEN.get(event.then, event.then),
        due=event.due_at,
        left=duration((event.due_at - now).total_seconds() / 60.0),
    )
    if event.dry_run:
        text += "\n" + messages.WATCH_DRY_RUN
    confirm = ConfirmObject(
        title=messages.WATCH_DELETE_CONFIRM_TITLE,
        text=messages.WATCH_DELETE_CONFIRM_TEXT,
        confirm=messages.WATCH_DELETE_BUTTON,
        deny="Cancel",
        style="danger",
    )
    buttons = [
        _button(messages.WATCH_KEEP_BUTTON.format(hours=duration(watchdog.keep_minutes)), KEEP, event, "primary"),
        _button(messages.WATCH_STOP_BUTTON, STOP, event),
        _button(messages.WATCH_DELETE_BUTTON, DELETE, event, "danger", confirm),
    ]
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(block_id=f"watch_{event.resource_id}", elements=list(buttons)),
    ]
    return text, [b.to_dict() for b in blocks]


def _button(
    label: str, action: str, event: WatchEvent, style: str | None = None, confirm: ConfirmObject | None = None
) -> ButtonElement:
    return ButtonElement(
        text=label, action_id=f"{ACTION_PREFIX}{action}", value=event.resource_id, style=style, confirm=confirm
    )


def report(event: WatchEvent, *, watchdog: WatchdogSettings) -> str:
    """One line for everything but a warning."""
    reason = reason_text(event.reason, watchdog)
    about = subject(event)
    name = event.name or event.resource_id
    dry = event.dry_run
    match event.kind:
        case EventKind.STOPPED if event.actor:
            return messages.WATCH_BY_HAND_STOPPED.format(actor=event.actor, subject=about)
        case EventKind.STOPPED:
            template = messages.WATCH_WOULD_STOP if dry else messages.WATCH_STOPPED
            return template.format(subject=about, reason=reason, cost=event.cost or 0.0)
        case EventKind.DELETED if event.actor:
            return messages.WATCH_BY_HAND_DELETED.format(actor=event.actor, subject=about)
        case EventKind.DELETED:
            return (messages.WATCH_WOULD_DELETE if dry else messages.WATCH_DELETED).format(subject=about, reason=reason)
        case EventKind.INPUT_DELETED:
            template = messages.WATCH_WOULD_DELETE_INPUT if dry else messages.WATCH_INPUT_DELETED
            return template.format(name=name, reason=reason_text(Reason.UNUSED_INPUT, watchdog))
        case EventKind.RESOURCE_DELETED:
            template = messages.WATCH_WOULD_DELETE if dry else messages.WATCH_RESOURCE_DELETED
            return template.format(subject=about, reason=reason)
        case EventKind.UNMANAGED:
            return messages.WATCH_UNMANAGED.format(subject=_capital(about), hourly=event.hourly or 0.0)
        case EventKind.RESOLVED:
            key = event.resolution.value if event.resolution else "stopped"
            template = messages.WATCH_RESOLVED.get(key, messages.WATCH_RESOLVED["stopped"])
            return _capital(template.format(subject=about))
        case EventKind.KEPT:
            return messages.WATCH_BY_HAND_KEPT.format(actor=event.actor or "", subject=about, until=event.until)
        case EventKind.FAILED:
            return messages.WATCH_FAILED.format(what=event.then or "act on", subject=about, error=event.error or "")
        case EventKind.WARNED:
            return messages.WATCH_WARNED.format(subject=about, reason=reason)


def _outcome(event: WatchEvent) -> str:
    actor = event.actor or messages.WATCH_BY_WATCHDOG
    outcomes = messages.WATCH_OUTCOMES
    match event.kind:
        case EventKind.KEPT:
            return outcomes["kept"].format(until=event.until, actor=actor)
        case EventKind.STOPPED:
            return outcomes["stopped"].format(actor=actor)
        case EventKind.DELETED:
            return outcomes["deleted"].format(actor=actor)
        case EventKind.RESOLVED if event.resolution is not None and event.resolution.value in outcomes:
            return outcomes[event.resolution.value]
        case EventKind.RESOLVED:
            return outcomes["stopped"].format(actor=actor)
    return outcomes["failed"]


def settled(event: WatchEvent) -> tuple[str, list[dict[str, Any]]]:
    """The earlier warning, with its buttons replaced by a short word on what became of it."""
    text = messages.WATCH_SETTLED.format(subject=subject(event), outcome=_outcome(event))
    return text, [SectionBlock(text=MarkdownTextObject(text=text)).to_dict()]


def cost_alert(alert: CostAlert) -> str:
    return messages.COST_ALERT.format(
        show=alert.session.show_name, cost=alert.cost, threshold=alert.threshold, hourly=alert.hourly
    )


def daily_summary(spend: DailySpend) -> str:
    lines = [messages.SUMMARY_HEADER.format(start=spend.start, end=spend.end, total=spend.total)]
    for s in spend.sessions[:30]:
        running = messages.SUMMARY_RUNNING if s.running else ""
        lines.append(
            messages.SUMMARY_LINE.format(
                show=s.show_name, chat=s.chat_channel, minutes=s.minutes, cost=s.cost, running=running
            )
        )
    if not spend.sessions:
        lines.append(messages.SUMMARY_NONE)
    if spend.others_running:
        lines.append(messages.SUMMARY_OTHERS.format(count=spend.others_running, hourly=spend.others_hourly))
    return "\n".join(lines)
