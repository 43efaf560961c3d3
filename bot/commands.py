"""The `/shelcaster` subcommands and panel buttons: one table, so adding one is one entry (pure lookups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import messages
from bot.desk import Desk, Invocation
from bot.parsing import parse, tidy
from bot.roles import Role

Run = Callable[[Desk, Invocation], object]


@dataclass(frozen=True)
class Subcommand:
    name: str  # as typed, e.g. "live stop"
    usage: str
    summary: str
    role: Role
    run: Run | None  # None: answered in the ack itself (help)
    takes_text: bool = False


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("help", "help", "show this help", Role.VIEWER, None),
    Subcommand(
        "status", "status", "every show of this channel: state, running time, takes, cost", Role.VIEWER, Desk.status
    ),
    Subcommand(
        "new", "new [show name]", "set up a show here and post its control panel", Role.CREW, Desk.new, takes_text=True
    ),
    Subcommand("live", "live", "go live (sets the show up first if needed)", Role.CREW, Desk.live),
    Subcommand(
        "live stop", "live stop", "stop the stream (a take in progress keeps recording)", Role.CREW, Desk.live_stop
    ),
    Subcommand(
        "live restart",
        "live restart",
        "go live from a recording-only channel (brief restart)",
        Role.CREW,
        Desk.live_restart,
    ),
    Subcommand(
        "record", "record", "start a take (starts the channel if needed, without streaming)", Role.CREW, Desk.record
    ),
    Subcommand("record stop", "record stop", "stop the take and save it to S3", Role.CREW, Desk.record_stop),
    Subcommand(
        "keep",
        "keep [duration]",
        "keep the channel running past the watchdog's limit (default 1h)",
        Role.CREW,
        Desk.keep,
        takes_text=True,
    ),
    Subcommand("end", "end", "end the show: stop and delete everything, post the final cost", Role.CREW, Desk.end),
)

# Panel buttons: action id suffix -> (required role, what it does).
BUTTONS: dict[str, tuple[Role, Run]] = {
    "live": (Role.CREW, Desk.live),
    "live_stop": (Role.CREW, Desk.live_stop),
    "live_restart": (Role.CREW, Desk.live_restart),
    "record": (Role.CREW, Desk.record),
    "record_stop": (Role.CREW, Desk.record_stop),
    "end": (Role.CREW, Desk.end_confirmed),
    "refresh": (Role.VIEWER, Desk.refresh),
}

_BY_NAME = {s.name: s for s in SUBCOMMANDS}


@dataclass(frozen=True)
class Decision:
    """What to do with a typed command: `reply` goes into the ack; `subcommand` runs after it."""

    reply: str
    subcommand: Subcommand | None = None
    rest: str = ""


def help_text(role: Role, command: str) -> str:
    lines = [messages.HELP_HEADER]
    lines += [f"• `{command} {s.usage}`: {s.summary}" for s in SUBCOMMANDS if s.role <= role]
    return "\n".join([*lines, "", messages.HELP_FOOTER])


def decide(text: str, *, role: Role, command: str) -> Decision:
    parsed = parse(text)
    words = parsed.words
    if not words or words[0] == "help":
        return Decision(help_text(role, command))
    two = " ".join(words[:2])
    sub = _BY_NAME.get(two) if len(words) > 1 else None
    used = 2 if sub else 1
    sub = sub or _BY_NAME.get(words[0])
    if sub is None:
        return Decision(messages.UNKNOWN.format(word=words[0][:40], command=command))
    if sub.role > role:
        return Decision(messages.NOT_ADMIN if sub.role is Role.ADMIN else messages.NOT_CREW)
    rest = " ".join(tidy(text).split(" ")[used:])
    if rest and not sub.takes_text:
        return Decision(f"`{sub.name}` takes nothing after it. Usage: `{command} {sub.usage}`")
    if sub.run is None:
        return Decision(help_text(role, command))
    return Decision(messages.WORKING.format(what=sub.name), sub, rest)
