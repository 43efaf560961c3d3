"""MediaLive adapter: typed facts in, typed facts out; pagination and waiters from botocore."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from core.aws.errors import aws_call, error_code, translate
from core.errors import InvalidRequest
from core.models import ChannelState
from core.redact import redact

if TYPE_CHECKING:
    from mypy_boto3_medialive import MediaLiveClient


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


@dataclass(frozen=True)
class InputFacts:
    id: str
    arn: str
    state: str
    type: str
    attached_channels: tuple[str, ...] = ()
    endpoints: tuple[str, ...] = ()
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


def _missing(error: ClientError) -> bool:
    return error_code(error) == "NotFoundException"


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
        try:
            raw = self._client.describe_input(InputId=input_id)
        except ClientError as error:
            if _missing(error):
                return None
            raise translate(error, "look up the input") from None
        facts = _input(raw)
        return None if facts.state in ("DELETED", "DELETING") else facts

    def delete_input(self, input_id: str) -> None:
        try:
            self._client.delete_input(InputId=input_id)
        except ClientError as error:
            if _missing(error):
                return
            raise translate(error, "delete the encoder input") from None

    def create_channel(self, request: Mapping[str, Any]) -> ChannelFacts:
        with aws_call("create the MediaLive channel"):
            return _channel(self._client.create_channel(**request)["Channel"])

    def describe_channel(self, channel_id: str) -> ChannelFacts | None:
        """None when the channel is gone; DELETED counts as gone."""
        try:
            raw = self._client.describe_channel(ChannelId=channel_id)
        except ClientError as error:
            if _missing(error):
                return None
            raise translate(error, "look up the channel") from None
        facts = _channel(raw)
        return None if facts.state is ChannelState.DELETED else facts

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
        try:
            self._client.delete_channel(ChannelId=channel_id)
        except ClientError as error:
            if _missing(error):
                return
            raise translate(error, "delete the channel") from None

    def wait(self, waiter: str, action: str, **params: str) -> None:
        """Block until AWS reports the state (channel_created, channel_running, channel_stopped, ...)."""
        attempts = max(1, math.ceil(self._timeout / self._poll))
        with aws_call(action):
            self._client.get_waiter(waiter).wait(  # type: ignore[call-overload]
                **params, WaiterConfig={"Delay": self._poll, "MaxAttempts": attempts}
            )

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

    def schedule(self, channel_id: str) -> list[dict[str, Any]]:
        """Every action on the channel's schedule (paginated)."""
        with aws_call("read the channel's schedule"):
            pages = self._client.get_paginator("describe_schedule").paginate(ChannelId=channel_id)
            return [dict(action) for page in pages for action in page.get("ScheduleActions", [])]

    def list_channels(self) -> Iterator[ChannelFacts]:
        with aws_call("list channels"):
            for page in self._client.get_paginator("list_channels").paginate():
                yield from (_channel(c) for c in page.get("Channels", []))

    def list_inputs(self) -> Iterator[InputFacts]:
        with aws_call("list inputs"):
            for page in self._client.get_paginator("list_inputs").paginate():
                yield from (_input(i) for i in page.get("Inputs", []))
