"""Edit an idle channel to match what the crew asked for: sources, platforms and the IVS key."""

from __future__ import annotations

from core.aws.ivs import Ivs
from core.aws.medialive import MediaLive
from core.aws.ssm import Secrets
from core.channel_spec import channel_settings
from core.errors import NotReady, ResourceMissing
from core.models import ChannelState, Session
from core.planner import ChannelPlanner
from core.resources import SessionResources
from core.store import SessionStore


class ChannelEditor:
    def __init__(
        self,
        *,
        store: SessionStore,
        medialive: MediaLive,
        ivs: Ivs,
        secrets: Secrets,
        planner: ChannelPlanner,
        resources: SessionResources,
    ) -> None:
        self._store = store
        self._medialive = medialive
        self._ivs = ivs
        self._secrets = secrets
        self._planner = planner
        self._resources = resources

    def fresh_stream_key(self, s: Session) -> str:
        """The ARN of a valid IVS key: the recorded one if it still exists, else a new one (one per channel)."""
        assert s.resources.ivs_channel_arn
        key_arn = s.resources.stream_key_arn
        if key_arn:
            try:
                self._ivs.stream_key(key_arn)
                return key_arn
            except ResourceMissing:
                pass
        key_arn = self._ivs.create_stream_key(s.resources.ivs_channel_arn)
        self._store.update(
            s.id,
            lambda x: x.model_copy(update={"resources": x.resources.model_copy(update={"stream_key_arn": key_arn})}),
        )
        return key_arn

    def apply(self, session_id: str, *, restore_stream_key: bool = False) -> Session:
        """Push the wanted configuration to the channel, which must be idle. Marks are only set once
        MediaLive accepted the edit, so a failure is repaired by the next apply."""
        s = self._store.require(session_id)
        channel_id = s.resources.channel_id
        if not channel_id:
            raise ResourceMissing("This show has no MediaLive channel any more. End it and start a new one.")
        facts = self._medialive.describe_channel(channel_id)
        if facts is None or facts.state is not ChannelState.IDLE:
            raise NotReady("The channel can only be changed while it is stopped. Try again when it is idle.")
        key_arn = self.fresh_stream_key(s) if restore_stream_key else None
        plan = self._planner.plan(s, stream_key_arn=key_arn)
        self._medialive.update_channel(channel_id, **channel_settings(plan))
        self._resources.wait_until_idle(channel_id)
        for source in s.sources:
            if source.removing:
                self._resources.delete_input(source.input_id)
        for platform in s.platforms:
            if platform.removing:
                self._secrets.delete(platform.key_parameter)

        # The caller holds the session's claim, so nothing else changed its sources or platforms meanwhile.
        def done(x: Session) -> Session:
            update: dict[str, object] = {
                "sources": [src.model_copy(update={"attached": True}) for src in x.sources if not src.removing],
                "platforms": [p.model_copy(update={"in_channel": p.wanted}) for p in x.platforms if not p.removing],
            }
            if key_arn:
                update["stream_key_revoked"] = False
            return x.model_copy(update=update)

        return self._store.update(session_id, done)

    def on_air(self, s: Session) -> bool:
        facts = self._medialive.describe_channel(s.resources.channel_id or "")
        return facts is not None and facts.state.on_air

    def apply_when_idle(self, s: Session, done: str) -> str:
        """Apply at once when the channel is idle; otherwise say it waits for the next stop."""
        if self.on_air(s):
            return f"{done} It joins the channel at the next stop, or now with a brief restart (`apply`)."
        self._resources.wait_until_idle(s.resources.channel_id or "")
        self.apply(s.id)
        return f"{done} The channel is updated."

    def channel_of(self, s: Session) -> str:
        if not s.resources.channel_id:
            raise ResourceMissing("This show has no MediaLive channel any more. End it and start a new one.")
        return s.resources.channel_id

    def state_of(self, channel_id: str) -> ChannelState:
        facts = self._medialive.describe_channel(channel_id)
        if facts is None:
            raise ResourceMissing("The MediaLive channel no longer exists. End the show and start a new one.")
        return facts.state

    def revoke_stream_key(self, s: Session) -> None:
        """Delete the IVS key and disconnect: MediaLive's RTMP output cannot reconnect to IVS without it."""
        if s.resources.stream_key_arn and not s.stream_key_revoked:
            self._ivs.delete_stream_key(s.resources.stream_key_arn)
        if s.resources.ivs_channel_arn:
            self._ivs.stop_stream(s.resources.ivs_channel_arn)
