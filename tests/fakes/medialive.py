"""MediaLive in memory: channels with AWS's state machine on a fake clock, inputs, input security groups.

What it follows, and from where: requests are checked against botocore's model, waits run botocore's own
waiter (its acceptors, its attempts) with the fake clock moving between polls, and every refusal is the AWS
error the sandbox answers, turned into a domain error by the adapters' `translate`. A running channel writes
its recording into a FakeObjectStore as the clock moves (medialive_hls); switches are in medialive_schedule.

Left out: RECOVERING and the *_FAILED states, alerts, CloudWatch metrics, encoders and what input security
groups admit, file inputs ending, and the schedule forgetting actions after an hour.
"""

from __future__ import annotations

import ipaddress
import itertools
import math
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from botocore import xform_name
from botocore.exceptions import WaiterError
from botocore.session import get_session
from botocore.waiter import Waiter

from core.adapters.aws.errors import translate
from core.adapters.aws.medialive import ChannelFacts, InputFacts, InputSecurityGroupFacts
from core.domain.session import ChannelState
from core.errors import InvalidRequest
from sandbox.aws.timings import SandboxTimings
from tests.fakes.errors import aws_error, check_request, input_shape, response
from tests.fakes.medialive_hls import Recording, hls_targets
from tests.fakes.medialive_schedule import due_switches, on_air_at_start, refused, switch_target
from tests.fakes.objects import FakeObjectStore
from tests.fakes.waits import FakeWaits

ACCOUNT = "123456789012"
_WAITERS = get_session().get_waiter_model("medialive")
_WAITER_NAMES = {xform_name(name): name for name in _WAITERS.waiter_names}
_UPDATABLE = frozenset(input_shape("medialive", "UpdateChannel").members) - {"ChannelId"}
_PUSH = ("RTMP_PUSH", "RTP_PUSH")
_PULL = ("URL_PULL", "MP4_FILE", "RTMP_PULL", "TS_FILE")
_STOPPABLE = (ChannelState.RUNNING, ChannelState.STARTING, ChannelState.RECOVERING)
_DELETABLE = (ChannelState.IDLE, ChannelState.CREATE_FAILED, ChannelState.UPDATE_FAILED)


@dataclass
class _Run:
    recording: Recording
    attachment: str | None  # what it ingests now, and the switch that put it there
    switch: str | None = None


@dataclass
class _Channel:
    id: str
    arn: str
    spec: dict[str, Any]
    tags: dict[str, str]
    state: ChannelState = ChannelState.CREATING
    then: ChannelState | None = None
    due: float | None = None
    deleted_at: float | None = None
    run: _Run | None = None
    schedule: list[dict[str, Any]] = field(default_factory=list)
    ran: dict[str, float] = field(default_factory=dict)  # action name -> when it ran

    @property
    def pipelines(self) -> int:
        return 1 if self.spec.get("ChannelClass") == "SINGLE_PIPELINE" else 2

    def attachments(self) -> list[str]:
        return [str(a.get("InputAttachmentName", "")) for a in self.spec.get("InputAttachments") or []]


@dataclass
class _Input:
    id: str
    arn: str
    spec: dict[str, Any]
    endpoints: tuple[str, ...]
    tags: dict[str, str]
    attached_to: str | None = None
    deleted_at: float | None = None

    @property
    def state(self) -> str:
        return "DELETED" if self.deleted_at is not None else "ATTACHED" if self.attached_to else "DETACHED"


@dataclass
class _Group:
    id: str
    tags: dict[str, str]
    inputs: set[str] = field(default_factory=set)


class FakeMediaLive:
    def __init__(
        self,
        waits: FakeWaits,
        *,
        objects: FakeObjectStore | None = None,
        timings: SandboxTimings | None = None,
        poll_seconds: float = 0.1,
        timeout_seconds: float = 30.0,
    ) -> None:
        self._waits = waits
        self._objects = objects
        self.timings = timings or SandboxTimings()
        self._poll = poll_seconds
        self._timeout = timeout_seconds
        self._lock = threading.RLock()
        self._ids = itertools.count(1_000_001)
        self.channels: dict[str, _Channel] = {}
        self.inputs: dict[str, _Input] = {}
        self.groups: dict[str, _Group] = {}
        self._requests: dict[tuple[str, str], str] = {}  # (kind, RequestId) -> resource id
        waits.on_advance(self._settle_all)

    # inputs and security groups ---------------------------------------------------------------------
    def create_input(self, request: Mapping[str, Any]) -> InputFacts:
        action = "create the encoder input"
        check_request("medialive", "CreateInput", request, action)
        with self._lock:
            token = str(request.get("RequestId") or "")
            if earlier := self._requests.get(("input", token)):  # the same idempotency token: the same input
                return self._input_facts(self.inputs[earlier])
            kind = str(request.get("Type", ""))
            groups = list(request.get("InputSecurityGroups") or [])
            streams = [str(d.get("StreamName", "")).strip("/") for d in request.get("Destinations") or []]
            sources = [s for s in request.get("Sources") or [] if s.get("Url")]
            if kind in _PUSH and (len(groups) != 1 or groups[0] not in self.groups or len(streams) not in (1, 2)):
                raise aws_error(
                    "BadRequestException", action, f"A {kind} input needs one security group, 1-2 destinations"
                )
            if kind == "RTMP_PUSH" and not all(streams):
                raise aws_error("BadRequestException", action, "StreamName is required for an RTMP_PUSH input")
            if kind in _PULL and len(sources) not in (1, 2):
                raise aws_error(
                    "BadRequestException", action, f"A {kind} input needs one or two Sources, each with a Url"
                )
            if kind not in _PUSH + _PULL:
                raise aws_error("BadRequestException", action, f"Input type {kind or '(none)'} is not supported")
            input_id = self._new_id()
            endpoints = tuple(
                f"rtmp://{self._address()}:1935/{s}" if kind == "RTMP_PUSH" else f"rtp://{self._address()}:5000"
                for s in (streams if kind in _PUSH else [])
            )
            spec = {k: v for k, v in request.items() if k not in ("RequestId", "Tags")}
            item = _Input(input_id, self._arn("input", input_id), spec, endpoints, dict(request.get("Tags") or {}))
            self.inputs[input_id] = item
            for group_id in groups:
                self.groups[group_id].inputs.add(input_id)
            if token:
                self._requests[("input", token)] = input_id
            return self._input_facts(item)

    def describe_input(self, input_id: str) -> InputFacts | None:
        with self._lock:
            found = self._visible_input(input_id)
            return None if found is None or found.deleted_at is not None else self._input_facts(found)

    def delete_input(self, input_id: str) -> None:
        action = "delete the encoder input"
        with self._lock:
            found = self._visible_input(input_id)
            if found is None:
                return
            if found.deleted_at is not None or found.attached_to:
                raise aws_error("ConflictException", action, f"Input {input_id} is {found.state.lower()}")
            found.deleted_at = self._waits.monotonic()
            for group in self.groups.values():
                group.inputs.discard(input_id)

    def create_security_group(self, request: Mapping[str, Any]) -> str:
        action = "create the caller's input security group"
        check_request("medialive", "CreateInputSecurityGroup", request, action)
        for rule in request.get("WhitelistRules") or []:
            try:
                ipaddress.ip_network(str(rule.get("Cidr", "")), strict=False)
            except ValueError:
                raise aws_error("BadRequestException", action, f"Invalid CIDR {rule.get('Cidr')!r}") from None
        with self._lock:
            group = _Group(self._new_id(), dict(request.get("Tags") or {}))
            self.groups[group.id] = group
            return group.id

    def delete_security_group(self, group_id: str) -> None:
        with self._lock:
            group = self.groups.get(group_id)
            if group is None:
                return
            if group.inputs:
                action = "delete the caller's input security group"
                raise aws_error("ConflictException", action, f"Input security group {group_id} is in use")
            del self.groups[group_id]

    def list_inputs(self) -> Iterator[InputFacts]:
        with self._lock:
            found = [self._input_facts(i) for i in self.inputs.values() if i.deleted_at is None]
        yield from found

    def list_security_groups(self) -> Iterator[InputSecurityGroupFacts]:
        with self._lock:
            found = [
                InputSecurityGroupFacts(
                    id=g.id,
                    arn=self._arn("inputSecurityGroup", g.id),
                    state="IN_USE" if g.inputs else "IDLE",
                    inputs=tuple(sorted(g.inputs)),
                    tags=dict(g.tags),
                )
                for g in self.groups.values()
            ]
        yield from found

    # channels -------------------------------------------------------------------------------------
    def create_channel(self, request: Mapping[str, Any]) -> ChannelFacts:
        action = "create the MediaLive channel"
        check_request("medialive", "CreateChannel", request, action)
        with self._lock:
            token = str(request.get("RequestId") or "")
            if earlier := self._requests.get(("channel", token)):  # the same token: the same channel
                return self._channel_facts(self.channels[earlier])
            spec = {k: v for k, v in request.items() if k not in ("RequestId", "Tags", "DryRun")}
            spec.setdefault("ChannelClass", "STANDARD")
            input_ids = self._valid_spec(None, spec, action)
            channel_id = self._new_id()
            channel = _Channel(channel_id, self._arn("channel", channel_id), spec, dict(request.get("Tags") or {}))
            self.channels[channel_id] = channel
            self._attach(channel, input_ids)
            self._go(channel, ChannelState.CREATING, ChannelState.IDLE, self.timings.create)
            if token:
                self._requests[("channel", token)] = channel_id
            return self._channel_facts(channel)

    def describe_channel(self, channel_id: str) -> ChannelFacts | None:
        with self._lock:
            found = self._visible_channel(channel_id)
            return None if found is None or found.state is ChannelState.DELETED else self._channel_facts(found)

    def start_channel(self, channel_id: str) -> None:
        with self._lock:
            channel = self._live_channel(channel_id, "start the channel", (ChannelState.IDLE,))
            self._go(channel, ChannelState.STARTING, ChannelState.RUNNING, self.timings.start)

    def stop_channel(self, channel_id: str) -> None:
        with self._lock:
            channel = self._live_channel(channel_id, "stop the channel", _STOPPABLE)
            if channel.run is not None:
                channel.run.recording.ended = self._waits.monotonic()
                self._record(channel.run, channel.run.recording.ended)
                channel.run = None
            self._go(channel, ChannelState.STOPPING, ChannelState.IDLE, self.timings.stop)

    def update_channel(self, channel_id: str, **changes: Any) -> None:
        action = "update the channel"
        check_request("medialive", "UpdateChannel", {"ChannelId": channel_id, **changes}, action)
        with self._lock:
            channel = self._live_channel(channel_id, action, (ChannelState.IDLE,))
            spec = {**channel.spec, **{k: v for k, v in changes.items() if k in _UPDATABLE}}
            if "RoleArn" not in changes:  # UpdateChannel RoleArn doc: "... that role will be removed"
                spec.pop("RoleArn", None)
            self._attach(channel, self._valid_spec(channel.id, spec, action))
            channel.spec = spec
            self._go(channel, ChannelState.UPDATING, ChannelState.IDLE, self.timings.update)

    def delete_channel(self, channel_id: str) -> None:
        with self._lock:
            found = self._visible_channel(channel_id)
            if found is None or found.state is ChannelState.DELETED:
                return
            channel = self._live_channel(channel_id, "delete the channel", _DELETABLE)
            self._go(channel, ChannelState.DELETING, ChannelState.DELETED, self.timings.delete)

    def list_channels(self) -> Iterator[ChannelFacts]:
        with self._lock:
            found = [self._channel_facts(c) for c in self.channels.values() if c.state is not ChannelState.DELETED]
        yield from found

    def wait(self, waiter: str, action: str, **params: str) -> None:
        try:
            self._run_waiter(waiter, params)
        except WaiterError as error:
            raise translate(error, action) from None

    def wait_gone(self, waiter: str, action: str, **params: str) -> None:
        try:
            self._run_waiter(waiter, params)
        except WaiterError as error:
            if (error.last_response or {}).get("Error", {}).get("Code") != "NotFoundException":
                raise translate(error, action) from None

    # the schedule ---------------------------------------------------------------------------------
    def update_schedule(self, channel_id: str, *, creates: list[dict[str, Any]], deletes: list[str]) -> None:
        request: dict[str, Any] = {"ChannelId": channel_id}
        if creates:
            request["Creates"] = {"ScheduleActions": creates}
        if deletes:
            request["Deletes"] = {"ActionNames": deletes}
        check_request("medialive", "BatchUpdateSchedule", request, "switch the source")
        with self._lock:
            channel = self._live_channel(channel_id, "switch the source", tuple(ChannelState))
            features = (channel.spec.get("EncoderSettings") or {}).get("FeatureActivations") or {}
            problems, stored = refused(
                channel.schedule,
                creates,
                deletes,
                running=channel.state is ChannelState.RUNNING,
                attachments=channel.attachments(),
                prepare=features.get("InputPrepareScheduleActions") == "ENABLED",
                now=self._waits.monotonic(),
                at=self._waits.at,
            )
            if problems:
                raise InvalidRequest("MediaLive refused the switch: " + "; ".join(problems)[:200])
            channel.schedule = [a for a in channel.schedule if a["ActionName"] not in deletes] + stored
            for name in deletes:
                channel.ran.pop(name, None)
            self._settle(channel, self._waits.monotonic())  # immediate actions run now

    def clear_schedule(self, channel_id: str) -> None:
        with self._lock:
            channel = self._live_channel(channel_id, "clear the channel's schedule", tuple(ChannelState))
            channel.schedule.clear()
            channel.ran.clear()

    def rtmp_pushes(self) -> Iterator[tuple[str, str]]:
        """(ingest host, stream name) of every RTMP output of every RUNNING channel, for the fake IVS."""
        with self._lock:
            running = [c.spec for c in self.channels.values() if c.state is ChannelState.RUNNING]
        for spec in running:
            settings = {d.get("Id"): d.get("Settings") or [] for d in spec.get("Destinations") or []}
            for group in (spec.get("EncoderSettings") or {}).get("OutputGroups") or []:
                for output in group.get("Outputs") or []:
                    rtmp = (output.get("OutputSettings") or {}).get("RtmpOutputSettings")
                    for item in settings.get((rtmp or {}).get("Destination", {}).get("DestinationRefId"), []):
                        yield (urlparse(str(item.get("Url", ""))).hostname or "").lower(), str(item.get("StreamName"))

    # the state machine ------------------------------------------------------------------------------
    def _go(self, channel: _Channel, state: ChannelState, then: ChannelState, after: float) -> None:
        channel.state, channel.then, channel.due = state, then, self._waits.monotonic() + after
        self._settle(channel, self._waits.monotonic())  # a zero-length transition is done at once

    def _settle_all(self, now: float) -> None:
        with self._lock:
            for channel in list(self.channels.values()):
                self._settle(channel, now)

    def _settle(self, channel: _Channel, now: float) -> None:
        """Every transition due by `now`, each at the time it was due; then the run's switches and recording."""
        while channel.due is not None and channel.then is not None and now >= channel.due:
            at, state = channel.due, channel.then
            channel.state, channel.then, channel.due = state, None, None
            if state is ChannelState.RUNNING:
                channel.run = self._begin(channel, at)
            elif state is ChannelState.DELETED:
                channel.deleted_at = at
                channel.schedule.clear()
                channel.ran.clear()
                self._attach(channel, [])
        if channel.run is not None:
            self._switch(channel, channel.run, now)
            self._record(channel.run, now)

    def _begin(self, channel: _Channel, at: float) -> _Run:
        """Without a role (RoleArn) MediaLive writes nothing to S3."""
        targets = hls_targets(channel.spec) if channel.spec.get("RoleArn") else []
        first = on_air_at_start(channel.schedule, channel.ran, channel.attachments(), at, self._waits.at)
        return _Run(Recording(at, targets), *first)

    def _switch(self, channel: _Channel, run: _Run, now: float) -> None:
        for when, action in due_switches(channel.schedule, channel.ran, run.recording.started, now, self._waits.at):
            channel.ran[str(action["ActionName"])] = when
            if switch_target(action) is not None:
                run.attachment, run.switch = switch_target(action), str(action["ActionName"])

    def _record(self, run: _Run, now: float) -> None:
        if self._objects is not None:
            run.recording.advance(now, self.timings.segment, self._objects, self._waits.at)

    # checks -----------------------------------------------------------------------------------------
    def _valid_spec(self, channel_id: str | None, spec: dict[str, Any], action: str) -> list[str]:
        """The input ids a create or update attaches; refuses what the sandbox refuses of them."""
        input_ids = [str(a.get("InputId", "")) for a in spec.get("InputAttachments") or []]
        for input_id in input_ids:
            found = self.inputs.get(input_id)
            if found is None or found.deleted_at is not None:
                raise aws_error("BadRequestException", action, f"input {input_id!r} does not exist")
            if found.attached_to not in (None, channel_id):
                raise aws_error("ConflictException", action, f"Input {input_id} is attached to {found.attached_to}")
        names = [str(a.get("InputAttachmentName", "")) for a in spec.get("InputAttachments") or []]
        destinations = {d.get("Id") for d in spec.get("Destinations") or []}
        refs = set(_refs(spec.get("EncoderSettings") or {}))
        if len(set(input_ids)) != len(input_ids) or len(set(names)) != len(names) or not refs <= destinations:
            raise aws_error("UnprocessableEntityException", action, "Channel configuration is invalid")
        return input_ids

    # lookups and facts ------------------------------------------------------------------------------
    def _visible_channel(self, channel_id: str) -> _Channel | None:
        """A channel still described: DELETED ones are, for `timings.deleted_visible` seconds."""
        found = self.channels.get(channel_id)
        return found if found is not None and self._visible(found.deleted_at) else None

    def _visible_input(self, input_id: str) -> _Input | None:
        found = self.inputs.get(input_id)
        return found if found is not None and self._visible(found.deleted_at) else None

    def _visible(self, deleted_at: float | None) -> bool:
        return deleted_at is None or self._waits.monotonic() - deleted_at < self.timings.deleted_visible

    def _live_channel(self, channel_id: str, action: str, allowed: tuple[ChannelState, ...]) -> _Channel:
        """A channel that is not DELETED (else 404) and is in one of the `allowed` states (else 409)."""
        channel = self._visible_channel(channel_id)
        if channel is None or channel.state is ChannelState.DELETED:
            raise aws_error("NotFoundException", action, f"Channel {channel_id} not found")
        if channel.state not in allowed:
            raise aws_error("ConflictException", action, f"Channel is in state {channel.state}; cannot {action}")
        return channel

    def _attach(self, channel: _Channel, input_ids: list[str]) -> None:
        for item in self.inputs.values():
            if item.attached_to == channel.id and item.id not in input_ids:
                item.attached_to = None
        for input_id in input_ids:
            self.inputs[input_id].attached_to = channel.id

    def _channel_facts(self, channel: _Channel) -> ChannelFacts:
        running = channel.state is ChannelState.RUNNING and channel.run is not None
        return ChannelFacts(
            id=channel.id,
            arn=channel.arn,
            name=str(channel.spec.get("Name", "")),
            state=channel.state,
            tags=dict(channel.tags),
            input_ids=tuple(str(a["InputId"]) for a in channel.spec.get("InputAttachments") or [] if "InputId" in a),
            pipelines_running=channel.pipelines if channel.state is ChannelState.RUNNING else 0,
            active_input=channel.run.attachment if running and channel.run else None,
            active_switch=channel.run.switch if running and channel.run else None,
        )

    @staticmethod
    def _input_facts(item: _Input) -> InputFacts:
        return InputFacts(
            id=item.id,
            arn=item.arn,
            state=item.state,
            type=str(item.spec.get("Type", "")),
            attached_channels=(item.attached_to,) if item.attached_to else (),
            endpoints=item.endpoints,
            tags=dict(item.tags),
        )

    def _run_waiter(self, waiter: str, params: dict[str, str]) -> None:
        """botocore's own waiter over the fake: the fake clock moves one poll before every call but the first."""
        name = _WAITER_NAMES[waiter]
        config = _WAITERS.get_waiter(name)
        calls = itertools.count()

        def describe(**request: str) -> dict[str, Any]:
            if next(calls):
                self._waits.sleep(self._poll)
            with self._lock:
                if config.operation == "DescribeChannel":
                    channel = self._visible_channel(request["ChannelId"])
                    return {"State": channel.state.value} if channel else response("NotFoundException")
                item = self._visible_input(request["InputId"])
                return {"State": item.state} if item else response("NotFoundException")

        attempts = max(1, math.ceil(self._timeout / self._poll))
        Waiter(name, config, describe).wait(  # type: ignore[arg-type]  # the stubs type config as a Mapping
            **params, WaiterConfig={"Delay": 0, "MaxAttempts": attempts}
        )

    def _new_id(self) -> str:
        return str(next(self._ids))

    def _address(self) -> str:
        return f"198.51.100.{int(self._new_id()) % 250 + 1}"

    def _arn(self, kind: str, resource_id: str) -> str:
        return f"arn:aws:medialive:us-east-1:{ACCOUNT}:{kind}:{resource_id}"


def _refs(node: Any) -> Iterator[str]:
    """Every DestinationRefId in the encoder settings."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from [str(value)] if key == "DestinationRefId" else _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)
