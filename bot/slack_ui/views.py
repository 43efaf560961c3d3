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

from bot.slack_ui import confirms, messages, progress
from core import messages as core_messages
from core.config import Rates
from core.domain.channel_spec import INPUT_LIMITS
from core.domain.costs import Cost, session_cost
from core.domain.session import ChannelState, Session, SessionStatus, Source, SourceKind, StreamState, Take

ACTION_PREFIX = "shelcaster:"

# The clocks live in progress.py; these names stay for the modules that import them from here.
elapsed = progress.elapsed


def channel_text(session: Session, now: datetime) -> str:
    return progress.channel_clock(session, now)


def stream_text(session: Session, now: datetime) -> str:
    return progress.stream_clock(session, now)


def recording_text(session: Session, now: datetime) -> str:
    take = session.take
    if take is None:
        return f"off · {len(session.takes)} take(s) saved" if session.takes else "off"
    if session.channel_state is not ChannelState.RUNNING:
        return f":hourglass_flowing_sand: take {take.number} waiting for the channel…"
    return f":record_button: take {take.number} · {elapsed(take.started_at, now)}"


def take_line(take: Take) -> str:
    """A saved take as the thread and the ended panel list it: its length and where it is."""
    if not take.segments or not take.location:
        return messages.TAKE_NOTHING.format(number=take.number)
    names = [entry.split(" ", 1)[-1] for entry in take.sources]
    played = messages.TAKE_PLAYED.format(sources=" → ".join(names)) if len(names) > 1 else ""
    return messages.TAKE_LINE.format(
        number=take.number, length=progress.length(take.duration_seconds), location=take.location, played=played
    )


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
    """The generic question, for a restart asked about without its show."""
    return ConfirmObject(
        title=messages.CONFIRM_RESTART_TITLE, text=messages.CONFIRM_RESTART_TEXT, confirm="Restart", deny="Cancel"
    )


def panel_buttons(session: Session, rates: Rates | None = None) -> list[ButtonElement]:
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
        on_air = session.channel_state is not None and session.channel_state.on_air
        ask = confirms.restart_confirm_for(session, "apply restart", rates=rates) if on_air and rates else None
        buttons.append(_button("Apply changes", "apply_restart" if ask else "apply", session, confirm=ask))
    buttons.append(_button("End show", "end", session, style="danger", confirm=end_confirm()))
    buttons.append(_button("Refresh", "refresh", session))
    return buttons


def _minimum_note(cost: Cost, rates: Rates) -> str:
    """A run inside its first minutes is billed MediaLive's minimum, so the figure does not grow yet."""
    return f" (includes this start's {rates.minimum_billed_minutes}-min minimum)" if cost.minimum_now else ""


def _cost_text(session: Session, cost: Cost) -> str:
    if session.final_cost is not None:
        return f"${session.final_cost:.2f} in total"
    return f"${cost.total:.2f} so far" + (f" · ${cost.hourly_now:.2f}/h now" if cost.hourly_now else "")


def _notes(session: Session, now: datetime, rates: Rates) -> list[str]:
    notes = [progress.progress_note(session, now), progress.busy_note(session, now)]
    if session.status.active:
        notes.append(progress.minimum_note(session, now, rates))
        if session.changes_pending:
            on_air = session.channel_state is not None and session.channel_state.on_air
            notes.append(messages.CHANGES_WAIT_LIVE if on_air else messages.CHANGES_WAIT_IDLE)
        on_air = session.channel_state is not None and session.channel_state.on_air
        if session.keep_until and session.keep_until > now and on_air:
            notes.append(messages.KEPT_UNTIL.format(until=session.keep_until))
    if session.last_error:
        notes.append(f":warning: {session.last_error}"[:300])
    return [n for n in notes if n]


def takes_text(session: Session) -> str:
    return "\n".join([messages.TAKES_HEADER, *(f"• {take_line(t)}" for t in session.takes[-20:])])


def panel(session: Session, *, now: datetime, rates: Rates) -> list[dict[str, Any]]:
    cost = session_cost(session, now=now, rates=rates)
    blocks: list[Block] = [
        HeaderBlock(text=f"🎙 {session.show_name}"[:150]),
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Channel*\n{channel_text(session, now)}"),
                MarkdownTextObject(text=f"*Stream*\n{stream_text(session, now)}"),
                MarkdownTextObject(text=f"*Recording*\n{recording_text(session, now)}"),
                MarkdownTextObject(text=f"*Cost*\n{_cost_text(session, cost)}"),
            ]
        ),
    ]
    resources = session.resources
    if session.status.active and resources.input_endpoints:
        endpoints = "\n".join(f"`{url}`" for url in resources.input_endpoints)
        limits = f"_{INPUT_LIMITS}; only from the studio's allowed addresses_"
        arriving = encoder_text(session)
        text = f"*Encoder (RTMP push)*\n{arriving + chr(10) if arriving else ''}{endpoints}\n{limits}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    if session.status.active and resources.ivs_playback_url:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Playback*\n{resources.ivs_playback_url}")))
    if session.status.active and (session.sources or session.platforms):
        blocks.append(SectionBlock(text=MarkdownTextObject(text=sources_text(session))))
    if not session.status.active and session.takes:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=takes_text(session)[:3000])))
    notes = _notes(session, now, rates)
    if notes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=n) for n in notes[:10]]))
    buttons: list[Any] = list(panel_buttons(session, rates))
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


def encoder_text(session: Session) -> str:
    """Whether video reaches the source on air, as AWS last reported it; empty while the channel is not running."""
    health = session.health
    if session.channel_state is not ChannelState.RUNNING or health.source is None:
        return ""
    if health.video:
        rate = messages.ENCODER_RATE.format(rate=health.frame_rate) if health.frame_rate else ""
        return messages.ENCODER_RECEIVING.format(source=health.source, rate=rate)
    if health.video is False:
        return messages.ENCODER_NOTHING.format(source=health.source)
    return messages.ENCODER_UNKNOWN.format(source=health.source)


def state_line(session: Session) -> str | None:
    """A thread line for the steady states the crew waits for; None for the states in between. Where the show's
    health is read, LIVE is one of its lines (core/domain/health.py): told once IVS is live and video arrives."""
    if session.stream is StreamState.LIVE:
        return None if session.health.source is not None else core_messages.HEALTH_LIVE
    if session.channel_state is ChannelState.RUNNING and not session.stream_wanted:
        return ":record_button: The channel is running (recording only; nothing reaches viewers)."
    if session.channel_state is ChannelState.IDLE and session.status is SessionStatus.READY:
        waiting = messages.STOPPED_WITH_CHANGES if session.changes_pending else ""
        return ":black_square_for_stop: The channel is stopped; running charges have stopped." + waiting
    return None


def panel_text(session: Session) -> str:
    """The notification/fallback text of the panel message."""
    return f"{session.show_name}: stream {session.stream.value.lower()}, recording {'on' if session.take else 'off'}"


def status_lines(sessions: list[Session], *, now: datetime, rates: Rates) -> str:
    """The same clocks and figures as each show's panel."""
    if not sessions:
        return "No shows in this channel yet."
    lines = []
    for s in sessions[:10]:
        so_far = session_cost(s, now=now, rates=rates)
        cost = _cost_text(s, so_far) + ("" if s.final_cost is not None else _minimum_note(so_far, rates))
        stream = stream_text(s, now) if s.status.active else "off"
        lines.append(
            f"*{s.show_name}* ({s.status.value.lower()}) · channel {channel_text(s, now)}"
            + f" · stream {stream} · {len(s.takes)} take(s)"
            + (f" · recording take {s.take.number}" if s.take else "")
            + f" · {cost}"
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
