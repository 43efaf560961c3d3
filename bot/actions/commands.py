"""The `/shelcaster` subcommands and panel buttons: one table, so adding one is one entry (pure lookups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from bot.actions import fleet, stream
from bot.actions import show as show_actions
from bot.actions import show_features as show
from bot.actions import watchdog_buttons as watch_actions
from bot.actions.acting import acting
from bot.actions.desk import Desk, Invocation
from bot.actions.parsing import parse, tidy
from bot.actions.roles import Role
from bot.slack_ui import alerts, messages

Run = Callable[[Desk, Invocation], object]


@dataclass(frozen=True)
class Subcommand:
    name: str  # as typed, e.g. "live stop"
    usage: str
    summary: str
    role: Role
    run: Run | None  # None: answered in the ack itself (help)
    takes_text: bool = False


_TABLE: tuple[Subcommand, ...] = (
    Subcommand("help", "help", "show this help", Role.VIEWER, None),
    Subcommand(
        "status",
        "status",
        "every show of this channel: state, running time, takes, cost",
        Role.VIEWER,
        show_actions.status,
    ),
    Subcommand(
        "new",
        "new [show name] [for 2h]",
        "set up a show here and post its control panel (`for 2h`: its planned length)",
        Role.CREW,
        show_actions.new,
        takes_text=True,
    ),
    Subcommand("live", "live", "go live (sets the show up first if needed)", Role.CREW, stream.live),
    Subcommand(
        "live stop", "live stop", "stop the stream (a take in progress keeps recording)", Role.CREW, stream.live_stop
    ),
    Subcommand(
        "live restart",
        "live restart",
        "go live from a recording-only channel (brief restart)",
        Role.CREW,
        stream.live_restart,
    ),
    Subcommand(
        "live stop restart",
        "live stop restart",
        "stop the stream and the platforms while a take records (restarts the channel for recording only)",
        Role.CREW,
        stream.live_stop_restart,
    ),
    Subcommand(
        "record", "record", "start a take (starts the channel if needed, without streaming)", Role.CREW, stream.record
    ),
    Subcommand("record stop", "record stop", "stop the take and save it to S3", Role.CREW, stream.record_stop),
    Subcommand(
        "keep",
        "keep [duration]",
        "keep the channel running past the watchdog's limit (default 1h)",
        Role.CREW,
        show_actions.keep,
        takes_text=True,
    ),
    Subcommand(
        "end", "end", "end the show: stop and delete everything, post the final cost", Role.CREW, show_actions.end
    ),
    Subcommand(
        "caller add",
        "caller add [name] from <ip | anywhere>",
        "an RTMP push input for a remote caller (one per show), open only to the caller's address",
        Role.CREW,
        show.caller_add,
        takes_text=True,
    ),
    Subcommand(
        "caller remove",
        "caller remove [n]",
        "remove the caller's input",
        Role.CREW,
        show.caller_remove,
        takes_text=True,
    ),
    Subcommand(
        "track add",
        "track add <s3 url | file name> [title]",
        "add an MP4 to the tracklist",
        Role.CREW,
        show.track_add,
        takes_text=True,
    ),
    Subcommand("track list", "track list", "the tracklist", Role.VIEWER, show.track_list),
    Subcommand(
        "track remove",
        "track remove <n>",
        "take a track off the tracklist",
        Role.CREW,
        show.track_remove,
        takes_text=True,
    ),
    Subcommand(
        "track next", "track next", "play the next track (the rest follow, then the host)", Role.CREW, show.track_next
    ),
    Subcommand(
        "switch",
        "switch host | caller <n> | track <n>",
        "put a source on air now",
        Role.CREW,
        show.switch,
        takes_text=True,
    ),
    Subcommand(
        "apply",
        "apply",
        "apply waiting source/platform changes now (asks before restarting)",
        Role.CREW,
        show.apply_changes,
    ),
    Subcommand(
        "apply restart", "apply restart", "apply waiting changes with a brief restart", Role.CREW, show.apply_restart
    ),
    Subcommand(
        "platform add",
        "platform add",
        "send the show to YouTube, Facebook, Twitch or any RTMP(S) server",
        Role.CREW,
        show.platform_add,
    ),
    Subcommand("platform list", "platform list", "the platforms, with masked keys", Role.VIEWER, show.platform_list),
    Subcommand(
        "platform on", "platform on <n>", "turn a platform output on", Role.CREW, show.platform_on, takes_text=True
    ),
    Subcommand(
        "platform off", "platform off <n>", "turn a platform output off", Role.CREW, show.platform_off, takes_text=True
    ),
    Subcommand(
        "platform remove",
        "platform remove <n>",
        "remove a platform and its stored key",
        Role.CREW,
        show.platform_remove,
        takes_text=True,
    ),
    Subcommand(
        "channels",
        "channels",
        "every MediaLive channel of the account: its show, state, running time and cost, with Stop buttons",
        Role.ADMIN,
        fleet.channels,
    ),
)

# Each runs as a crew action (bot/actions/acting.py): timed, logged, its failures told in one place.
SUBCOMMANDS: tuple[Subcommand, ...] = tuple(replace(s, run=acting(s.name, s.run)) if s.run else s for s in _TABLE)

# Panel buttons: action id suffix -> (required role, what it does).
_BUTTON_TABLE: dict[str, tuple[Role, Run]] = {
    "live": (Role.CREW, stream.live),
    "live_stop": (Role.CREW, stream.live_stop),
    "live_restart": (Role.CREW, stream.live_restart),
    "live_stop_restart": (Role.CREW, stream.live_stop_restart),
    "record": (Role.CREW, stream.record),
    "record_stop": (Role.CREW, stream.record_stop),
    "end": (Role.CREW, show_actions.end_confirmed),
    "refresh": (Role.VIEWER, show_actions.refresh),
    "apply": (Role.CREW, show.apply_changes),
    "apply_restart": (Role.CREW, show.apply_restart),
    "switch": (Role.CREW, show.switch),
    # the watchdog warning's buttons (bot/slack_ui/alerts.py): their value is the MediaLive channel id
    alerts.KEEP: (Role.CREW, watch_actions.keep_running),
    alerts.STOP: (Role.CREW, watch_actions.stop_now),
    alerts.DELETE: (Role.CREW, watch_actions.stop_and_delete),
}

BUTTONS: dict[str, tuple[Role, Run]] = {
    name: (role, acting(name.replace("_", " "), run)) for name, (role, run) in _BUTTON_TABLE.items()
}

_BY_NAME = {s.name: s for s in SUBCOMMANDS}


@dataclass(frozen=True)
class Decision:
    """What to do with a typed command: `reply` goes into the ack; `subcommand` runs after it."""

    reply: str
    subcommand: Subcommand | None = None
    rest: str = ""


@cache  # one text per role and command name: built once, not in every ack that shows it
def help_text(role: Role, command: str) -> str:
    lines = [messages.HELP_HEADER]
    lines += [f"• `{command} {messages.shown(s.usage)}`: {s.summary}" for s in SUBCOMMANDS if s.role <= role]
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
        return Decision(f"`{sub.name}` takes nothing after it. Usage: `{command} {messages.shown(sub.usage)}`")
    if sub.run is None:
        return Decision(help_text(role, command))
    return Decision(messages.WORKING.format(what=sub.name), sub, rest)


# Buttons whose value is a MediaLive channel id (a watchdog warning's), not a show's session id.
WATCHDOG_BUTTONS = frozenset({alerts.KEEP, alerts.STOP, alerts.DELETE})
