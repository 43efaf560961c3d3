"""The IVS operations the sandbox serves, by botocore operation name."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from .errors import ChannelNotBroadcasting, IvsConflict, IvsValidation, NotModelled, ServiceQuotaExceeded
from .ivs_state import IvsChannel, IvsState
from .medialive_state import ACCOUNT_ID
from .paging import paginate

Handler = Callable[[IvsState, dict[str, Any], float], dict[str, Any]]
_SETTINGS_DEFAULTS: dict[str, Any] = {
    "name": "",
    "latencyMode": "LOW",
    "type": "STANDARD",
    "authorized": False,
    "recordingConfigurationArn": "",
    "insecureIngest": False,
    "preset": "",
    "playbackRestrictionPolicyArn": "",
    "containerFormat": "TS",
    "adConfigurationArn": "",
    "failoverSlateConfigurationArn": "",
    "multitrackInputConfiguration": {"enabled": False, "policy": "ALLOW", "maximumResolution": "FULL_HD"},
}


def _page(key: str, items: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    page, token = paginate(items, params.get("maxResults"), params.get("nextToken"), IvsValidation, 100, 100)
    return {key: page, "nextToken": token}


def _stream_view(stream: dict[str, Any]) -> dict[str, Any]:
    return {**stream, "startTime": dt.datetime.fromtimestamp(stream["startTime"], dt.UTC)}


def create_channel(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    settings = {k: params.get(k, v) for k, v in _SETTINGS_DEFAULTS.items()}
    channel_id = ivs.token(12)
    prefix = ivs.token(12, "0123456789abcdef")
    region = ivs.region
    channel = IvsChannel(
        arn=f"arn:aws:ivs:{region}:{ACCOUNT_ID}:channel/{channel_id}",
        id=channel_id,
        settings=settings,
        ingest=f"{prefix}.global-contribute.live-video.net",
        playback=(
            f"https://{prefix}.{region}.playback.live-video.net/api/video/v1/"
            f"{region}.{ACCOUNT_ID}.channel.{channel_id}.m3u8"
        ),
        tags=dict(params.get("tags") or {}),
    )
    ivs.channels[channel.arn] = channel
    ivs.hosts.add(channel.ingest)
    key = ivs.new_key(channel, {})
    return {"channel": channel.view(), "streamKey": key.view()}


def get_channel(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return {"channel": ivs.channel(params.get("arn")).view()}


def batch_get_channel(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    found, errors = [], []
    for arn in params.get("arns") or []:
        if arn in ivs.channels:
            found.append(ivs.channels[arn].view())
        else:
            errors.append({"arn": arn, "code": "ResourceNotFoundException", "message": "Channel not found"})
    return {"channels": found, "errors": errors}


def list_channels(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    name = params.get("filterByName")
    recording = params.get("filterByRecordingConfigurationArn")
    items = [
        c.view()
        for c in ivs.channels.values()
        if (not name or name in c.settings["name"])
        and (not recording or c.settings["recordingConfigurationArn"] == recording)
    ]
    return _page("channels", items, params)


def update_channel(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ivs.channel(params.get("arn"))
    if ivs.stream(channel, now) is not None:
        raise IvsConflict(f"Channel {channel.arn} is live; stop the stream before updating it")
    channel.settings.update({k: params[k] for k in _SETTINGS_DEFAULTS if k in params})
    return {"channel": channel.view()}


def delete_channel(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ivs.channel(params.get("arn"))
    if ivs.stream(channel, now) is not None:
        raise IvsConflict(f"Channel {channel.arn} is live; stop the stream before deleting it")
    for key in ivs.keys_of(channel):
        del ivs.keys[key.arn]
    del ivs.channels[channel.arn]
    return {}


def create_stream_key(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ivs.channel(params.get("channelArn"))
    if ivs.keys_of(channel):
        raise ServiceQuotaExceeded("A channel can have only one stream key; delete it to create another")
    return {"streamKey": ivs.new_key(channel, dict(params.get("tags") or {})).view()}


def get_stream_key(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return {"streamKey": ivs.key(params.get("arn")).view()}


def batch_get_stream_key(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    found, errors = [], []
    for arn in params.get("arns") or []:
        if arn in ivs.keys:
            found.append(ivs.keys[arn].view())
        else:
            errors.append({"arn": arn, "code": "ResourceNotFoundException", "message": "Stream key not found"})
    return {"streamKeys": found, "errors": errors}


def list_stream_keys(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel = ivs.channel(params.get("channelArn"))
    return _page("streamKeys", [k.view() for k in ivs.keys_of(channel)], params)


def delete_stream_key(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    del ivs.keys[ivs.key(params.get("arn")).arn]
    return {}


def _live(ivs: IvsState, params: dict[str, Any], now: float) -> tuple[IvsChannel, dict[str, Any]]:
    channel = ivs.channel(params.get("channelArn"))
    stream = ivs.stream(channel, now)
    if stream is None:
        raise ChannelNotBroadcasting(f"Channel {channel.arn} is not broadcasting")
    return channel, stream


def get_stream(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return {"stream": _stream_view(_live(ivs, params, now)[1])}


def stop_stream(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    channel, _ = _live(ivs, params, now)
    channel.stops += 1
    channel.stopped_until = now + ivs.ml.timings().ivs_reconnect
    channel.session = None
    return {}


def list_streams(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    health = (params.get("filterBy") or {}).get("health")
    live = [s for c in ivs.channels.values() if (s := ivs.stream(c, now)) is not None]
    items = [_stream_view(s) for s in live if health in (None, s["health"])]
    return _page("streams", items, params)


def tag_resource(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    ivs.tags_of(params.get("resourceArn")).update(params.get("tags") or {})
    return {}


def untag_resource(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    tags = ivs.tags_of(params.get("resourceArn"))
    for key in params.get("tagKeys") or []:
        tags.pop(key, None)
    return {}


def list_tags(ivs: IvsState, params: dict[str, Any], now: float) -> dict[str, Any]:
    return {"tags": dict(ivs.tags_of(params.get("resourceArn")))}


HANDLERS: dict[str, Handler] = {
    "CreateChannel": create_channel,
    "GetChannel": get_channel,
    "BatchGetChannel": batch_get_channel,
    "ListChannels": list_channels,
    "UpdateChannel": update_channel,
    "DeleteChannel": delete_channel,
    "CreateStreamKey": create_stream_key,
    "GetStreamKey": get_stream_key,
    "BatchGetStreamKey": batch_get_stream_key,
    "ListStreamKeys": list_stream_keys,
    "DeleteStreamKey": delete_stream_key,
    "GetStream": get_stream,
    "StopStream": stop_stream,
    "ListStreams": list_streams,
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags,
}


def handle(ivs: IvsState, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    handler = HANDLERS.get(operation)
    if handler is None:
        raise NotModelled(f"IVS {operation} is not modelled by the sandbox")
    with ivs.ml.lock:
        return handler(ivs, params, time.time())
