"""MediaLive input security groups and inputs."""

from __future__ import annotations

import ipaddress
from typing import Any

from .encoders import PUSH_TYPES
from .errors import BadRequest, Conflict
from .medialive_resources import Input, SecurityGroup
from .medialive_state import MediaLiveState

_PULL_TYPES = ("URL_PULL", "MP4_FILE", "RTMP_PULL", "TS_FILE")
_PORTS = {"RTMP_PUSH": "1935", "RTP_PUSH": "5000"}
_MP4_SCHEMES = ("s3ssl", "https", "http", "mediastoressl")


def _rules(params: dict[str, Any]) -> list[dict[str, Any]]:
    rules = [dict(r) for r in params.get("WhitelistRules", [])]
    for rule in rules:
        try:
            ipaddress.ip_network(str(rule.get("Cidr", "")), strict=False)
        except ValueError as exc:
            raise BadRequest(f"Invalid CIDR in whitelist rule: {rule.get('Cidr')!r}") from exc
    return rules


def create_security_group(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    group_id = ml.new_id()
    group = SecurityGroup(
        group_id, ml.arn("inputSecurityGroup", group_id), _rules(params), dict(params.get("Tags") or {})
    )
    ml.security_groups[group_id] = group
    return {"SecurityGroup": group.view()}


def describe_security_group(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return ml.security_group(params["InputSecurityGroupId"]).view()


def update_security_group(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    group = ml.security_group(params["InputSecurityGroupId"])
    if "WhitelistRules" in params:
        group.rules = _rules(params)
    if "Tags" in params:
        group.tags = dict(params["Tags"] or {})
    return {"SecurityGroup": group.view()}


def delete_security_group(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    group = ml.security_group(params["InputSecurityGroupId"])
    if group.inputs:
        raise Conflict(f"Input security group {group.id} is in use by input(s) {', '.join(sorted(group.inputs))}")
    del ml.security_groups[group.id]
    return {}


def list_security_groups(ml: MediaLiveState) -> list[dict[str, Any]]:
    return [g.view() for g in ml.security_groups.values()]


def _push_destinations(ml: MediaLiveState, kind: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    groups = params.get("InputSecurityGroups") or []
    if len(groups) != 1:
        raise BadRequest(f"A {kind} input needs exactly one input security group")
    if groups[0] not in ml.security_groups:
        raise BadRequest(f"Input security group {groups[0]} does not exist")
    requested = params.get("Destinations") or []
    if len(requested) not in (1, 2):
        raise BadRequest(f"A {kind} input needs one or two destinations")
    destinations = []
    for index, dest in enumerate(requested):
        stream = str(dest.get("StreamName", "")).strip("/")
        if kind == "RTMP_PUSH" and not stream:
            raise BadRequest(f"Destinations[{index}].StreamName is required for an RTMP_PUSH input")
        ip, port = ml.new_ip(), _PORTS[kind]
        url = f"rtmp://{ip}:{port}/{stream}" if kind == "RTMP_PUSH" else f"rtp://{ip}:{port}"
        destinations.append({"Ip": ip, "Port": port, "Url": url})
    return destinations


def _check_mp4_url(url: str) -> None:
    """MediaLive UG, MP4 inputs ("Obtain information"): an HTTP(S) server, MediaStore (mediastoressl://) or Amazon
    S3 as s3ssl://<bucket>/<path>/<file>.mp4, whose bucket "must not use dot notation"; and an MP4 source is
    supported "with .mp4 file extension only" (UG, "Support for live and file sources")."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in _MP4_SCHEMES:
        raise BadRequest(f"MP4 source {url!r}: use {', '.join(s + '://' for s in _MP4_SCHEMES)}")
    if not rest.partition("?")[0].lower().endswith(".mp4"):
        raise BadRequest(f"MP4 source {url!r} must name a file with the .mp4 extension")
    if scheme == "s3ssl" and "." in rest.partition("/")[0]:
        raise BadRequest(f"MP4 source {url!r}: MediaLive does not read buckets whose names contain dots")


def create_input(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    request_id = params.get("RequestId")
    if request_id and ("input", request_id) in ml.requests:
        # Same idempotency token: the same input, never a second one.
        return {"Input": ml.inputs[ml.requests[("input", request_id)]].view()}
    kind = params.get("Type")
    if kind in PUSH_TYPES:
        destinations = _push_destinations(ml, str(kind), params)
    elif kind in _PULL_TYPES:
        sources = params.get("Sources") or []
        if len(sources) not in (1, 2) or not all(s.get("Url") for s in sources):
            raise BadRequest(f"A {kind} input needs one or two Sources, each with a Url")
        if kind == "MP4_FILE":
            for source in sources:
                _check_mp4_url(str(source["Url"]))
        destinations = []
    elif not kind:
        raise BadRequest("Type is required")
    else:
        raise BadRequest(f"Input type {kind} is not supported by this endpoint")
    input_id = ml.new_id()
    spec = {k: v for k, v in params.items() if k not in ("RequestId", "Tags")}
    item = Input(input_id, ml.arn("input", input_id), spec, destinations, dict(params.get("Tags") or {}))
    ml.inputs[input_id] = item
    for group_id in spec.get("InputSecurityGroups", []):
        ml.security_groups[group_id].inputs.add(input_id)
    if request_id:
        ml.requests[("input", request_id)] = input_id
    return {"Input": item.view()}


def describe_input(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return ml.input(params["InputId"], now).view()


def update_input(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    item = ml.input(params["InputId"], now)
    if item.deleted_at is not None:
        raise Conflict(f"Input {item.id} has been deleted")
    if item.attached_to:
        channel = ml.channels[item.attached_to]
        if channel.state not in ("IDLE", "CREATING", "UPDATING"):
            raise Conflict(f"Input {item.id} is attached to channel {channel.id}, which is {channel.state}")
    for key in ("Name", "RoleArn", "Sources"):
        if key in params:
            item.spec[key] = params[key]
    if "InputSecurityGroups" in params and item.type in PUSH_TYPES:
        groups = list(params["InputSecurityGroups"])
        missing = [g for g in groups if g not in ml.security_groups]
        if len(groups) != 1 or missing:
            raise BadRequest("A push input needs exactly one existing input security group")
        for group in ml.security_groups.values():
            group.inputs.discard(item.id)
        ml.security_groups[groups[0]].inputs.add(item.id)
        item.spec["InputSecurityGroups"] = groups
    if "Destinations" in params and item.type in PUSH_TYPES:
        probe = {**item.spec, "Destinations": params["Destinations"]}
        item.destinations = _push_destinations(ml, item.type, probe)
        item.spec["Destinations"] = params["Destinations"]
    return {"Input": item.view()}


def delete_input(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    item = ml.input(params["InputId"], now)
    if item.deleted_at is not None:
        raise Conflict(f"Input {item.id} is already deleted")
    if item.attached_to:
        raise Conflict(f"Input {item.id} is attached to channel {item.attached_to}; detach or delete it first")
    item.deleted_at = now
    item.encoder_connected = False
    for group in ml.security_groups.values():
        group.inputs.discard(item.id)
    return {}


def list_inputs(ml: MediaLiveState) -> list[dict[str, Any]]:
    return [i.view() for i in ml.inputs.values() if i.deleted_at is None]
