"""Pure builders for MediaLive/IVS create requests. Validated against botocore's models in the tests."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from core.domain.encodes import (
    RECORDING_DESTINATION,
    audio_description,
    recording_group,
    retry_count,
    rtmp_group,
    video_description,
)

ChannelClass = Literal["STANDARD", "SINGLE_PIPELINE"]

OWNER_TAG = "shelcaster:owner"
SESSION_TAG = "shelcaster:session"
HOST_ATTACHMENT = "host"
IVS_DESTINATION = "ivs"
RECORDING_BASENAME = "index"


def pipelines(channel_class: ChannelClass) -> int:
    return 2 if channel_class == "STANDARD" else 1


def ownership_tags(*, deployment: str, session_id: str) -> dict[str, str]:
    """Tags are how the watchdog knows a resource is ours to stop or delete."""
    return {OWNER_TAG: deployment, SESSION_TAG: session_id}


def owned_by(tags: Mapping[str, str], deployment: str) -> bool:
    """The one ownership rule: only resources tagged with this deployment are ours to stop or delete."""
    return tags.get(OWNER_TAG) == deployment


def request_id(session_id: str, what: str, generation: int = 0) -> str:
    """A stable idempotency token: retrying the same create can never make a second resource."""
    digest = hashlib.sha256(f"{session_id}:{what}:{generation}".encode()).hexdigest()
    return f"shelcaster-{digest[:32]}"


def resource_name(session_id: str, show_name: str) -> str:
    """A name every service accepts: IVS CreateChannel `name` is `[a-zA-Z0-9-_]*`, at most 128 (model)."""
    folded = unicodedata.normalize("NFKD", show_name).encode("ascii", "ignore").decode("ascii")
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in folded)
    safe = "-".join(part for part in safe.split("-") if part)[:40].strip("-_")
    return f"shelcaster-{safe or 'show'}-{session_id[:8]}"


def push_input_request(
    *,
    session_id: str,
    name: str,
    security_group_id: str,
    channel_class: ChannelClass,
    tags: dict[str, str],
    purpose: str = HOST_ATTACHMENT,
    token: str = "",
) -> dict[str, Any]:
    """RTMP push input: two endpoints for a STANDARD channel, one for SINGLE_PIPELINE. `token` makes the
    idempotency token unique to one intended input (a re-added caller must not get a deleted one back)."""
    streams = [{"StreamName": f"{purpose}-{session_id[:8]}/{n}"} for n in range(pipelines(channel_class))]
    return {
        "Name": f"{name}-{purpose}",
        "Type": "RTMP_PUSH",
        "InputSecurityGroups": [security_group_id],
        "Destinations": streams,
        "RequestId": request_id(session_id, f"input:{purpose}:{token}" if token else f"input:{purpose}"),
        "Tags": tags,
    }


def security_group_request(*, cidrs: list[str], tags: dict[str, str]) -> dict[str, Any]:
    """An input security group admitting only these addresses (MediaLive ignores pushes from any other)."""
    return {"WhitelistRules": [{"Cidr": cidr} for cidr in cidrs], "Tags": tags}


def recording_prefix(*, live_prefix: str, session_id: str) -> str:
    """Where the channel's continuous HLS recording lands: one folder per channel start below it."""
    return f"{live_prefix}/{session_id}/"


def file_input_request(
    *, session_id: str, name: str, url: str, channel_class: ChannelClass, tags: dict[str, str], purpose: str
) -> dict[str, Any]:
    """An MP4 file input (a tracklist entry); MediaLive switches to file inputs, not long-buffer HLS."""
    return {
        "Name": f"{name}-{purpose}",
        "Type": "MP4_FILE",
        "Sources": [{"Url": url} for _ in range(pipelines(channel_class))],
        "RequestId": request_id(session_id, f"input:{purpose}"),
        "Tags": tags,
    }


@dataclass(frozen=True)
class Attachment:
    name: str
    input_id: str


@dataclass(frozen=True)
class PlatformOutput:
    number: int
    url: str
    key: str

    def __repr__(self) -> str:  # the key must never reach a log line
        return f"PlatformOutput(number={self.number}, url={self.url!r})"


IDLE_RUN = "idle"  # the run folder of an edit that is not followed by a start: nothing is written there


@dataclass(frozen=True)
class ChannelPlan:
    """The channel as it should be for its next run. `public` False is a recording-only run: no output
    reaches IVS or any platform. `run` names the folder this run records into (set before every start)."""

    session_id: str
    name: str
    channel_class: ChannelClass
    role_arn: str
    input_id: str
    ivs_ingest_endpoint: str
    stream_key: str
    bucket: str
    live_prefix: str
    segment_seconds: int
    tags: dict[str, str]
    extra_inputs: tuple[Attachment, ...] = ()
    platforms: tuple[PlatformOutput, ...] = ()
    loudness_lkfs: float = -16.0
    public: bool = True
    run: str = IDLE_RUN
    retry_hours: float = 24.0
    host_loops: bool = False  # the host is a file (the account check's test clip): play it forever

    def __repr__(self) -> str:  # the stream key must never reach a log line
        return f"ChannelPlan(session_id={self.session_id!r}, name={self.name!r})"


def ivs_destination(plan: ChannelPlan) -> dict[str, Any]:
    setting = {"Url": f"rtmps://{plan.ivs_ingest_endpoint}:443/app/", "StreamName": plan.stream_key}
    return {"Id": IVS_DESTINATION, "Settings": [dict(setting) for _ in range(pipelines(plan.channel_class))]}


def recording_destination(plan: ChannelPlan) -> dict[str, Any]:
    # Not `$dt$`: for HLS outputs it is "the UTC date and time of each segment" (MediaLive UG, identifiers for
    # variable data), so it cannot name a run's folder. The run's folder is written in before every start.
    base = f"s3ssl://{plan.bucket}/{recording_prefix(live_prefix=plan.live_prefix, session_id=plan.session_id)}"
    urls = [f"{base}{plan.run}/p{n}/{RECORDING_BASENAME}" for n in range(pipelines(plan.channel_class))]
    return {"Id": RECORDING_DESTINATION, "Settings": [{"Url": url} for url in urls]}


def platform_destination(plan: ChannelPlan, platform: PlatformOutput) -> dict[str, Any]:
    setting = {"Url": platform.url, "StreamName": platform.key}
    return {
        "Id": f"platform_{platform.number}",
        "Settings": [dict(setting) for _ in range(pipelines(plan.channel_class))],
    }


def _attachment(name: str, input_id: str, *, loop: bool = False) -> dict[str, Any]:
    # SourceEndBehavior: "Loop input if it is a file" (model); a track continues, so the next switch follows it.
    end = "LOOP" if loop else "CONTINUE"
    return {
        "InputAttachmentName": name,
        "InputId": input_id,
        "InputSettings": {"SourceEndBehavior": end, "AudioSelectors": [{"Name": "default"}]},
    }


def output_names(plan: ChannelPlan) -> list[str]:
    """Every output encode of the plan (MediaLive bills each one while the channel runs)."""
    rtmp = [IVS_DESTINATION, *(f"platform_{p.number}" for p in plan.platforms)] if plan.public else []
    return [*rtmp, "recording"]


# What the host's encoder may push: AVC, up to HD, up to 10 Mbps (billed as such; MediaLive input spec).
INPUT_SPECIFICATION = {"Codec": "AVC", "Resolution": "HD", "MaximumBitrate": "MAX_10_MBPS"}
INPUT_LIMITS = "H.264 up to 1080p and 10 Mbps"


def _channel_settings(plan: ChannelPlan) -> dict[str, Any]:
    """Every setting the channel must keep, sent whole on create and on each update: UpdateChannel drops what
    it is not sent ("If you do not specify [RoleArn] on an update call ... that role will be removed")."""
    rtmp = output_names(plan)[:-1]
    groups = ([rtmp_group(rtmp, retry_count(plan.retry_hours))] if rtmp else []) + [
        recording_group(plan.segment_seconds)
    ]
    destinations = [ivs_destination(plan), *(platform_destination(plan, p) for p in plan.platforms)]
    return {
        "Name": plan.name,
        "RoleArn": plan.role_arn,
        "LogLevel": "WARNING",
        "InputSpecification": dict(INPUT_SPECIFICATION),
        "InputAttachments": [
            _attachment(HOST_ATTACHMENT, plan.input_id, loop=plan.host_loops),
            *(_attachment(a.name, a.input_id) for a in plan.extra_inputs),
        ],
        "Destinations": [*(destinations if plan.public else []), recording_destination(plan)],
        "EncoderSettings": {
            "TimecodeConfig": {"Source": "SYSTEMCLOCK"},
            # Deliberately off: MediaLive prepares fixed and follow switches itself (UG, input prepare), and
            # "You can create Input Prepare actions in the schedule only if this feature is enabled" (model).
            "FeatureActivations": {"InputPrepareScheduleActions": "DISABLED"},
            "VideoDescriptions": [video_description(f"video_{name}") for name in output_names(plan)],
            "AudioDescriptions": [
                audio_description(f"audio_{name}", plan.loudness_lkfs) for name in output_names(plan)
            ],
            "OutputGroups": groups,
        },
    }


def channel_request(plan: ChannelPlan) -> dict[str, Any]:
    """CreateChannel arguments: the host input, an RTMP output to IVS and a continuous HLS recording to S3."""
    return {
        **_channel_settings(plan),
        "ChannelClass": plan.channel_class,
        "RequestId": request_id(plan.session_id, "channel"),
        "Tags": plan.tags,
    }


def channel_update(plan: ChannelPlan) -> dict[str, Any]:
    """UpdateChannel arguments (without the channel id): the whole wanted channel, role included."""
    return _channel_settings(plan)


def ivs_channel_request(*, name: str, tags: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "latencyMode": "LOW", "type": "STANDARD", "tags": tags}
