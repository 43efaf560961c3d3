"""Create and tear down a session's AWS resources, recording each one in the store as soon as it exists.

Every step is idempotent and leaves the session describing exactly what still exists, so a failure
at any point is finished by the next `end` or by the watchdog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import messages
from core.clock import Clock
from core.config import CoreSettings
from core.domain.channel_spec import (
    channel_request,
    ivs_channel_request,
    ownership_tags,
    push_input_request,
    resource_name,
)
from core.domain.session import ChannelState, Session, Source
from core.errors import NotReady
from core.ports import IvsPort, MediaLivePort, RealWaits, SecretsPort, SessionStorePort, Waits
from core.show.channel_plan import ChannelPlanner

_ON_AIR = (ChannelState.STARTING, ChannelState.RUNNING, ChannelState.RECOVERING)


@dataclass(frozen=True, kw_only=True)
class SessionResources:
    settings: CoreSettings
    store: SessionStorePort
    medialive: MediaLivePort
    ivs: IvsPort
    secrets: SecretsPort
    planner: ChannelPlanner
    clock: Clock
    waits: Waits = field(default_factory=RealWaits)  # the poll loops' clock, a fake in tests

    def provision(self, session: Session) -> Session:
        """IVS channel, RTMP push input, MediaLive channel, each recorded as it exists; returns once the channel
        is created (the caller marks the session set up, under its claim)."""
        settings = self.settings
        tags = ownership_tags(deployment=settings.deployment, session_id=session.id)
        name = resource_name(session.id, session.show_name)
        if not session.resources.ivs_channel_arn:
            ivs = self.ivs.create_channel(ivs_channel_request(name=name, tags=tags))
            session = self.store.update(
                session.id,
                lambda s: s.ivs_recorded(
                    arn=ivs.arn, ingest=ivs.ingest_endpoint, playback=ivs.playback_url, key_arn=ivs.stream_key_arn
                ),
            )
        if not session.resources.input_id:
            created = self.medialive.create_input(
                push_input_request(
                    session_id=session.id,
                    name=name,
                    security_group_id=settings.input_security_group_id,
                    channel_class=settings.channel_class,
                    tags=tags,
                )
            )
            session = self.store.update(session.id, lambda s: s.input_recorded(created.id, list(created.endpoints)))
        if not session.resources.channel_id:
            plan = self.planner.plan(session, stream_key_arn=session.resources.stream_key_arn)
            channel = self.medialive.create_channel(channel_request(plan))
            session = self.store.update(session.id, lambda s: s.channel_recorded(channel.id))
        assert session.resources.channel_id
        self.medialive.wait("channel_created", "finish creating the channel", ChannelId=session.resources.channel_id)
        return self.store.require(session.id)

    def wait_until_idle(self, channel_id: str) -> None:
        """Bring the channel to IDLE (stopping it if it runs) so it can be edited, started or deleted."""
        deadline = self.waits.monotonic() + self.settings.wait_timeout_seconds
        while True:
            facts = self.medialive.describe_channel(channel_id)
            if facts is None or facts.state in (
                ChannelState.IDLE,
                ChannelState.CREATE_FAILED,
                ChannelState.UPDATE_FAILED,
            ):
                return
            if facts.state in _ON_AIR:
                self.medialive.stop_channel(channel_id)
                self.medialive.wait("channel_stopped", "stop the channel", ChannelId=channel_id)
                return
            if facts.state is ChannelState.STOPPING:
                self.medialive.wait("channel_stopped", "stop the channel", ChannelId=channel_id)
                return
            if self.waits.monotonic() > deadline:
                raise NotReady(messages.STILL_CHANGING.format(state=facts.state.lower()))
            self.waits.sleep(self.settings.poll_seconds)

    def delete_input(self, input_id: str) -> None:
        """Delete an input once no channel holds it (idempotent)."""
        if self.medialive.describe_input(input_id) is not None:
            self.medialive.wait_gone("input_detached", "detach an input", InputId=input_id)
            self.medialive.delete_input(input_id)

    def delete_source(self, source: Source) -> None:
        """A caller's or track's input, then the caller's own security group (free once the input is gone)."""
        if source.input_id:
            self.delete_input(source.input_id)
        if source.security_group_id:
            if source.input_id:
                self.medialive.wait_gone("input_deleted", "delete an input", InputId=source.input_id)
            self.medialive.delete_security_group(source.security_group_id)

    def teardown(self, session_id: str) -> Session:
        """Stop and delete everything the session still owns; safe to repeat after any failure."""
        session = self.store.require(session_id)
        channel_id = session.resources.channel_id
        if channel_id:
            facts = self.medialive.describe_channel(channel_id)
            if facts is not None:
                if facts.state.on_air:  # the run ends (and its cost) when the stop is asked for, even if we die now
                    stopping = self.clock()
                    self.store.update(session_id, lambda s: s.stop_intended().channel_stopping(stopping))
                self.wait_until_idle(channel_id)
                self.medialive.delete_channel(channel_id)
                self.medialive.wait_gone("channel_deleted", "delete the channel", ChannelId=channel_id)
            now = self.clock()
            session = self.store.update(session_id, lambda s: s.channel_gone(now))
        for source in session.sources:
            self.delete_source(source)
        for platform in session.platforms:
            self.secrets.delete(platform.key_parameter)
        if session.sources or session.platforms:
            session = self.store.update(session_id, lambda s: s.sources_and_platforms_forgotten())
        input_id = session.resources.input_id
        if input_id:
            self.delete_input(input_id)
            session = self.store.update(session_id, lambda s: s.input_recorded(None, []))
        ivs_arn = session.resources.ivs_channel_arn
        if ivs_arn:
            self.ivs.stop_stream(ivs_arn)
            self.ivs.delete_channel(ivs_arn)
            session = self.store.update(session_id, lambda s: s.ivs_forgotten())
        return session
