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


def _audio(name: str) -> dict[str, Any]:
    return {
        "Name": name,
        "AudioSelectorName": "default",
        "CodecSettings": {"AacSettings": {"Bitrate": 128_000, "SampleRate": 48_000, "CodingMode": "CODING_MODE_2_0"}},
    }


def _ivs_group() -> dict[str, Any]:
    return {
        "Name": "ivs",
        "OutputGroupSettings": {
            "RtmpGroupSettings": {"AuthenticationScheme": "COMMON", "InputLossAction": "EMIT_OUTPUT"}
        },
        "Outputs": [
            {
                "OutputName": "ivs",
                "VideoDescriptionName": "video_ivs",
                "AudioDescriptionNames": ["audio_ivs"],
                "OutputSettings": {
                    "RtmpOutputSettings": {
                        "Destination": {"DestinationRefId": IVS_DESTINATION},
                        "CertificateMode": "VERIFY_AUTHENTICITY",
                        "ConnectionRetryInterval": 2,
                        "NumRetries": 10,
                    }
                },
            }
        ],
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


def channel_request(plan: ChannelPlan) -> dict[str, Any]:
    """CreateChannel arguments: the host input, an RTMP output to IVS and a continuous HLS recording to S3."""
    return {
        "Name": plan.name,
        "ChannelClass": plan.channel_class,
        "RoleArn": plan.role_arn,
        "LogLevel": "WARNING",
        "InputSpecification": {"Codec": "AVC", "Resolution": "HD", "MaximumBitrate": "MAX_10_MBPS"},
        "InputAttachments": [
            {
                "InputAttachmentName": HOST_ATTACHMENT,
                "InputId": plan.input_id,
                "InputSettings": {"SourceEndBehavior": "CONTINUE", "AudioSelectors": [{"Name": "default"}]},
            }
        ],
        "Destinations": [ivs_destination(plan), recording_destination(plan)],
        "EncoderSettings": {
            "TimecodeConfig": {"Source": "SYSTEMCLOCK"},
            "VideoDescriptions": [_video("video_ivs"), _video("video_recording")],
            "AudioDescriptions": [_audio("audio_ivs"), _audio("audio_recording")],
            "OutputGroups": [_ivs_group(), _recording_group(plan.segment_seconds)],
        },
        "RequestId": request_id(plan.session_id, "channel"),
        "Tags": plan.tags,
    }


def ivs_channel_request(*, name: str, tags: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "latencyMode": "LOW", "type": "STANDARD", "tags": tags}
