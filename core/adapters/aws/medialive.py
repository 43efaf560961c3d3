"""MediaLive adapter: typed facts in, typed facts out; pagination and waiters from botocore."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from core.adapters.aws.errors import aws_call, error_code, translate
from core.domain.health import AlertFact
from core.domain.session import ChannelState
from core.errors import InvalidRequest
from core.redact import redact

if TYPE_CHECKING:
    from mypy_boto3_medialive import MediaLiveClient

_GONE = frozenset({"NotFoundException"})


@dataclass(frozen=True)
class ChannelFacts:
    id: str
    arn: str
    name: str
    state: ChannelState
    tags: Mapping[str, str] = field(default_factory=dict)
    input_ids: tuple[str, ...] = ()
    pipelines_running: int = 0
    active_input: str | None = None
    active_switch: str | None = None  # PipelineDetails.ActiveInputSwitchActionName: the switch that put it on air


@dataclass(frozen=True)
class InputFacts:
    id: str
    arn: str
    state: str
    type: str
    attached_channels: tuple[str, ...] = ()
    endpoints: tuple[str, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InputSecurityGroupFacts:
    id: str
    arn: str
    state: str  # IDLE, IN_USE, UPDATING, DELETED
    inputs: tuple[str, ...] = ()  # the inputs using it: MediaLive refuses to delete it while any does
    tags: Mapping[str, str] = field(default_factory=dict)


def _channel(raw: Mapping[str, Any]) -> ChannelFacts:
    return ChannelFacts(
        id=str(raw["Id"]),
        arn=str(raw.get("Arn", "")),
        name=str(raw.get("Name", "")),
        state=ChannelState(raw.get("State", "CREATING")),
        tags=dict(raw.get("Tags") or {}),
        input_ids=tuple(a["InputId"] for a in raw.get("InputAttachments") or [] if "InputId" in a),
        pipelines_running=int(raw.get("PipelinesRunningCount") or 0),
        active_input=next((p.get("ActiveInputAttachmentName") for p in raw.get("PipelineDetails") or []), None),
        active_switch=next((p.get("ActiveInputSwitchActionName") for p in raw.get("PipelineDetails") or []), None),
    )


def _input(raw: Mapping[str, Any]) -> InputFacts:
    return InputFacts(
        id=str(raw["Id"]),
        arn=str(raw.get("Arn", "")),
        state=str(raw.get("State", "")),
        type=str(raw.get("Type", "")),
        attached_channels=tuple(raw.get("AttachedChannels") or ()),
        endpoints=tuple(d["Url"] for d in raw.get("Destinations") or [] if d.get("Url")),
        tags=dict(raw.get("Tags") or {}),
    )


class MediaLive:
    def __init__(self, client: MediaLiveClient, *, poll_seconds: float, timeout_seconds: float) -> None:
        self._client = client
        self._poll = poll_seconds
        self._timeout = timeout_seconds

    def create_input(self, request: Mapping[str, Any]) -> InputFacts:
        with aws_call("create the encoder input"):
            return _input(self._client.create_input(**request)["Input"])

    def describe_input(self, input_id: str) -> InputFacts | None:
        """None when the input is gone (deleted or never existed)."""
        with aws_call("look up the input", ok_if=_GONE):
            facts = _input(self._client.describe_input(InputId=input_id))
            return None if facts.state in ("DELETED", "DELETING") else facts
        return None

    def delete_input(self, input_id: str) -> None:
        with aws_call("delete the encoder input", ok_if=_GONE):
            self._client.delete_input(InputId=input_id)

    def create_channel(self, request: Mapping[str, Any]) -> ChannelFacts:
        with aws_call("create the MediaLive channel"):
            return _channel(self._client.create_channel(**request)["Channel"])

    def describe_channel(self, channel_id: str) -> ChannelFacts | None:
        """None when the channel is gone; DELETED counts as gone."""
        with aws_call("look up the channel", ok_if=_GONE):
            facts = _channel(self._client.describe_channel(ChannelId=channel_id))
            return None if facts.state is ChannelState.DELETED else facts
        return None

    def active_alerts(self, channel_id: str) -> list[AlertFact]:
        """The channel's SET alerts (ListAlerts with StateFilter SET, model); none for a channel that is gone."""
        with aws_call("read the channel's alerts", ok_if=_GONE):
            pages = self._client.get_paginator("list_alerts").paginate(ChannelId=channel_id, StateFilter="SET")
            return [
                AlertFact(
                    alert_type=str(raw.get("AlertType", "")),
                    message=str(raw.get("Message", "")),
                    pipeline=str(raw.get("PipelineId", "0")),
                    set_at=raw["SetTimestamp"],
                )
                for page in pages
                for raw in page.get("Alerts", [])
                if raw.get("State") == "SET"
            ]
        return []

    def start_channel(self, channel_id: str) -> None:
        with aws_call("start the channel"):
            self._client.start_channel(ChannelId=channel_id)

    def stop_channel(self, channel_id: str) -> None:
        with aws_call("stop the channel"):
            self._client.stop_channel(ChannelId=channel_id)

    def update_channel(self, channel_id: str, **changes: Any) -> None:
        with aws_call("update the channel"):
            self._client.update_channel(ChannelId=channel_id, **changes)

    def delete_channel(self, channel_id: str) -> None:
        with aws_call("delete the channel", ok_if=_GONE):
            self._client.delete_channel(ChannelId=channel_id)

    def wait(self, waiter: str, action: str, **params: str) -> None:
        """Block until AWS reports the state (channel_created, channel_running, channel_stopped, ...)."""
        with aws_call(action):
            self._client.get_waiter(waiter).wait(**params, WaiterConfig=self._waiting())  # type: ignore[call-overload]

    def wait_gone(self, waiter: str, action: str, **params: str) -> None:
        """Like `wait` for channel_deleted / input_deleted, where a 404 also means done: a deleted resource
        shows DELETED for a while and then is not found, and botocore's waiter has no acceptor for that."""
        with aws_call(action, ok_if=_GONE):
            self._client.get_waiter(waiter).wait(**params, WaiterConfig=self._waiting())  # type: ignore[call-overload]

    def _waiting(self) -> dict[str, float]:
        return {"Delay": self._poll, "MaxAttempts": max(1, math.ceil(self._timeout / self._poll))}

    def update_schedule(self, channel_id: str, *, creates: list[dict[str, Any]], deletes: list[str]) -> None:
        request: dict[str, Any] = {"ChannelId": channel_id}
        if creates:
            request["Creates"] = {"ScheduleActions": creates}
        if deletes:
            request["Deletes"] = {"ActionNames": deletes}
        try:
            self._client.batch_update_schedule(**request)
        except ClientError as error:
            if error_code(error) in ("UnprocessableEntityException", "BadRequestException"):
                raise InvalidRequest("MediaLive refused the switch: " + redact(str(error))[:200]) from None
            raise translate(error, "switch the source") from None

    def clear_schedule(self, channel_id: str) -> None:
        """Delete every schedule action, so a restart comes back on the host: on a start MediaLive applies the
        most recent switch, and a file input switched to before plays again from its beginning."""
        with aws_call("clear the channel's schedule"):
            self._client.delete_schedule(ChannelId=channel_id)

    def create_security_group(self, request: Mapping[str, Any]) -> str:
        with aws_call("create the caller's input security group"):
            return str(self._client.create_input_security_group(**request)["SecurityGroup"]["Id"])

    def delete_security_group(self, group_id: str) -> None:
        with aws_call("delete the caller's input security group", ok_if=_GONE):
            self._client.delete_input_security_group(InputSecurityGroupId=group_id)

    def list_channels(self) -> Iterator[ChannelFacts]:
        with aws_call("list channels"):
            for page in self._client.get_paginator("list_channels").paginate():
                yield from (_channel(c) for c in page.get("Channels", []))

    def list_inputs(self) -> Iterator[InputFacts]:
        with aws_call("list inputs"):
            for page in self._client.get_paginator("list_inputs").paginate():
                yield from (_input(i) for i in page.get("Inputs", []))

    def list_security_groups(self) -> Iterator[InputSecurityGroupFacts]:
        """Every input security group with its tags and the inputs using it (both in the list response, model)."""
        with aws_call("list input security groups"):
            for page in self._client.get_paginator("list_input_security_groups").paginate():
                for raw in page.get("InputSecurityGroups", []):
                    yield InputSecurityGroupFacts(
                        id=str(raw["Id"]),
                        arn=str(raw.get("Arn", "")),
                        state=str(raw.get("State", "")),
                        inputs=tuple(raw.get("Inputs") or ()),
                        tags=dict(raw.get("Tags") or {}),
                    )
