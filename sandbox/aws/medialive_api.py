"""The MediaLive operations the sandbox serves, by botocore operation name."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from . import medialive_channels as channels
from . import medialive_inputs as inputs
from . import medialive_schedule as schedule
from .errors import BadRequest, NotModelled
from .medialive_state import MediaLiveState
from .paging import paginate

Handler = Callable[[MediaLiveState, dict[str, Any], float], dict[str, Any]]


def _page(key: str, items: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    page, token = paginate(items, params.get("MaxResults"), params.get("NextToken"), BadRequest)
    return {key: page, "NextToken": token}


def _list_channels(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return _page("Channels", channels.list_channels(ml, now), params)


def _list_inputs(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return _page("Inputs", inputs.list_inputs(ml), params)


def _list_security_groups(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return _page("InputSecurityGroups", inputs.list_security_groups(ml), params)


def _describe_schedule(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return _page("ScheduleActions", schedule.describe(ml, params, now), params)


def _create_tags(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channels.taggable(ml, params["ResourceArn"], now).update(params.get("Tags") or {})
    return {}


def _delete_tags(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    tags = channels.taggable(ml, params["ResourceArn"], now)
    for key in params.get("TagKeys") or []:
        tags.pop(key, None)
    return {}


def _list_tags(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return {"Tags": dict(channels.taggable(ml, params["ResourceArn"], now))}


def _list_alerts(ml: MediaLiveState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ml.live_channel(params["ChannelId"], now)
    state_filter = params.get("StateFilter")
    if state_filter not in (None, "", "SET", "CLEARED"):
        raise BadRequest("StateFilter must be SET or CLEARED")
    return _page("Alerts", channels.alert_views(channel, state_filter), params)


HANDLERS: dict[str, Handler] = {
    "CreateInputSecurityGroup": inputs.create_security_group,
    "DescribeInputSecurityGroup": inputs.describe_security_group,
    "UpdateInputSecurityGroup": inputs.update_security_group,
    "DeleteInputSecurityGroup": inputs.delete_security_group,
    "ListInputSecurityGroups": _list_security_groups,
    "CreateInput": inputs.create_input,
    "DescribeInput": inputs.describe_input,
    "UpdateInput": inputs.update_input,
    "DeleteInput": inputs.delete_input,
    "ListInputs": _list_inputs,
    "CreateChannel": channels.create_channel,
    "DescribeChannel": channels.describe_channel,
    "UpdateChannel": channels.update_channel,
    "StartChannel": channels.start_channel,
    "StopChannel": channels.stop_channel,
    "DeleteChannel": channels.delete_channel,
    "ListChannels": _list_channels,
    "CreateTags": _create_tags,
    "DeleteTags": _delete_tags,
    "ListTagsForResource": _list_tags,
    "BatchUpdateSchedule": schedule.batch_update,
    "DescribeSchedule": _describe_schedule,
    "DeleteSchedule": schedule.delete,
    "ListAlerts": _list_alerts,
}


def handle(ml: MediaLiveState, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    handler = HANDLERS.get(operation)
    if handler is None:
        raise NotModelled(f"MediaLive {operation} is not modelled by the sandbox")
    with ml.lock:
        return handler(ml, params, time.time())
