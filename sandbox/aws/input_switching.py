"""Which input a running channel ingests: input switches (fixed, immediate, follow) and file inputs that end.

A file input (MP4_FILE, TS_FILE) "plays" for ``timings.file_seconds`` from the moment it is switched in;
with the attachment's ``InputSettings.SourceEndBehavior`` LOOP it never ends. A follow switch with
FollowPoint END runs when the input switched in by its reference action ends, one with START when the
reference action runs, so chains (track1 -> track2 -> host) play out on their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .wire import parse_time

if TYPE_CHECKING:
    from .medialive_state import Channel, MediaLiveState

FIXED = "FixedModeScheduleActionStartSettings"
FOLLOW = "FollowModeScheduleActionStartSettings"
FILE_TYPES = ("MP4_FILE", "TS_FILE")
_MAX_STEPS = 1000  # follow chains are finite; this only guards against a bug looping forever


@dataclass(frozen=True)
class Playing:
    """The input a run ingests now, and the switch that brought it in (None: the first attachment)."""

    attachment: str | None
    action: str | None
    since: float
    ends_at: float | None  # when a file input ends; None for live inputs and looping files


def _switch_target(action: dict[str, Any]) -> str | None:
    switch = action["ScheduleActionSettings"].get("InputSwitchSettings")
    return None if switch is None else str(switch["InputAttachmentNameReference"])


def _fixed_time(action: dict[str, Any]) -> float | None:
    fixed = action["ScheduleActionStartSettings"].get(FIXED)
    return None if fixed is None else parse_time(str(fixed["Time"]))


def start_time(channel: Channel, action: dict[str, Any]) -> float | None:
    """When an action starts or started: its fixed time, or when a follow action ran (None: not yet)."""
    fixed = _fixed_time(action)
    return fixed if fixed is not None else channel.ran.get(str(action["ActionName"]))


def _play(ml: MediaLiveState, channel: Channel, attachment: str | None, action: str | None, at: float) -> Playing:
    ends_at = None
    for item in channel.spec.get("InputAttachments") or []:
        if item.get("InputAttachmentName") != attachment:
            continue
        found = ml.inputs.get(str(item.get("InputId", "")))
        looping = (item.get("InputSettings") or {}).get("SourceEndBehavior") == "LOOP"
        if found is not None and found.type in FILE_TYPES and not looping:
            ends_at = at + ml.timings().file_seconds
    return Playing(attachment, action, at, ends_at)


def begin(ml: MediaLiveState, channel: Channel, at: float) -> Playing:
    """What a run starting at ``at`` ingests first.

    MediaLive UG "Starting and restarting a channel that has multiple inputs": at start MediaLive looks for
    an input switch "with a start time that is now or with a start time that is overdue" and switches to it,
    else "it starts ingesting the first input attachment listed in the channel"; a file input comes back
    "at the start of the file".
    """
    latest: tuple[float, int, dict[str, Any]] | None = None
    for index, action in enumerate(channel.schedule):
        when = start_time(channel, action)
        if _switch_target(action) is None or when is None or when > at:
            continue
        channel.ran.setdefault(str(action["ActionName"]), when)
        if latest is None or (when, index) >= latest[:2]:
            latest = (when, index, action)
    if latest is None:
        names = channel.attachment_names()
        return _play(ml, channel, names[0] if names else None, None, at)
    return _play(ml, channel, _switch_target(latest[2]), str(latest[2]["ActionName"]), at)


def _due(channel: Channel, playing: Playing, started_at: float, now: float) -> Iterator[tuple[float, int]]:
    """(time, schedule index) of every action due by ``now`` that has not run for its trigger yet."""
    never = float("-inf")
    for index, action in enumerate(channel.schedule):
        last = channel.ran.get(str(action["ActionName"]), never)
        follow = action["ScheduleActionStartSettings"].get(FOLLOW) or {}
        reference = follow.get("ReferenceActionName")
        if follow.get("FollowPoint") == "END":
            ends = playing.ends_at
            if reference == playing.action and ends is not None and ends <= now and last < playing.since:
                yield ends, index
            continue
        when = channel.ran.get(str(reference)) if follow else _fixed_time(action)
        if when is not None and started_at <= when <= now and last < when:
            yield when, index


def advance(ml: MediaLiveState, channel: Channel, now: float) -> None:
    """Run every schedule action due by ``now``, in time order, updating what the run ingests."""
    run = channel.run
    if run is None or run.playing is None:
        return
    for _ in range(_MAX_STEPS):
        due = min(_due(channel, run.playing, run.started_at, now), default=None)
        if due is None:
            return
        when, index = due
        action = channel.schedule[index]
        channel.ran[str(action["ActionName"])] = when
        target = _switch_target(action)
        if target is not None:
            run.playing = _play(ml, channel, target, str(action["ActionName"]), when)


def prune(ml: MediaLiveState, channel: Channel, now: float) -> None:
    """Drop actions that started more than ``timings.schedule_retention`` ago, freeing their names."""
    # ScheduleAction.ActionName doc: "The schedule is automatically cleaned up to remove actions with a start
    # time of more than 1 hour ago (approximately) so at that point a name can be reused."
    cutoff = now - ml.timings().schedule_retention
    kept = []
    for action in channel.schedule:
        when = start_time(channel, action)
        if when is not None and when < cutoff:
            channel.ran.pop(str(action["ActionName"]), None)
        else:
            kept.append(action)
    channel.schedule = kept
