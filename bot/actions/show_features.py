"""Crew actions for sources, switching and platforms (the show features), after the ack."""

from __future__ import annotations

import threading

from bot.actions.acting import perform
from bot.actions.desk import Desk, Invocation
from bot.actions.parsing import label
from bot.slack_ui import messages, platform_modal
from core.domain.caller_addresses import caller_cidrs, split_caller_text
from core.domain.platform_rules import PlatformInput
from core.domain.session import SourceKind
from core.errors import Busy, InvalidRequest


def _number(text: str, what: str) -> int | None:
    text = text.strip().lstrip("#")
    if not text:
        return None
    if not text.isdigit():
        raise InvalidRequest(f"`{text[:20]}` is not a {what} number.")
    return int(text)


def _require_number(text: str, what: str, usage: str) -> int:
    number = _number(text, what)
    if number is None:
        raise InvalidRequest(f"Which {what}? Usage: `{messages.shown(usage)}`")
    return number


def caller_add(desk: Desk, inv: Invocation) -> None:
    name, where = split_caller_text(inv.rest)
    allowed = caller_cidrs(where or "")  # a caller's input admits only the addresses the crew names
    s = desk.session_for(inv)
    outcome = desk.core.sources.add_caller(
        session_id=s.id, actor=inv.actor, name=label(name, limit=40), allowed_from=allowed
    )
    desk.publish(outcome, inv)


def caller_remove(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    number = _number(inv.rest, "caller")
    desk.publish(
        desk.core.sources.remove_source(session_id=s.id, actor=inv.actor, kind=SourceKind.CALLER, number=number), inv
    )


def track_add(desk: Desk, inv: Invocation) -> None:
    ref, _, title = inv.rest.partition(" ")
    if not ref:
        raise InvalidRequest(messages.TRACK_USAGE.format(command=inv.command))
    s = desk.session_for(inv)
    desk.publish(
        desk.core.sources.add_track(session_id=s.id, actor=inv.actor, ref=ref, title=label(title, limit=60)), inv
    )


def track_remove(desk: Desk, inv: Invocation) -> None:
    number = _require_number(inv.rest, "track", f"{inv.command} track remove <n>")
    s = desk.session_for(inv)
    desk.publish(
        desk.core.sources.remove_source(session_id=s.id, actor=inv.actor, kind=SourceKind.TRACK, number=number), inv
    )


def track_list(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    tracks = [x for x in s.sources if x.kind is SourceKind.TRACK]
    lines = [f"{x.number}. {x.name}" + ("" if x.attached else " (joins at the next start)") for x in tracks]
    inv.say("\n".join(lines) if lines else messages.NO_TRACKS.format(command=inv.command))


def track_next(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    desk.publish(desk.core.switcher.track_next(session_id=s.id, actor=inv.actor), inv)


def switch(desk: Desk, inv: Invocation) -> None:
    """`switch host`, `switch caller 1`, `switch track 2`; the panel's menu sends `caller-1` and the like."""
    words = inv.rest.lower().replace("-", " ").split()
    kinds = {k.value: k for k in SourceKind}
    if not words or words[0] not in kinds or len(words) > 2:
        raise InvalidRequest(messages.SWITCH_USAGE.format(command=inv.command))
    kind = kinds[words[0]]
    number = 1 if kind is SourceKind.HOST else (_number(words[1], kind.value) if len(words) > 1 else 1) or 1
    s = desk.session_for(inv)
    desk.publish(desk.core.switcher.switch(session_id=s.id, actor=inv.actor, kind=kind, number=number), inv)


def apply_changes(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    desk.follow(desk.publish(desk.core.sources.apply_changes(session_id=s.id, actor=inv.actor), inv))


def apply_restart(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    desk.follow(desk.publish(desk.core.sources.apply_changes(session_id=s.id, actor=inv.actor, restart_ok=True), inv))


def platform_add(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    if not inv.trigger_id:
        raise InvalidRequest("Open the form with the command itself, `platform add`.")
    desk.panel.open_modal(inv.trigger_id, platform_modal.modal(chat_channel=inv.chat_channel, session_id=s.id))


BUSY_RETRY_SECONDS = 5.0
BUSY_PATIENCE_SECONDS = 900.0  # a channel start can take 10 minutes; the form is gone, so the key must not be


def platform_added(desk: Desk, inv: Invocation, entry: PlatformInput) -> None:
    """The submitted form, run as a crew action."""
    perform(desk, inv, what="platform add", run=lambda d, i: _add_platform(d, i, entry))


def _add_platform(desk: Desk, inv: Invocation, entry: PlatformInput) -> None:
    """The form has closed, so a show busy with another action is waited for, not refused (the key would be lost)."""
    s = desk.session_for(inv)
    waited = 0.0
    while True:
        try:
            outcome = desk.core.platforms.add_platform(session_id=s.id, actor=inv.actor, entry=entry)
        except Busy as busy:
            stopping = desk.stopping or threading.Event()
            if waited >= BUSY_PATIENCE_SECONDS or stopping.is_set():
                raise
            if not waited:
                inv.say(f"{busy} Your platform will be added as soon as it is done; no need to type the key again.")
            stopping.wait(BUSY_RETRY_SECONDS)  # a shutdown ends the wait; the crew is told it was not added
            waited += BUSY_RETRY_SECONDS
            continue
        desk.publish(outcome, inv)
        return


def platform_list(desk: Desk, inv: Invocation) -> None:
    s = desk.session_for(inv)
    lines = [
        f"{p.number}. {p.name} `{p.url}` key {p.key_hint} · {'on' if p.enabled else 'off'}"
        + (" (changes at the next start)" if p.pending else "")
        for p in s.platforms
        if not p.removing
    ]
    inv.say("\n".join(lines) if lines else messages.NO_PLATFORMS.format(command=inv.command))


def _platform(desk: Desk, inv: Invocation, enabled: bool | None, verb: str) -> None:
    number = _require_number(inv.rest, "platform", f"{inv.command} platform {verb} <n>")
    s = desk.session_for(inv)
    desk.publish(
        desk.core.platforms.set_platform(session_id=s.id, actor=inv.actor, number=number, enabled=enabled), inv
    )


def platform_on(desk: Desk, inv: Invocation) -> None:
    _platform(desk, inv, True, "on")


def platform_off(desk: Desk, inv: Invocation) -> None:
    _platform(desk, inv, False, "off")


def platform_remove(desk: Desk, inv: Invocation) -> None:
    _platform(desk, inv, None, "remove")
