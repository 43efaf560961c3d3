"""Simulated encoders pushing to push inputs, and which pushes an input's security group lets in."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from .control import SandboxControlError

if TYPE_CHECKING:
    from .medialive_resources import Input
    from .medialive_state import MediaLiveState

PUSH_TYPES = ("RTMP_PUSH", "RTP_PUSH")


def _networks(ml: MediaLiveState, item: Input) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    found = []
    for group_id in item.spec.get("InputSecurityGroups") or []:
        group = ml.security_groups.get(group_id)
        for rule in group.rules if group else []:
            found.append(ipaddress.ip_network(str(rule.get("Cidr", "")), strict=False))
    return found


def admitted(ml: MediaLiveState, item: Input) -> bool:
    """Whether the input's encoder is connected from an address a rule of its security group covers.

    Checked against the rules as they are now, so an UpdateInputSecurityGroup that admits the address
    lets a waiting push in (and one that drops it cuts the push off).
    """
    # MediaLive UG "Working with input security groups": "MediaLive will ignore push requests from IP
    # addresses not covered by that input security group."
    if not item.encoder_connected or item.encoder_ip is None:
        return False
    address = ipaddress.ip_address(item.encoder_ip)
    return any(address.version == net.version and address in net for net in _networks(ml, item))


def connect(ml: MediaLiveState, input_id: str, connected: bool, source_ip: str | None) -> Input:
    """(Dis)connect a simulated encoder; ``source_ip=None`` pushes from inside the group's first rule."""
    item = ml.inputs.get(input_id)
    if item is None or item.deleted_at is not None:
        raise SandboxControlError(404, f"no input {input_id}")
    if item.type not in PUSH_TYPES:
        raise SandboxControlError(400, f"input {input_id} is {item.type}; only push inputs take an encoder")
    if source_ip is not None:
        try:
            source_ip = str(ipaddress.ip_address(source_ip))
        except ValueError as exc:
            raise SandboxControlError(400, f"source_ip {source_ip!r} is not an IP address") from exc
    else:
        networks = _networks(ml, item)[:1]
        source_ip = next((str(next(n.hosts(), n.network_address)) for n in networks), None)
    item.encoder_connected = connected
    item.encoder_ip = source_ip if connected else None
    return item
