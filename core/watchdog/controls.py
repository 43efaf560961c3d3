"""What the buttons on a watchdog warning do: keep the channel running, stop it now, or stop and delete it.

A channel a live show owns is handled the crew's way (its keep, its stop, ending the show); any other
channel of ours is handled directly. Channels that are not ours are refused: the bot never changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core import messages
from core.adapters.aws.medialive import ChannelFacts
from core.clock import Clock
from core.domain.channel_spec import SESSION_TAG, owned_by
from core.domain.session import Session
from core.errors import InvalidRequest, ResourceMissing
from core.ports import MediaLivePort, SessionStorePort
from core.show.lifecycle import Control
from core.watchdog.cleanup import Cleanup
from core.watchdog.events import EventKind, WatchEvent
from core.watchdog.executor import DELETE_NOTE
from core.watchdog.marks import WatchMark, WatchMarks
from core.watchdog.policy import session_owns


@dataclass(frozen=True)
class _Target:
    channel: ChannelFacts
    session: Session | None  # the session it is tagged with, if that still exists
    live: bool  # that session is live and owns the channel
    mark: WatchMark | None


@dataclass(frozen=True, kw_only=True)
class WatchControls:
    deployment: str
    store: SessionStorePort
    marks: WatchMarks
    medialive: MediaLivePort
    control: Control
    cleanup: Cleanup
    clock: Clock

    def _target(self, channel_id: str) -> _Target:
        channel = self.medialive.describe_channel(channel_id)
        if channel is None:
            raise ResourceMissing(messages.WATCH_CHANNEL_GONE)
        if not owned_by(channel.tags, self.deployment):
            raise InvalidRequest(messages.WATCH_NOT_OURS)
        session_id = channel.tags.get(SESSION_TAG)
        session = self.store.get(session_id) if session_id else None
        live = session_owns(session, channel.id, self.clock())
        return _Target(channel, session, live, self.marks.get("channel", channel.id))

    def _event(self, kind: EventKind, target: _Target, session: Session | None, actor: str) -> WatchEvent:
        mark = target.mark
        return WatchEvent(
            kind=kind,
            resource="channel",
            resource_id=target.channel.id,
            name=target.channel.name,
            reason=mark.warning.reason if mark and mark.warning else None,
            session=session,
            actor=actor,
            warning_posted=dict(mark.warning.posted) if mark and mark.warning else {},
        )

    def keep(self, *, channel_id: str, actor: str, until: datetime) -> WatchEvent:
        target = self._target(channel_id)
        session = target.session
        if target.live and session is not None:
            session = self.control.keep(session_id=session.id, actor=actor, until=until).session
        self.marks.update(
            "channel",
            channel_id,
            lambda m: m.kept(until, actor),
        )
        return replace(self._event(EventKind.KEPT, target, session, actor), until=until)

    def stop(self, *, channel_id: str, actor: str) -> WatchEvent:
        target = self._target(channel_id)
        session = target.session
        if target.live and session is not None:
            session = self.cleanup.stop_show_channel(session_id=session.id, channel_id=channel_id, actor=actor)
        else:
            self.cleanup.stop_channel(channel_id)
        self.marks.update("channel", channel_id, lambda m: None)
        return self._event(EventKind.STOPPED, target, session, actor)

    def stop_and_delete(self, *, channel_id: str, actor: str) -> WatchEvent:
        """A live show's channel goes the way of `end` (its take saved, final cost posted); others directly."""
        target = self._target(channel_id)
        session = target.session
        if target.live and session is not None:
            session = self.control.end_session(session_id=session.id, actor=actor).session
        else:
            inputs = [i for i in target.channel.input_ids if self._ours(i)]
            session = self.cleanup.delete_channel(
                channel_id=channel_id, inputs=inputs, session=session, note=DELETE_NOTE, actor=actor
            )
        self.marks.update("channel", channel_id, lambda m: None)
        return self._event(EventKind.DELETED, target, session, actor)

    def _ours(self, input_id: str) -> bool:
        found = self.medialive.describe_input(input_id)
        return found is not None and owned_by(found.tags, self.deployment)
