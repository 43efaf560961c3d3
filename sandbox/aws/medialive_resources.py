"""MediaLive input security groups and inputs as the sandbox holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SecurityGroup:
    id: str
    arn: str
    rules: list[dict[str, Any]]
    tags: dict[str, str]
    inputs: set[str] = field(default_factory=set)

    def view(self) -> dict[str, Any]:
        return {
            "Arn": self.arn,
            "Id": self.id,
            "Inputs": sorted(self.inputs),
            "State": "IN_USE" if self.inputs else "IDLE",
            "Tags": dict(self.tags),
            "WhitelistRules": [dict(r) for r in self.rules],
        }


@dataclass
class Input:
    id: str
    arn: str
    spec: dict[str, Any]  # the create request (member names), minus RequestId
    destinations: list[dict[str, Any]]
    tags: dict[str, str]
    attached_to: str | None = None
    deleted_at: float | None = None
    encoder_connected: bool = False
    encoder_ip: str | None = None  # where the simulated encoder pushes from

    @property
    def type(self) -> str:
        return str(self.spec.get("Type", ""))

    def view(self) -> dict[str, Any]:
        count = len(self.destinations or self.spec.get("Sources") or [None])
        urls = [str(s.get("Url", "")) for s in self.spec.get("Sources", [])]
        state = "DELETED" if self.deleted_at is not None else "ATTACHED" if self.attached_to else "DETACHED"
        return {
            "Arn": self.arn,
            "AttachedChannels": [self.attached_to] if self.attached_to else [],
            "Destinations": [dict(d) for d in self.destinations],
            "Id": self.id,
            "InputClass": "STANDARD" if count == 2 else "SINGLE_PIPELINE",
            "InputDevices": self.spec.get("InputDevices", []),
            "InputPartnerIds": [],
            "InputSourceType": "DYNAMIC" if any("$urlPath$" in u for u in urls) else "STATIC",
            "MediaConnectFlows": self.spec.get("MediaConnectFlows", []),
            "Name": self.spec.get("Name", ""),
            "RoleArn": self.spec.get("RoleArn"),
            "SecurityGroups": list(self.spec.get("InputSecurityGroups", [])),
            "Sources": [
                {k: v for k, v in s.items() if k in ("Url", "Username", "PasswordParam")}
                for s in self.spec.get("Sources", [])
            ],
            "State": state,
            "Tags": dict(self.tags),
            "Type": self.type,
        }
