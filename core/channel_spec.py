"""Pure builders for MediaLive/IVS create requests. Validated against botocore's models in the tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

ChannelClass = Literal["STANDARD", "SINGLE_PIPELINE"]

OWNER_TAG = "shelcaster:owner"
SESSION_TAG = "shelcaster:session"
HOST_ATTACHMENT = "host"
IVS_DESTINATION = "ivs"
RECORDING_DESTINATION = "recording"
RECORDING_BASENAME = "index"
RECORDING_RENDITION = "_720p"


def pipelines(channel_class: ChannelClass) -> int:
    return 2 if channel_class == "STANDARD" else 1


def ownership_tags(*, deployment: str, session_id: str) -> dict[str, str]:
    """Tags are how the watchdog knows a resource is ours to stop or delete."""
    return {OWNER_TAG: deployment, SESSION_TAG: session_id}


def request_id(session_id: str, what: str, generation: int = 0) -> str:
    """A stable idempotency token: retrying the same create can never make a second resource."""
    digest = hashlib.sha256(f"{session_id}:{what}:{generation}".encode()).hexdigest()
    return f"shelcaster-{digest[:32]}"


def resource_name(session_id: str, show_name: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in show_name)[:40].strip("-")
    return f"shelcaster-{safe or 'show'}-{session_id[:8]}"


def push_input_request(
    *,
    session_id: str,
    name: str,
    security_group_id: str,
    channel_class: ChannelClass,
    tags: dict[str, str],
    purpose: str = HOST_ATTACHMENT,
) -> dict[str, Any]:
    """RTMP push input: two endpoints for a STANDARD channel, one for SINGLE_PIPELINE."""
    streams = [{"StreamName": f"{purpose}-{session_id[:8]}/{n}"} for n in range(pipelines(channel_class))]
    return {
        "Name": f"{name}-{purpose}",
        "Type": "RTMP_PUSH",
        "InputSecurityGroups": [security_group_id],
        "Destinations": streams,
        "RequestId": request_id(session_id, f"input:{purpose}"),
        "Tags": tags,
    }


def recording_prefix(*, live_prefix: str, session_id: str) -> str:
    """Where the channel's continuous HLS recording lands; `$dt$` folders separate each start."""
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


@dataclass(frozen=True)
class ChannelPlan:
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

    def __repr__(self) -> str:  # the stream key must never reach a log line
        return f"ChannelPlan(session_id={self.session_id!r}, name={self.name!r})"


def ivs_destination(plan: ChannelPlan) -> dict[str, Any]:
    setting = {"Url": f"rtmps://{plan.ivs_ingest_endpoint}:443/app/", "StreamName": plan.stream_key}
    return {"Id": IVS_DESTINATION, "Settings": [dict(setting) for _ in range(pipelines(plan.channel_class))]}


def recording_destination(plan: ChannelPlan) -> dict[str, Any]:
    base = f"s3ssl://{plan.bucket}/{recording_prefix(live_prefix=plan.live_prefix, session_id=plan.session_id)}"
    urls = [f"{base}$dt$/p{n}/{RECORDING_BASENAME}" for n in range(pipelines(plan.channel_class))]
    return {"Id": RECORDING_DESTINATION, "Settings": [{"Url": url} for url in urls]}


def _video(name: str) -> dict[str, Any]:
    return {
        "Name": name,
        "Width": 1280,
        "Height": 720,
        "CodecSettings": {
            "H264Settings": {
                "Bitrate": 3_500_000,
                "RateControlMode": "CBR",
                "FramerateControl": "SPECIFIED",
                "FramerateNumerator": 30,
                "FramerateDenominator": 1,
                "GopSize": 2,
                "GopSizeUnits": "SECONDS",
                "Profile": "HIGH",
                "Level": "H264_LEVEL_AUTO",
            }
        },
    }


def _audio(name: str, loudness_lkfs: float) -> dict[str, Any]:
    # Every source is normalized to one program loudness: MediaLive has no per-input gain to set instead.
    return {
        "Name": name,
        "AudioSelectorName": "default",
        "AudioNormalizationSettings": {
            "Algorithm": "ITU_1770_2",
            "AlgorithmControl": "CORRECT_AUDIO",
            "TargetLkfs": loudness_lkfs,
        },
        "CodecSettings": {"AacSettings": {"Bitrate": 128_000, "SampleRate": 48_000, "CodingMode": "CODING_MODE_2_0"}},
    }


def _rtmp_output(name: str) -> dict[str, Any]:
    return {
        "OutputName": name,
        "VideoDescriptionName": f"video_{name}",
        "AudioDescriptionNames": [f"audio_{name}"],
        "OutputSettings": {
            "RtmpOutputSettings": {
                "Destination": {"DestinationRefId": name},
                "CertificateMode": "VERIFY_AUTHENTICITY",
                "ConnectionRetryInterval": 2,
                "NumRetries": 10,
            }
        },
    }


def _rtmp_group(names: list[str]) -> dict[str, Any]:
    return {
        "Name": "rtmp",
        "OutputGroupSettings": {
            "RtmpGroupSettings": {"AuthenticationScheme": "COMMON", "InputLossAction": "EMIT_OUTPUT"}
        },
        "Outputs": [_rtmp_output(name) for name in names],
    }


def platform_destination(plan: ChannelPlan, platform: PlatformOutput) -> dict[str, Any]:
    setting = {"Url": platform.url, "StreamName": platform.key}
    return {
        "Id": f"platform_{platform.number}",
        "Settings": [dict(setting) for _ in range(pipelines(plan.channel_class))],
    }


def _recording_group(segment_seconds: int) -> dict[str, Any]:
    # VOD mode keeps every segment in the playlist, and program date-time on each segment lets takes
    # be cut by wall-clock time without touching the running channel.
    return {
        "Name": "recording",
        "OutputGroupSettings": {
            "HlsGroupSettings": {
                "Destination": {"DestinationRefId": RECORDING_DESTINATION},
                "Mode": "VOD",
                "ProgramDateTime": "INCLUDE",
                "ProgramDateTimeClock": "SYSTEM_CLOCK",
                "ProgramDateTimePeriod": segment_seconds,
                "SegmentLength": segment_seconds,
                "DirectoryStructure": "SINGLE_DIRECTORY",
                "HlsCdnSettings": {"HlsS3Settings": {"CannedAcl": "BUCKET_OWNER_FULL_CONTROL"}},
            }
        },
        "Outputs": [
            {
                "OutputName": "recording",
                "VideoDescriptionName": "video_recording",
                "AudioDescriptionNames": ["audio_recording"],
                "OutputSettings": {
                    "HlsOutputSettings": {
                        "NameModifier": RECORDING_RENDITION,
                        "HlsSettings": {
                            "StandardHlsSettings": {"M3u8Settings": {}, "AudioRenditionSets": "program_audio"}
                        },
                    }
                },
            }
        ],
    }


def _attachment(name: str, input_id: str) -> dict[str, Any]:
    return {
        "InputAttachmentName": name,
        "InputId": input_id,
        "InputSettings": {"SourceEndBehavior": "CONTINUE", "AudioSelectors": [{"Name": "default"}]},
    }


def channel_settings(plan: ChannelPlan) -> dict[str, Any]:
    """What CreateChannel and UpdateChannel share: inputs, destinations and encoder settings."""
    rtmp = [IVS_DESTINATION] + [f"platform_{p.number}" for p in plan.platforms]
    encodes = [*rtmp, "recording"]
    return {
        "InputAttachments": [
            _attachment(HOST_ATTACHMENT, plan.input_id),
            *(_attachment(a.name, a.input_id) for a in plan.extra_inputs),
        ],
        "Destinations": [
            ivs_destination(plan),
            *(platform_destination(plan, p) for p in plan.platforms),
            recording_destination(plan),
        ],
        "EncoderSettings": {
            "TimecodeConfig": {"Source": "SYSTEMCLOCK"},
            "VideoDescriptions": [_video(f"video_{name}") for name in encodes],
            "AudioDescriptions": [_audio(f"audio_{name}", plan.loudness_lkfs) for name in encodes],
            "OutputGroups": [_rtmp_group(rtmp), _recording_group(plan.segment_seconds)],
        },
    }


def channel_request(plan: ChannelPlan) -> dict[str, Any]:
    """CreateChannel arguments: the host input, an RTMP output to IVS and a continuous HLS recording to S3."""
    return {
        "Name": plan.name,
        "ChannelClass": plan.channel_class,
        "RoleArn": plan.role_arn,
        "LogLevel": "WARNING",
        "InputSpecification": {"Codec": "AVC", "Resolution": "HD", "MaximumBitrate": "MAX_10_MBPS"},
        **channel_settings(plan),
        "RequestId": request_id(plan.session_id, "channel"),
        "Tags": plan.tags,
    }


def ivs_channel_request(*, name: str, tags: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "latencyMode": "LOW", "type": "STANDARD", "tags": tags}
