"""Block Kit for the control panel and ephemeral replies, rendered from a Session (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from bot.slack_ui import messages
from core.config import Rates
from core.domain.channel_spec import INPUT_LIMITS
from core.domain.costs import Cost, session_cost
from core.domain.session import ChannelState, Session, SessionStatus, Source, SourceKind, StreamState

ACTION_PREFIX = "shelcaster:"


def elapsed(since: datetime | None, now: datetime) -> str:
    if since is None:
        return ""
    seconds = max(0, int((now - since).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def channel_text(session: Session) -> str:
    if session.status is SessionStatus.ENDED:
        return "deleted"
    if session.status is SessionStatus.FAILED:
        return "setup failed"
    state = session.channel_state
    if state is None:
        return "being created…"
    if state.transitional:
        return f"{state.value.lower()}…"
    return state.value.lower()


def stream_text(session: Session, now: datetime) -> str:
    match session.stream:
        case StreamState.LIVE:
            return f":red_circle: *LIVE* {elapsed(session.live_since, now)}"
        case StreamState.STARTING:
            return ":hourglass_flowing_sand: starting…"
        case _:
            return "off"


def recording_text(session: Session, now: datetime) -> str:
    take = session.take
    if take is None:
        return f"off · {len(session.takes)} take(s) saved" if session.takes else "off"
    if session.channel_state is not ChannelState.RUNNING:
        return f":hourglass_flowing_sand: take {take.number} waiting for the channel…"
    return f":record_button: take {take.number} · {elapsed(take.started_at, now)}"


def _button(
    label: str, action: str, session: Session, *, style: str | None = None, confirm: ConfirmObject | None = None
) -> ButtonElement:
    return ButtonElement(
        text=label, action_id=f"{ACTION_PREFIX}{action}", value=session.id, style=style, confirm=confirm
    )


def end_confirm() -> ConfirmObject:
    return ConfirmObject(
        title=messages.CONFIRM_END_TITLE,
        text=messages.CONFIRM_END_TEXT,
        confirm="End show",
        deny="Cancel",
        style="danger",
    )


def restart_confirm() -> ConfirmObject:
    return ConfirmObject(
        title=messages.CONFIRM_RESTART_TITLE, text=messages.CONFIRM_RESTART_TEXT, confirm="Restart", deny="Cancel"
    )


def panel_buttons(session: Session) -> list[ButtonElement]:
    """Only the actions that make sense in the session's current state."""
    if not session.status.active:
        return []
    buttons: list[ButtonElement] = []
    if session.status is SessionStatus.READY:
        if session.stream is StreamState.OFF:
            buttons.append(_button("Go live", "live", session, style="primary"))
            if session.channel_on_air_unwanted:  # running for nothing (e.g. a stop that failed): billing must stop
                buttons.append(_button("Stop channel", "live_stop", session, style="danger"))
        else:
            buttons.append(_button("Stop stream", "live_stop", session))
        if session.take is None:
            buttons.append(_button("Record", "record", session))
        else:
            buttons.append(_button("Stop recording", "record_stop", session))
    if session.status is SessionStatus.READY and session.changes_pending:
        buttons.append(_button("Apply changes", "apply", session))
    buttons.append(_button("End show", "end", session, style="danger", confirm=end_confirm()))
    buttons.append(_button("Refresh", "refresh", session))
    return buttons


def _minimum_note(cost: Cost, rates: Rates) -> str:
    """A run inside its first minutes is billed MediaLive's minimum, so the figure does not grow yet."""
    return f" (billed at least {rates.minimum_billed_minutes} min per start)" if cost.minimum_now else ""


def panel(session: Session, *, now: datetime, rates: Rates) -> list[dict[str, Any]]:
    cost = session_cost(session, now=now, rates=rates)
    cost_text = (
        f"${cost.total:.2f} so far"
        + _minimum_note(cost, rates)
        + (f" · ${cost.hourly_now:.2f}/h now" if cost.hourly_now else "")
    )
    if session.final_cost is not None:
        cost_text = f"${session.final_cost:.2f} in total"
    blocks: list[Block] = [
        HeaderBlock(text=f"🎙 {session.show_name}"[:150]),
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Channel*\n{channel_text(session)}"),
                MarkdownTextObject(text=f"*Stream*\n{stream_text(session, now)}"),
                MarkdownTextObject(text=f"*Recording*\n{recording_text(session, now)}"),
                MarkdownTextObject(text=f"*Cost*\n{cost_text}"),
            ]
        ),
    ]
    resources = session.resources
    if session.status.active and resources.input_endpoints:
        endpoints = "\n".join(f"`{url}`" for url in resources.input_endpoints)
        limits = f"_{INPUT_LIMITS}; only from the studio's allowed addresses_"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Encoder (RTMP push)*\n{endpoints}\n{limits}")))
    if session.status.active and resources.ivs_playback_url:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Playback*\n{resources.ivs_playback_url}")))
    if session.status.active and (session.sources or session.platforms):
        blocks.append(SectionBlock(text=MarkdownTextObject(text=sources_text(session))))
    notes = []
    if session.changes_pending and session.status.active:
        notes.append(":hourglass: Some changes wait until the channel next starts (or `apply` restarts it now).")
    if session.busy:
        notes.append(f":hourglass_flowing_sand: {session.busy.actor} is running `{session.busy.action}`…")
    if session.last_error:
        notes.append(f":warning: {session.last_error}"[:300])
    if session.keep_until and session.status.active:
        notes.append(f"Kept running until {session.keep_until:%H:%M} UTC")
    if notes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=n) for n in notes]))
    buttons: list[Any] = list(panel_buttons(session))
    menu = switch_menu(session)
    if menu is not None:
        buttons.insert(0, menu)
    if buttons:
        blocks.append(ActionsBlock(block_id=f"panel:{session.id}", elements=buttons))
    return [b.to_dict() for b in blocks]


def source_label(source: Source) -> str:
    return f"{source.kind.value} {source.number}" + (f" ({source.name})" if source.name else "")


def sources_text(session: Session) -> str:
    """Which source is on air, what else can be switched to, and where the show is sent."""
    on_air = session.active_source or ("host" if session.channel_state is ChannelState.RUNNING else None)
    parts = [("▶ " if on_air == "host" else "") + "host"]
    for src in session.sources:
        label = source_label(src)
        if src.kind is SourceKind.CALLER and src.open_to_anyone:
            label += " :warning: open to anyone with the URL"
        if not src.created:
            label += " (being set up)"
        elif src.removing:
            label += " (leaving at the next start)"
        elif not src.attached:
            label += " (joins at the next start)"
        parts.append(("▶ " if on_air == src.attachment else "") + label)
    lines = ["*Sources* " + " · ".join(parts)]
    if session.platforms:
        outs = [
            f"{p.name} {p.key_hint} {'on' if p.wanted else 'off'}" + (" (at the next start)" if p.pending else "")
            for p in session.platforms
        ]
        lines.append("*Also sent to* " + " · ".join(outs))
        if session.take and not session.stream_wanted:
            lines.append("_Recording only: nothing is sent to IVS or the platforms._")
    return "\n".join(lines)


def switch_menu(session: Session) -> StaticSelectElement | None:
    """A 'Switch to…' menu while the channel runs and there is more than the host to switch to."""
    choices = [src for src in session.sources if src.attached and not src.removing]
    if session.channel_state is not ChannelState.RUNNING or not choices or session.status is not SessionStatus.READY:
        return None
    options = [Option(value="host", label="host")] + [
        Option(value=f"{src.kind.value} {src.number}", label=source_label(src)[:75]) for src in choices[:99]
    ]
    return StaticSelectElement(action_id=f"{ACTION_PREFIX}switch", placeholder="Switch to…", options=options)


def state_line(session: Session) -> str | None:
    """A thread line for the steady states the crew waits for; None for the states in between."""
    if session.stream is StreamState.LIVE:
        return ":red_circle: The channel is running and the stream is LIVE on IVS."
    if session.channel_state is ChannelState.RUNNING and not session.stream_wanted:
        return ":record_button: The channel is running (recording only; nothing reaches viewers)."
    if session.channel_state is ChannelState.IDLE and session.status is SessionStatus.READY:
        return ":black_square_for_stop: The channel is stopped; running charges have stopped."
    return None


def panel_text(session: Session) -> str:
    """The notification/fallback text of the panel message."""
    return f"{session.show_name}: stream {session.stream.value.lower()}, recording {'on' if session.take else 'off'}"


def status_lines(sessions: list[Session], *, now: datetime, rates: Rates) -> str:
    if not sessions:
        return "No shows in this channel yet."
    lines = []
    for s in sessions[:10]:
        if s.final_cost is not None:
            cost, note = s.final_cost, ""
        else:
            so_far = session_cost(s, now=now, rates=rates)
            cost, note = so_far.total, _minimum_note(so_far, rates)
        running = elapsed(s.running_since, now)
        lines.append(
            f"*{s.show_name}* ({s.status.value.lower()}) · channel {channel_text(s)}"
            + (f" for {running}" if running else "")
            + f" · stream {s.stream.value.lower()} · {len(s.takes)} take(s)"
            + (f" · recording take {s.take.number}" if s.take else "")
            + f" · ${cost:.2f}{note}"
        )
    if len(sessions) > 10:
        lines.append(f"…and {len(sessions) - 10} older show(s).")
    return "\n".join(lines)


def confirm_blocks(
    text: str, *, label: str, action: str, session: Session, confirm: ConfirmObject
) -> list[dict[str, Any]]:
    """An ephemeral question with one confirming button."""
    return [
        SectionBlock(text=MarkdownTextObject(text=text)).to_dict(),
        ActionsBlock(elements=[_button(label, action, session, style="danger", confirm=confirm)]).to_dict(),
    ]
