"""A fake MediaLive channel's schedule: what BatchUpdateSchedule refuses, and which switch is on air when.

Fixed and immediate input switches take effect (an immediate one is stored as a fixed one at the time it was
received, as AWS records it); follow-mode and input-prepare actions are checked and kept but never run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from tests.fakes.medialive_hls import iso_ms

FIXED = "FixedModeScheduleActionStartSettings"
IMMEDIATE = "ImmediateModeScheduleActionStartSettings"
FOLLOW = "FollowModeScheduleActionStartSettings"
PAST_TOLERANCE = 5.0  # seconds a fixed time may lie in the past (clock skew), as the sandbox allows
SLACK = 1e-3  # times are stored to the millisecond

Clock = Callable[[float], datetime]  # a moment of the fake clock as wall-clock time


def switch_target(action: Mapping[str, Any]) -> str | None:
    switch = action["ScheduleActionSettings"].get("InputSwitchSettings")
    return None if switch is None else str(switch.get("InputAttachmentNameReference"))


def fixed_at(action: Mapping[str, Any], at: Clock) -> float | None:
    """An action's fixed start time, on the fake clock."""
    fixed = action["ScheduleActionStartSettings"].get(FIXED)
    if fixed is None:
        return None
    when = datetime.fromisoformat(str(fixed["Time"]).replace("Z", "+00:00"))
    return ((when if when.tzinfo else when.replace(tzinfo=UTC)) - at(0)).total_seconds()


def refused(
    schedule: list[dict[str, Any]],
    creates: list[dict[str, Any]],
    deletes: list[str],
    *,
    running: bool,
    attachments: list[str],
    prepare: bool,
    now: float,
    at: Clock,
) -> tuple[list[str], list[dict[str, Any]]]:
    """What BatchUpdateSchedule refuses (422), and the created actions as it stores them."""
    existing = {str(a["ActionName"]) for a in schedule}
    problems = [f"Action {name!r} is not in the schedule" for name in deletes if name not in existing]
    names = existing - set(deletes)
    for action in creates:
        if action["ActionName"] in names:
            problems.append(f"Action name {action['ActionName']!r} already exists")
        names.add(str(action["ActionName"]))
    stored = []
    for action in creates:
        start = dict(action["ScheduleActionStartSettings"])
        modes = [m for m in (FIXED, IMMEDIATE, FOLLOW) if start.get(m) is not None]
        follow = start.get(FOLLOW) or {}
        if len(modes) != 1:
            problems.append("Exactly one of fixed, immediate or follow start settings is required")
        elif modes[0] == IMMEDIATE and not running:
            problems.append("Immediate actions can only be used while channel is running")
        elif modes[0] == IMMEDIATE:
            start = {FIXED: {"Time": iso_ms(at(now))}}
        elif modes[0] == FIXED and (fixed_at(action, at) or 0.0) < now - PAST_TOLERANCE:
            problems.append("Time is in the past")
        elif modes[0] == FOLLOW and (
            follow.get("FollowPoint") not in ("END", "START")
            or follow.get("ReferenceActionName") not in names - {action["ActionName"]}
        ):
            problems.append(f"No action named {follow.get('ReferenceActionName')!r} to follow")
        settings = action["ScheduleActionSettings"]
        if "InputPrepareSettings" in settings and not prepare:
            problems.append("Input prepare actions are not enabled on this channel")
        if "InputSwitchSettings" in settings and switch_target(action) not in attachments:
            problems.append(f"Input attachment {switch_target(action)!r} is not on this channel")
        stored.append({**action, "ScheduleActionStartSettings": start})
    return problems, stored


def on_air_at_start(
    schedule: list[dict[str, Any]], ran: dict[str, float], attachments: list[str], started: float, at: Clock
) -> tuple[str | None, str | None]:
    """(attachment, switch) a run starts on: the latest switch due by its start, else the first attachment
    (MediaLive UG, "Starting and restarting a channel that has multiple inputs")."""
    due = []
    for index, action in enumerate(schedule):
        when = fixed_at(action, at)
        when = ran.get(str(action["ActionName"])) if when is None else when
        if switch_target(action) is not None and when is not None and when <= started + SLACK:
            due.append((when, index, action))
    if not due:
        return (attachments[0] if attachments else None), None
    when, _, latest = max(due, key=lambda d: (d[0], d[1]))
    ran.setdefault(str(latest["ActionName"]), when)
    return switch_target(latest), str(latest["ActionName"])


def due_switches(
    schedule: list[dict[str, Any]], ran: dict[str, float], started: float, now: float, at: Clock
) -> list[tuple[float, dict[str, Any]]]:
    """The fixed actions due since `started` that have not run yet, in time order."""
    due = []
    for index, action in enumerate(schedule):
        when = fixed_at(action, at)
        if when is None or ran.get(str(action["ActionName"]), float("-inf")) >= when:
            continue
        if started <= when + SLACK and when <= now + SLACK:
            due.append((when, index, action))
    return [(when, action) for when, _, action in sorted(due, key=lambda d: (d[0], d[1]))]
