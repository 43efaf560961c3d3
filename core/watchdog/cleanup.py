"""What the watchdog and its alert buttons do to a channel: stop it as the crew would, or delete it all.

Every operation is safe to repeat and to resume after a failure at any step: it looks at AWS first and
does only what is still left, so a sweep that died halfway is finished by the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.domain.session import ChannelState, Session
from core.ports import MediaLivePort, SessionStorePort
from core.show.aws_resources import SessionResources
from core.show.lifecycle import Control
from core.show.recording import Recording

WATCHDOG = "the watchdog"


@dataclass(frozen=True, kw_only=True)
class Cleanup:
    store: SessionStorePort
    medialive: MediaLivePort
    control: Control
    recording: Recording
    resources: SessionResources

    def stop_show_channel(self, *, session_id: str, channel_id: str, actor: str = WATCHDOG) -> Session:
        """Stop a live session's channel the crew's way: save the take, stop the stream, then the channel."""
        if self.store.require(session_id).take:
            self.recording.stop_take(session_id=session_id, actor=actor)
        if self.store.require(session_id).stream_wanted:
            self.control.stop_stream(session_id=session_id, actor=actor)
        self.stop_channel(channel_id)
        return self.control.refresh(session_id=session_id)

    def stop_channel(self, channel_id: str) -> None:
        """Ask AWS to stop it if it encodes; billing ends when it reaches IDLE."""
        facts = self.medialive.describe_channel(channel_id)
        if facts is not None and facts.state.on_air:
            self.medialive.stop_channel(channel_id)

    def delete_channel(
        self, *, channel_id: str, inputs: Sequence[str], session: Session | None, note: str, actor: str = WATCHDOG
    ) -> Session | None:
        """Stop if needed, delete, then delete its inputs once detached; the session learns what is gone.

        A session that still records the channel (a failed setup, an end that died) is ended the crew's
        way, which removes everything it recorded and settles its final cost.
        """
        if session is not None and session.resources.channel_id == channel_id:
            self.control.end_session(session_id=session.id, actor=actor)
            return self.store.update(session.id, lambda s: s.noted(note))
        self._delete_channel(channel_id)
        for input_id in inputs:
            self.delete_input(input_id, session=session)
        return session

    def _delete_channel(self, channel_id: str) -> None:
        facts = self.medialive.describe_channel(channel_id)
        if facts is None:
            return
        if facts.state is not ChannelState.DELETING:
            self.resources.wait_until_idle(channel_id)
            self.medialive.delete_channel(channel_id)
        self.medialive.wait_gone("channel_deleted", "delete the channel", ChannelId=channel_id)

    def delete_input(self, input_id: str, *, session: Session | None) -> None:
        self.resources.delete_input(input_id)
        if session is not None and session.resources.input_id == input_id:
            self.store.update(session.id, lambda s: s.input_recorded(None, []))
