"""The encodes a channel makes (pure): video and audio descriptions, the RTMP group, the HLS recording group."""

from __future__ import annotations

import math
from typing import Any

RECORDING_DESTINATION = "recording"
RECORDING_RENDITION = "_720p"


def video_description(name: str) -> dict[str, Any]:
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


def audio_description(name: str, loudness_lkfs: float) -> dict[str, Any]:
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


RETRY_INTERVAL_SECONDS = 2


def retry_count(hours: float) -> int:
    """NumRetries that keep a failing RTMP output retrying for `hours`. When the retries expire "this output
    stops. The channel stops because the single output has lost its connection" (MediaLive UG, RTMP connection
    fields): the IVS output of a take whose stream was stopped (key revoked) must never get there."""
    return math.ceil(hours * 3600 / RETRY_INTERVAL_SECONDS)


def rtmp_output(name: str, retries: int) -> dict[str, Any]:
    return {
        "OutputName": name,
        "VideoDescriptionName": f"video_{name}",
        "AudioDescriptionNames": [f"audio_{name}"],
        "OutputSettings": {
            "RtmpOutputSettings": {
                "Destination": {"DestinationRefId": name},
                "CertificateMode": "VERIFY_AUTHENTICITY",
                "ConnectionRetryInterval": RETRY_INTERVAL_SECONDS,
                "NumRetries": retries,
            }
        },
    }


def rtmp_group(names: list[str], retries: int) -> dict[str, Any]:
    return {
        "Name": "rtmp",
        "OutputGroupSettings": {
            "RtmpGroupSettings": {"AuthenticationScheme": "COMMON", "InputLossAction": "EMIT_OUTPUT"}
        },
        "Outputs": [rtmp_output(name, retries) for name in names],
    }


def recording_group(segment_seconds: int) -> dict[str, Any]:
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
