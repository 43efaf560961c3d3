"""MediaLive channels: create/update validation, wrong-state conflicts, tags and alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .encoders import PUSH_TYPES
from .errors import BadRequest, Conflict, NotFound, Unprocessable
from .medialive_state import Channel, MediaLiveState

_IGNORED = ("RequestId", "DryRun", "Reserved", "Tags", "ChannelId")
_UPDATABLE = (
    "CdiInputSpecification", "Destinations", "EncoderSettings", "InputAttachments", "InputSpecification",
    "LogLevel", "Maintenance", "Name", "RoleArn", "AnywhereSettings", "ChannelEngineVersion",
    "LinkedChannelSettings", "ChannelSecurityGroups", "InferenceSettings",
)  # fmt: skip
_DEFAULT_INPUT_SPEC = {"Codec": "AVC", "MaximumBitrate": "MAX_20_MBPS", "Resolution": "HD"}


def _refs(node: Any, path: str = "encoderSettings") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "DestinationRefId":
                yield path, str(value)
            else:
                yield from _refs(value, f"{path}.{key[:1].lower()}{key[1:]}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{path}[{index}]")


def _validate(ml: MediaLiveState, channel_id: str | None, spec: dict[str, Any]) -> list[str]:
    """Check a channel spec like MediaLive does; returns the input ids to attach."""
    attachments = spec.get("InputAttachments") or []
    input_ids = [str(a.get("InputId", "")) for a in attachments]
    problems: list[tuple[str, str]] = []
    for index, input_id in enumerate(input_ids):
        found = ml.inputs.get(input_id)
        if found is None or found.deleted_at is not None:
            raise BadRequest(f"inputAttachments[{index}]: input {input_id!r} does not exist")
        if found.attached_to not in (None, channel_id):
            raise Conflict(f"Input {input_id} is already attached to channel {found.attached_to}")
    if len(set(input_ids)) != len(input_ids):
        problems.append(("inputAttachments", "An input can be attached only once"))
    names = [a.get("InputAttachmentName") for a in attachments if a.get("InputAttachmentName")]
    if len(set(names)) != len(names):
        problems.append(("inputAttachments", "Input attachment names must be unique"))
    if len(input_ids) > 20:
        problems.append(("inputAttachments", "A channel can have at most 20 inputs"))
    if sum(ml.inputs[i].type in PUSH_TYPES for i in set(input_ids)) > 2:
        problems.append(("inputAttachments", "A channel can have at most 2 push inputs"))
    pipelines = 1 if spec.get("ChannelClass") == "SINGLE_PIPELINE" else 2
    dest_ids = set()
    for index, dest in enumerate(spec.get("Destinations") or []):
        dest_ids.add(dest.get("Id"))
        settings = dest.get("Settings")
        if settings and len(settings) != pipelines:
            problems.append(
                (f"destinations[{index}].settings", f"{spec.get('ChannelClass')} channels need {pipelines} setting(s)")
            )
    for path, ref in _refs(spec.get("EncoderSettings") or {}):
        if ref not in dest_ids:
            problems.append((path, f"Destination {ref!r} is not defined in destinations"))
    if problems:
        raise Unprocessable("Channel configuration is invalid", problems)
    return input_ids


def view(ml: MediaLiveState, channel: Channel, now: float) -> dict[str, Any]:
    running = channel.state == "RUNNING"
    details = []
    playing = channel.run.playing if running and channel.run else None
    if playing is not None:
        # PipelineDetail.ActiveInputSwitchActionName doc: "The name of the input switch schedule action that
        # occurred most recently and that resulted in the switch to the current input attachment".
        active = {"ActiveInputAttachmentName": playing.attachment, "ActiveInputSwitchActionName": playing.action}
        details = [{"PipelineId": str(p), **active} for p in range(channel.pipelines)]
    return {
        **channel.spec,
        "Arn": channel.arn,
        "Id": channel.id,
        "State": channel.state,
        "Tags": dict(channel.tags),
        "EgressEndpoints": [{"SourceIp": ip} for ip in channel.egress],
        "PipelinesRunningCount": channel.pipelines if running else 0,
        "PipelineDetails": details,
    }


def create_channel(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    request_id = params.get("RequestId")
    if request_id and ("channel", request_id) in ml.requests:
        # Same idempotency token: the same channel, never a second one.
        existing = ml.channels[ml.requests[("channel", request_id)]]
        ml.settle(existing, now)
        return {"Channel": view(ml, existing, now)}
    spec = {k: v for k, v in params.items() if k not in _IGNORED}
    spec.setdefault("ChannelClass", "STANDARD")
    spec.setdefault("LogLevel", "DISABLED")
    spec.setdefault("InputSpecification", dict(_DEFAULT_INPUT_SPEC))
    spec.setdefault("Destinations", [])
    spec.setdefault("InputAttachments", [])
    input_ids = _validate(ml, None, spec)
    channel_id = ml.new_id()
    egress = [ml.new_ip() for _ in range(1 if spec["ChannelClass"] == "SINGLE_PIPELINE" else 2)]
    channel = Channel(channel_id, ml.arn("channel", channel_id), spec, dict(params.get("Tags") or {}), egress)
    if params.get("DryRun"):
        return {"Channel": view(ml, channel, now)}
    channel.go("CREATING", now, "IDLE", ml.timings().create)
    ml.channels[channel_id] = channel
    ml.attach(channel, input_ids)
    if request_id:
        ml.requests[("channel", request_id)] = channel_id
    return {"Channel": view(ml, channel, now)}


def describe_channel(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return view(ml, ml.channel(params["ChannelId"], now), now)


def start_channel(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ml.live_channel(params["ChannelId"], now)
    channel.require(("IDLE",), "start")
    channel.go("STARTING", now, "RUNNING", ml.timings().start)
    return view(ml, channel, now)


def stop_channel(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ml.live_channel(params["ChannelId"], now)
    channel.require(("RUNNING", "STARTING", "RECOVERING"), "stop")
    ml.end_run(channel, now)
    channel.go("STOPPING", now, "IDLE", ml.timings().stop)
    return view(ml, channel, now)


def update_channel(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ml.live_channel(params["ChannelId"], now)
    channel.require(("IDLE",), "update")
    spec = {**channel.spec, **{k: v for k, v in params.items() if k in _UPDATABLE}}
    if "RoleArn" not in params:
        # UpdateChannel RoleArn doc: "If you do not specify this on an update call but the role was
        # previously set that role will be removed."
        spec.pop("RoleArn", None)
    input_ids = _validate(ml, channel.id, spec)
    channel.spec = spec
    ml.attach(channel, input_ids)
    channel.go("UPDATING", now, "IDLE", ml.timings().update)
    return {"Channel": view(ml, channel, now)}


def delete_channel(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ml.live_channel(params["ChannelId"], now)
    channel.require(("IDLE", "CREATE_FAILED", "UPDATE_FAILED"), "delete")
    channel.go("DELETING", now, "DELETED", ml.timings().delete)
    return view(ml, channel, now)


def list_channels(ml: MediaLiveState, now: float) -> list[dict[str, Any]]:
    ml.settle_all(now)
    return [view(ml, c, now) for c in ml.channels.values() if c.state != "DELETED"]


def taggable(ml: MediaLiveState, arn: str, now: float) -> dict[str, str]:
    """The live tag dict of the resource an ARN names (404 for unknown or deleted ones)."""
    resource_id = arn.rsplit(":", 1)[-1]
    kind = arn.split(":")[5] if arn.count(":") >= 6 else ""
    if kind == "channel" and resource_id in ml.channels:
        channel = ml.channels[resource_id]
        ml.settle(channel, now)
        if channel.state != "DELETED" and channel.arn == arn:
            return channel.tags
    elif kind == "input" and resource_id in ml.inputs:
        item = ml.inputs[resource_id]
        if item.deleted_at is None and item.arn == arn:
            return item.tags
    elif kind == "inputSecurityGroup" and resource_id in ml.security_groups:
        group = ml.security_groups[resource_id]
        if group.arn == arn:
            return group.tags
    raise NotFound(f"Resource {arn} not found")


def alert_views(channel: Channel, state_filter: str | None) -> list[dict[str, Any]]:
    def stamp(value: float | None) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromtimestamp(value, dt.UTC)

    return [
        {**a, "SetTimestamp": stamp(a["SetTimestamp"]), "ClearedTimestamp": stamp(a.get("ClearedTimestamp"))}
        for a in channel.alerts
        if state_filter in (None, "", a["State"])
    ]
