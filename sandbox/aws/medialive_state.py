"""MediaLive resources held by the sandbox, and the clock-driven channel state machine."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import input_switching
from .alerts import raise_alert
from .behaviour import SandboxBehaviour
from .encoders import PUSH_TYPES, admitted
from .errors import Conflict, NotFound
from .input_switching import Playing
from .medialive_resources import Input, SecurityGroup
from .rtmp import LinkState
from .segments import HlsTarget, Segment, hls_targets
from .timings import SandboxTimings

ACCOUNT_ID = "123456789012"
S3_DENIED_ALERT = "S3 Access Denied"
_PUBLIC_FIRST_OCTETS = (3, 13, 18, 34, 35, 44, 52, 54, 100)


@dataclass
class Run:
    """One RUNNING period of a channel: segment numbering restarts at 1 each time."""

    channel_id: str
    started_at: float
    pipelines: int
    targets: list[HlsTarget]
    seq: int = 0
    next_start: float = 0.0
    ended_at: float | None = None
    finalized: bool = False
    seen_input: bool = False
    links: dict[tuple[int, int, int], LinkState] = field(default_factory=dict)  # RTMP outputs, by RtmpLink.key
    playing: Playing | None = None  # the input it ingests now

    def advance(self, now: float, length: float) -> list[Segment]:
        """Segments completed by ``now`` (or cut short by the end of the run), appended to every target."""
        limit = now if self.ended_at is None else min(now, self.ended_at)
        new: list[Segment] = []
        while self.next_start + length <= limit + 1e-6:
            self.seq += 1
            new.append(Segment(self.seq, self.next_start, length))
            self.next_start += length
        if self.ended_at is not None and now >= self.ended_at and self.ended_at - self.next_start > 0.05:
            self.seq += 1
            new.append(Segment(self.seq, self.next_start, self.ended_at - self.next_start))
            self.next_start = self.ended_at
        for target in self.targets:
            target.segments.extend(new)
        return new


@dataclass
class Channel:
    id: str
    arn: str
    spec: dict[str, Any]  # stored request fields (member names)
    tags: dict[str, str]
    egress: list[str]
    state: str = "CREATING"
    until: float | None = None
    next_state: str | None = None
    deleted_at: float | None = None
    run: Run | None = None
    schedule: list[dict[str, Any]] = field(default_factory=list)
    ran: dict[str, float] = field(default_factory=dict)  # schedule action name -> when it last ran
    alerts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pipelines(self) -> int:
        return 1 if self.spec.get("ChannelClass") == "SINGLE_PIPELINE" else 2

    def go(self, state: str, now: float, then: str | None = None, after: float = 0.0) -> None:
        self.state = state
        self.next_state = then
        self.until = now + after if then else None

    def require(self, allowed: tuple[str, ...], action: str) -> None:
        if self.state not in allowed:
            raise Conflict(f"Channel is in state {self.state}; cannot {action} (allowed from {', '.join(allowed)})")

    def attachment_names(self) -> list[str]:
        return [str(a.get("InputAttachmentName", "")) for a in self.spec.get("InputAttachments", [])]


class MediaLiveState:
    """All MediaLive resources of one sandbox; guard every access with ``lock``."""

    def __init__(
        self,
        region: str,
        timings: Callable[[], SandboxTimings],
        lock: threading.RLock,
        behaviour: Callable[[], SandboxBehaviour] = SandboxBehaviour,
        seed: int | None = None,
    ) -> None:
        self.region = region
        self.timings = timings
        self.behaviour = behaviour
        self.lock = lock
        self.channels: dict[str, Channel] = {}
        self.inputs: dict[str, Input] = {}
        self.security_groups: dict[str, SecurityGroup] = {}
        self.requests: dict[tuple[str, str], str] = {}  # (kind, RequestId) -> resource id
        self.ended_runs: list[Run] = []
        self.refusing_hosts: set[str] = set()  # RTMP destinations outside the sandbox (platforms) refusing pushes
        self._ids: set[str] = set()
        self._ips: set[str] = set()
        # Ids and addresses only need to look real; a seed makes them the same on every run (a saved copy of the
        # sandbox's environment names the same security group the next time).
        self._rng = random.Random(seed)

    def arn(self, kind: str, resource_id: str) -> str:
        return f"arn:aws:medialive:{self.region}:{ACCOUNT_ID}:{kind}:{resource_id}"

    def new_id(self) -> str:
        while True:
            candidate = str(self._rng.randint(1_000_000, 9_999_999))
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def new_ip(self) -> str:
        while True:
            octets = [self._rng.choice(_PUBLIC_FIRST_OCTETS), *(self._rng.randint(1, 254) for _ in range(3))]
            candidate = ".".join(map(str, octets))
            if candidate not in self._ips:
                self._ips.add(candidate)
                return candidate

    # --- lookups ---------------------------------------------------------------------------------

    def channel(self, channel_id: str, now: float | None = None) -> Channel:
        """A channel that is still visible (DELETED ones are, for ``deleted_visible`` seconds)."""
        now = time.time() if now is None else now
        found = self.channels.get(channel_id)
        if found is not None:
            self.settle(found, now)
            if found.deleted_at is None or now - found.deleted_at < self.timings().deleted_visible:
                return found
        raise NotFound(f"Channel {channel_id} not found")

    def live_channel(self, channel_id: str, now: float) -> Channel:
        """A channel that exists and is not DELETED."""
        found = self.channel(channel_id, now)
        if found.state == "DELETED":
            raise NotFound(f"Channel {channel_id} has been deleted")
        return found

    def input(self, input_id: str, now: float) -> Input:
        found = self.inputs.get(input_id)
        if found is not None and (found.deleted_at is None or now - found.deleted_at < self.timings().deleted_visible):
            return found
        raise NotFound(f"Input {input_id} not found")

    def security_group(self, group_id: str) -> SecurityGroup:
        found = self.security_groups.get(group_id)
        if found is None:
            raise NotFound(f"Input security group {group_id} not found")
        return found

    # --- state machine ---------------------------------------------------------------------------

    def settle_all(self, now: float) -> None:
        for channel in self.channels.values():
            self.settle(channel, now)

    def settle(self, channel: Channel, now: float) -> None:
        """Apply every timed transition that is due by ``now``, each at the time it was due."""
        while channel.until is not None and channel.next_state is not None and now >= channel.until:
            at, state = channel.until, channel.next_state
            channel.go(state, at)
            if state == "RUNNING":
                channel.run = Run(channel.id, at, channel.pipelines, self._s3_targets(channel, at), next_start=at)
                channel.run.playing = input_switching.begin(self, channel, at)
            elif state == "DELETED":
                channel.deleted_at = at
                channel.schedule.clear()
                channel.ran.clear()
                self.attach(channel, [])
        input_switching.advance(self, channel, now)
        input_switching.prune(self, channel, now)

    def _s3_targets(self, channel: Channel, at: float) -> list[HlsTarget]:
        targets = hls_targets(channel.spec, at)
        if targets and not channel.spec.get("RoleArn"):
            # MediaLive writes to S3 as the channel's role (CreateChannel RoleArn doc: "the role to assume
            # when running the Channel"): without one nothing is written. AWS does not document the alert
            # this raises; "S3 Access Denied" is the sandbox's name for it.
            message = "The channel has no role (RoleArn) to write its S3 destinations with"
            raise_alert(channel, S3_DENIED_ALERT, message, at)
            return []
        return targets

    def end_run(self, channel: Channel, now: float) -> None:
        if channel.run is not None:
            channel.run.ended_at = now
            self.ended_runs.append(channel.run)
            channel.run = None
        for alert in channel.alerts:
            if alert["State"] == "SET":
                alert.update(State="CLEARED", ClearedTimestamp=now)

    def attach(self, channel: Channel, input_ids: list[str]) -> None:
        """Make ``input_ids`` exactly the inputs attached to ``channel``."""
        for item in self.inputs.values():
            if item.attached_to == channel.id and item.id not in input_ids:
                item.attached_to = None
        for input_id in input_ids:
            self.inputs[input_id].attached_to = channel.id

    def input_arriving(self, channel: Channel, now: float) -> bool | None:
        """Whether video arrives on what the channel ingests now: a file input while it plays (MediaLive reads it
        itself), else an admitted encoder's push; None when it has no push input to tell by."""
        playing = channel.run.playing if channel.run else None
        if playing is not None:
            attached = {str(a.get("InputAttachmentName")): a for a in channel.spec.get("InputAttachments") or []}
            found = self.inputs.get(str(attached.get(playing.attachment or "", {}).get("InputId", "")))
            if found is not None and found.type in input_switching.FILE_TYPES:
                return playing.ends_at is None or now < playing.ends_at
        return self.push_input_connected(channel)

    def push_input_connected(self, channel: Channel) -> bool | None:
        """Whether an encoder feeds one of the channel's push inputs; None if it has no push input."""
        pushes = [i for i in self.inputs.values() if i.attached_to == channel.id and i.type in PUSH_TYPES]
        if not pushes:
            return None
        return any(admitted(self, i) for i in pushes)
