"""MediaLive channel schedules: BatchUpdateSchedule validation, DescribeSchedule, DeleteSchedule."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from .errors import Unprocessable
from .input_switching import FIXED, FOLLOW
from .medialive_state import MediaLiveState
from .wire import iso_ms, parse_time

IMMEDIATE = "ImmediateModeScheduleActionStartSettings"
PAST_TOLERANCE = 5.0  # seconds a fixed time may lie in the past (clock skew, request latency)


def _check_start(
    action: dict[str, Any], path: str, running: bool, names: set[str], now: float
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Validate the start settings; returns them as stored (immediate becomes fixed) and any errors."""
    start = action.get("ScheduleActionStartSettings") or {}
    modes = [m for m in (FIXED, IMMEDIATE, FOLLOW) if start.get(m) is not None]
    where = f"{path}.scheduleActionStartSettings"
    if len(modes) != 1:
        return start, [(where, "Exactly one of fixed, immediate or follow start settings is required")]
    if modes[0] == IMMEDIATE:
        # No model doc states this rule; ScheduleActionStartSettings.ImmediateModeScheduleActionStartSettings
        # doc: "Option for specifying an action that should be applied immediately", and MediaLive UG "How
        # input switch actions work": "The schedule immediately passes the action to the channel", which only
        # a running channel can take.
        if not running:
            return start, [(where, "Immediate actions can only be used while channel is running")]
        # AWS records an immediate action as a fixed one at the time it was received.
        return {FIXED: {"Time": iso_ms(dt.datetime.fromtimestamp(now, dt.UTC))}}, []
    if modes[0] == FIXED:
        try:
            when = parse_time(str(start[FIXED].get("Time", "")))
        except ValueError:
            return start, [(f"{where}.fixedModeScheduleActionStartSettings.time", "Time is not ISO 8601")]
        if when < now - PAST_TOLERANCE:
            return start, [(f"{where}.fixedModeScheduleActionStartSettings.time", "Time is in the past")]
        return start, []
    follow = start[FOLLOW]
    errors = []
    if follow.get("FollowPoint") not in ("END", "START"):
        errors.append((f"{where}.followModeScheduleActionStartSettings.followPoint", "Must be END or START"))
    reference = follow.get("ReferenceActionName")
    if reference not in names or reference == action.get("ActionName"):
        errors.append(
            (f"{where}.followModeScheduleActionStartSettings.referenceActionName", f"No action named {reference!r}")
        )
    return start, errors


def _prepare_enabled(spec: dict[str, Any]) -> bool:
    features = (spec.get("EncoderSettings") or {}).get("FeatureActivations") or {}
    return bool(features.get("InputPrepareScheduleActions") == "ENABLED")


def batch_update(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ml.live_channel(params["ChannelId"], now)
    deletes = list((params.get("Deletes") or {}).get("ActionNames") or [])
    creates = list((params.get("Creates") or {}).get("ScheduleActions") or [])
    existing = {a["ActionName"]: a for a in channel.schedule}
    errors: list[tuple[str, str]] = []
    for index, name in enumerate(deletes):
        if name not in existing:
            errors.append((f"deletes.actionNames[{index}]", f"Action {name!r} is not in the schedule"))
    names = set(existing) - set(deletes)
    for index, action in enumerate(creates):
        name = action.get("ActionName")
        if not name or name in names:
            errors.append((f"creates.scheduleActions[{index}].actionName", f"Action name {name!r} already exists"))
        names.add(str(name))
    attachments = set(channel.attachment_names())
    stored = []
    for index, action in enumerate(creates):
        path = f"creates.scheduleActions[{index}]"
        start, problems = _check_start(action, path, channel.state == "RUNNING", names, now)
        errors.extend(problems)
        settings = action.get("ScheduleActionSettings") or {}
        if not settings:
            errors.append((f"{path}.scheduleActionSettings", "An action needs settings"))
        if "InputPrepareSettings" in settings and not _prepare_enabled(channel.spec):
            # FeatureActivations.InputPrepareScheduleActions doc: "You can create Input Prepare actions in the
            # schedule only if this feature is enabled."
            errors.append((f"{path}.scheduleActionSettings", "Input prepare actions are not enabled on this channel"))
        for key in ("InputSwitchSettings", "InputPrepareSettings"):
            if key not in settings:
                continue
            ref = settings[key].get("InputAttachmentNameReference")
            if (ref or key == "InputSwitchSettings") and ref not in attachments:
                errors.append((f"{path}.scheduleActionSettings", f"Input attachment {ref!r} is not on this channel"))
        stored.append({**copy.deepcopy(action), "ScheduleActionStartSettings": start})
    if errors:
        raise Unprocessable("; ".join(text for _, text in errors), errors)
    removed = [existing[name] for name in deletes]
    channel.schedule = [a for a in channel.schedule if a["ActionName"] not in deletes] + stored
    for name in deletes:
        channel.ran.pop(name, None)
    ml.settle(channel, now)  # immediate actions run now
    result: dict[str, Any] = {}
    if "Creates" in params:
        result["Creates"] = {"ScheduleActions": stored}
    if "Deletes" in params:
        result["Deletes"] = {"ScheduleActions": removed}
    return result


def describe(ml: MediaLiveState, params: dict[str, Any], now: float) -> list[dict[str, Any]]:
    return list(ml.live_channel(params["ChannelId"], now).schedule)  # pruned as the channel settles


def delete(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    """DeleteSchedule, in any state; the next start then begins on the first input attachment."""
    channel = ml.live_channel(params["ChannelId"], now)
    channel.schedule.clear()
    channel.ran.clear()
    return {}
