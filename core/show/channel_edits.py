"""Edit an idle channel to match what the crew asked for, and start it: the one way a channel is started.

MediaLive edits only IDLE channels, and UpdateChannel drops what it is not sent (the role among it), so
every edit sends the whole wanted channel. Every start is preceded by an edit that names the run's own
recording folder and says whether the run is public (IVS and platforms) or recording-only (nothing leaves
for anywhere public), and by a cleared schedule, so a restart comes back on the host.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import messages
from core.clock import Clock
from core.domain.channel_spec import IDLE_RUN, channel_update
from core.domain.session import ChannelState, RunShape, Session, SourceKind
from core.errors import NotReady, ResourceMissing
from core.ports import IvsPort, MediaLivePort, SecretsPort, SessionStorePort
from core.show.aws_resources import SessionResources
from core.show.channel_plan import ChannelPlanner


@dataclass(frozen=True)
class StartedRun:
    """A start MediaLive accepted: where it records, what it bills, and when it was asked for."""

    session: Session
    folder: str
    shape: RunShape
    at: datetime
    stopped_at: datetime  # when the channel was last on air (a restart closes the run before at that time)

    def apply_to(self, x: Session) -> Session:
        return x.run_started(at=self.at, shape=self.shape, stopped_at=self.stopped_at)


@dataclass(frozen=True, kw_only=True)
class ChannelEditor:
    store: SessionStorePort
    medialive: MediaLivePort
    ivs: IvsPort
    secrets: SecretsPort
    planner: ChannelPlanner
    resources: SessionResources
    clock: Clock

    def fresh_stream_key(self, s: Session) -> str:
        """The ARN of a valid IVS key: the recorded one if it still exists, else a new one (one per channel)."""
        assert s.resources.ivs_channel_arn
        key_arn = s.resources.stream_key_arn
        if key_arn:
            try:
                self.ivs.stream_key(key_arn)
                return key_arn
            except ResourceMissing:
                pass
        key_arn = self.ivs.create_stream_key(s.resources.ivs_channel_arn)
        self.store.update(
            s.id,
            lambda x: x.stream_key_recorded(key_arn),
        )
        return key_arn

    def apply(self, session_id: str, *, public: bool = True, run: str = IDLE_RUN) -> Session:
        """Push the wanted configuration to the channel, which must be idle. Marks are only set once
        MediaLive accepted the edit, so a failure is repaired by the next apply."""
        s = self.store.require(session_id)
        channel_id = self.channel_of(s)
        facts = self.medialive.describe_channel(channel_id)
        if facts is None or facts.state is not ChannelState.IDLE:
            raise NotReady(messages.EDIT_NEEDS_IDLE)
        key_arn = self.fresh_stream_key(s) if public else None
        plan = self.planner.plan(s, public=public, run=run, stream_key_arn=key_arn)
        self.medialive.update_channel(channel_id, **channel_update(plan))
        self.resources.wait_until_idle(channel_id)
        for source in s.sources:
            if source.removing:
                self.resources.delete_source(source)
        for platform in s.platforms:
            if platform.removing:
                self.secrets.delete(platform.key_parameter)

        # The caller holds the session's claim, so nothing else changed its sources or platforms meanwhile.
        return self.store.update(session_id, lambda x: x.configuration_applied(public=public))

    def start(self, s: Session, *, public: bool) -> StartedRun:
        """Edit the idle channel for this run and start it. Starting takes minutes (up to 10 is normal)."""
        channel_id = self.channel_of(s)
        stopped_at = self.clock()
        self.resources.wait_until_idle(channel_id)
        self.medialive.clear_schedule(channel_id)
        folder = f"run-{self.clock():%Y%m%dT%H%M%S}"
        s = self.apply(s.id, public=public, run=folder)
        self.medialive.start_channel(channel_id)
        public_outputs = 1 + sum(1 for p in s.platforms if p.in_channel) if public else 0  # IVS and platforms
        outputs = public_outputs + 1  # and the recording
        push_inputs = 1 + sum(1 for x in s.sources if x.created and x.kind is SourceKind.CALLER)
        # One input is ingested at a time; whether attached, inactive inputs also bill is not documented.
        shape = RunShape(inputs=1, outputs=outputs, normalized=True, push_inputs=push_inputs)
        return StartedRun(session=s, folder=folder, shape=shape, at=self.clock(), stopped_at=stopped_at)

    def on_air(self, s: Session) -> bool:
        facts = self.medialive.describe_channel(s.resources.channel_id or "")
        return facts is not None and facts.state.on_air

    def apply_when_idle(self, s: Session, done: str) -> str:
        """Apply at once when the channel is idle; otherwise say it waits for the channel's next start."""
        if self.on_air(s):
            return messages.CHANGE_WAITS.format(done=done)
        self.resources.wait_until_idle(s.resources.channel_id or "")
        self.apply(s.id)
        return messages.CHANGE_APPLIED.format(done=done)

    def channel_of(self, s: Session) -> str:
        if not s.resources.channel_id:
            raise ResourceMissing(messages.NO_CHANNEL_ANY_MORE)
        return s.resources.channel_id

    def state_of(self, channel_id: str) -> ChannelState:
        facts = self.medialive.describe_channel(channel_id)
        if facts is None:
            raise ResourceMissing(messages.CHANNEL_GONE)
        return facts.state

    def revoke_stream_key(self, s: Session) -> None:
        """Delete the IVS key and disconnect: MediaLive's RTMP output cannot reconnect to IVS without it. It keeps
        retrying (for `rtmp_retry_hours`), so its retries never expire and stop the channel during a take."""
        if s.resources.stream_key_arn and not s.stream_key_revoked:
            self.ivs.delete_stream_key(s.resources.stream_key_arn)
        if s.resources.ivs_channel_arn:
            self.ivs.stop_stream(s.resources.ivs_channel_arn)
