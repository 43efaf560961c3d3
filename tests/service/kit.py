"""The core's services on the in-memory fakes (tests/fakes), with the helpers the service tests share.

The same services as `tests.kit.CoreKit` builds over the sandbox, on one manual clock: time passes only when
a test or a poll loop sleeps (`kit.aws.waits.sleep`), at once, and the fakes settle to the new moment. A test
looks into AWS through the fakes themselves (`kit.aws`), never through the code under test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.config import CoreSettings
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import Session
from core.show.lifecycle import Control
from core.show.platforms import PlatformOutputs
from core.show.recording import Recording
from core.show.sources import ShowSources
from core.show.switching import Switcher
from tests.fakes.store import FakeSessionStore
from tests.fakes.world import FakeAws, core_on, fake_aws
from tests.kit import FAST

ROLE_ARN = "arn:aws:iam::123456789012:role/ShelcasterMediaLiveRole"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@dataclass
class FakeKit:
    settings: CoreSettings
    aws: FakeAws
    control: Control
    store: FakeSessionStore
    chat_channel: str
    sources: ShowSources
    recording: Recording
    switcher: Switcher
    platforms: PlatformOutputs


def fake_kit() -> FakeKit:
    """A fresh fake AWS account with the sandbox's FAST timings, and the core's services on it."""
    aws = fake_aws(timings=FAST, poll_seconds=0.1, timeout_seconds=30)
    settings = CoreSettings(  # the values tests.kit.core_settings gives the sandbox's services
        recordings_bucket=aws.objects.bucket,
        medialive_role_arn=ROLE_ARN,
        input_security_group_id=aws.input_security_group_id,
        poll_seconds=0.1,
        wait_timeout_seconds=30,
        segment_seconds=1,
    )
    services = core_on(settings, aws)
    aws.waits.on_advance(lambda _: services.claims.renew_due())  # a live worker's heartbeat, on the manual clock
    return FakeKit(
        settings,
        aws,
        services.control,
        aws.store,
        chat_channel="C0FAKESHOW",
        sources=services.sources,
        recording=services.recording,
        switcher=services.switcher,
        platforms=services.platforms,
    )


def new_session(kit: FakeKit, name: str = "Morning Show") -> Session:
    return kit.control.create_session(chat_channel=kit.chat_channel, show_name=name, actor="host").session


def wait_steady(kit: FakeKit, session: Session) -> Session:
    """Follow the channel until it is steady; the poll loop's sleeps move the fake clock."""
    return kit.control.follow(session_id=session.id, on_change=lambda s: None, timeout=20)


def leftovers(kit: FakeKit, session_id: str) -> list[str]:
    """Every fake MediaLive/IVS resource still tagged with the session, security groups included."""

    def mine(tags: Mapping[str, str]) -> bool:
        return tags.get(SESSION_TAG) == session_id

    medialive = kit.aws.medialive
    found = [f"channel {c.id}" for c in medialive.list_channels() if mine(c.tags)]
    found += [f"input {i.id}" for i in medialive.list_inputs() if mine(i.tags)]
    found += [f"input security group {g.id}" for g in medialive.groups.values() if mine(g.tags)]
    found += [f"ivs {c.arn}" for c in kit.aws.ivs.channels.values() if mine(c.tags)]
    return found


def ivs_live(kit: FakeKit, channel_arn: str | None) -> bool:
    """Whether the fake IVS has a live stream on the channel."""
    return bool(channel_arn) and kit.aws.ivs.is_live(channel_arn or "")


def channel_spec(kit: FakeKit, channel_id: str | None) -> dict[str, Any]:
    """The channel as the fake MediaLive holds it: the last CreateChannel/UpdateChannel request it accepted."""
    return kit.aws.medialive.channels[channel_id or ""].spec


def destinations(kit: FakeKit, channel_id: str | None) -> list[str]:
    return [str(d["Id"]) for d in channel_spec(kit, channel_id)["Destinations"]]


def upload(kit: FakeKit, key: str, body: bytes = MP4) -> None:
    kit.aws.objects.put(key, body)
