"""Helpers shared by the test tiers."""

from __future__ import annotations

from dataclasses import dataclass

from core.adapters.aws.clients import AwsClients
from core.adapters.dynamodb import SessionStore
from core.config import CoreSettings
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import Session
from core.show.lifecycle import Control
from core.show.platforms import PlatformOutputs
from core.show.recording import Recording
from core.show.sources import ShowSources
from core.show.switching import Switcher
from sandbox.aws import SandboxTimings
from sandbox.provision import REGION, SandboxAccount

FAST = SandboxTimings(create=0.2, start=0.6, stop=0.3, update=0.2, delete=0.2, segment=0.5, ivs_reconnect=0.3)


def core_settings(account: SandboxAccount, **overrides: object) -> CoreSettings:
    values: dict[str, object] = {
        "AWS_ENDPOINT_URL": account.endpoint_url,
        "AWS_REGION": REGION,
        "table": account.table,
        "recordings_bucket": account.bucket,
        "medialive_role_arn": account.role_arn,
        "input_security_group_id": account.input_security_group_id,
        "poll_seconds": 0.1,
        "wait_timeout_seconds": 30,
        "segment_seconds": 1,
        **overrides,
    }
    return CoreSettings(**values)  # type: ignore[arg-type]


@dataclass
class CoreKit:
    settings: CoreSettings
    aws: AwsClients
    control: Control
    store: SessionStore
    chat_channel: str
    sources: ShowSources
    recording: Recording
    switcher: Switcher
    platforms: PlatformOutputs


def leftovers(kit: CoreKit, session_id: str) -> list[str]:
    """Every MediaLive/IVS resource still tagged with the session."""
    medialive = kit.aws.medialive
    found = [
        f"channel {c['Id']}"
        for page in medialive.get_paginator("list_channels").paginate()
        for c in page["Channels"]
        if c.get("Tags", {}).get(SESSION_TAG) == session_id
    ]
    found += [
        f"input {i['Id']}"
        for page in medialive.get_paginator("list_inputs").paginate()
        for i in page["Inputs"]
        if i.get("Tags", {}).get(SESSION_TAG) == session_id
    ]
    found += [
        f"ivs {c['arn']}"
        for c in kit.aws.ivs.list_channels()["channels"]
        if c.get("tags", {}).get(SESSION_TAG) == session_id
    ]
    return found


def wait_steady(kit: CoreKit, session: Session) -> Session:
    return kit.control.follow(session_id=session.id, on_change=lambda s: None, timeout=20)


def new_session(kit: CoreKit, name: str = "Morning Show") -> Session:
    return kit.control.create_session(chat_channel=kit.chat_channel, show_name=name, actor="host").session


def ivs_live(kit: CoreKit, channel_arn: str | None) -> bool:
    """Whether IVS reports a live stream on the channel, asked directly (not through the code under test)."""
    try:
        kit.aws.ivs.get_stream(channelArn=channel_arn or "")
    except kit.aws.ivs.exceptions.ChannelNotBroadcasting:
        return False
    return True
