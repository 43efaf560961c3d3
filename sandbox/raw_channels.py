"""A bare MediaLive channel with one push input, made outside the bot (as a person or another tool would):
what the watchdog tests and the sweep benchmark sweep over."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_medialive import MediaLiveClient


def create_raw_channel(
    medialive: MediaLiveClient, *, security_group_id: str, role_arn: str, tags: dict[str, str], name: str = "raw"
) -> tuple[str, str]:
    """(channel id, input id) of a new idle-bound channel with no outputs; the caller starts it if it likes."""
    suffix = uuid.uuid4().hex[:6]
    created = medialive.create_input(
        Name=f"{name}-{suffix}",
        Type="RTMP_PUSH",
        InputSecurityGroups=[security_group_id],
        Destinations=[{"StreamName": f"{name}/{suffix}"}],
        Tags=tags,
    )["Input"]
    channel = medialive.create_channel(
        Name=f"{name}-{suffix}",
        ChannelClass="SINGLE_PIPELINE",
        RoleArn=role_arn,
        InputAttachments=[{"InputAttachmentName": "host", "InputId": created["Id"]}],
        Destinations=[],
        EncoderSettings={
            "TimecodeConfig": {"Source": "SYSTEMCLOCK"},
            "OutputGroups": [],
            "VideoDescriptions": [],
            "AudioDescriptions": [],
        },
        Tags=tags,
    )["Channel"]
    return str(channel["Id"]), str(created["Id"])
