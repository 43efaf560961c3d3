"""Switching sources on a running channel with schedule actions (InputSwitch, immediate and follow)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from core import messages
from core.clock import Clock
from core.domain.session import ChannelState, OnAir, Session, SourceKind
from core.errors import InvalidRequest, NotReady
from core.ports import MediaLivePort, SessionStorePort
from core.show.claims import Change, Claims, Outcome, Unchanged, require_ready


@dataclass(frozen=True, kw_only=True)
class Switcher:
    """Put a source on air now with MediaLive's schedule; from a track, the rest of the tracklist follows."""

    store: SessionStorePort
    medialive: MediaLivePort
    claims: Claims
    clock: Clock

    def switch(self, *, session_id: str, actor: str, kind: SourceKind, number: int = 1) -> Outcome:
        target = "host" if kind is SourceKind.HOST else f"{kind.value}-{number}"

        def check(s: Session) -> None:
            require_ready(s)
            if kind is not SourceKind.HOST and not any(x.attachment == target and x.attached for x in s.sources):
                pending = any(x.attachment == target for x in s.sources)
                what = f"{kind.value} {number}"
                raise InvalidRequest(
                    messages.SOURCE_NOT_YET.format(source=what.capitalize())
                    if pending
                    else messages.NO_SUCH_SOURCE.format(source=what)
                )
            if s.active_source == target and not s.autoplay:
                raise Unchanged(messages.ALREADY_ON_AIR.format(source=target))

        def work(s: Session) -> Change:
            facts = self.medialive.describe_channel(s.resources.channel_id or "")
            if facts is None or facts.state is not ChannelState.RUNNING:
                raise NotReady(messages.SWITCH_NEEDS_RUNNING)
            creates, autoplay = self._switch_actions(s, kind, number)
            self._schedule(s, creates=creates, deletes=s.autoplay)
            switched = OnAir(at=self.clock(), source=target, action=str(creates[0]["ActionName"]))
            name = self._name_of(s, target)
            message = f"Switched to {name}." + (
                " The following tracks play after it, then the host." if autoplay else ""
            )

            def on_air(x: Session) -> Session:
                return x.switched(target=target, autoplay=autoplay, switch=switched)

            return on_air, message

        return self.claims.act(session_id, action="switch", actor=actor, check=check, work=work)

    def track_next(self, *, session_id: str, actor: str) -> Outcome:
        s = self.store.require(session_id)
        current = s.active_source or "host"
        number = int(current.rsplit("-", 1)[1]) + 1 if current.startswith("track-") else 1
        if not any(x.kind is SourceKind.TRACK and x.number == number and x.attached for x in s.sources):
            raise InvalidRequest(messages.NO_NEXT_TRACK)
        return self.switch(session_id=session_id, actor=actor, kind=SourceKind.TRACK, number=number)

    def _name_of(self, s: Session, attachment: str) -> str:
        return next((x.name for x in s.sources if x.attachment == attachment), "the host")

    def _switch_actions(self, s: Session, kind: SourceKind, number: int) -> tuple[list[dict[str, Any]], list[str]]:
        """An immediate switch; from a track, the rest of the tracklist follows, each switched in at the end of
        the one before, and then the host. No InputPrepare: "there is no advantage to preparing an input if you
        will switch to it as a fixed input switch or a follow input switch" (MediaLive UG, preparing inputs)."""
        tag = uuid.uuid4().hex[:6]
        target = "host" if kind is SourceKind.HOST else f"{kind.value}-{number}"
        first = f"switch-{target}-{tag}"
        creates = [_switch(first, target, {"ImmediateModeScheduleActionStartSettings": {}})]
        autoplay: list[str] = []
        if kind is SourceKind.TRACK:
            after = sorted(
                x.number for x in s.sources if x.kind is SourceKind.TRACK and x.attached and x.number > number
            )
            previous = first
            for following in [*(f"track-{n}" for n in after), "host"]:
                switch = f"switch-{following}-{tag}"
                follow = {"FollowPoint": "END", "ReferenceActionName": previous}
                creates.append(_switch(switch, following, {"FollowModeScheduleActionStartSettings": follow}))
                autoplay.append(switch)
                previous = switch
        return creates, autoplay

    def _schedule(self, s: Session, *, creates: list[dict[str, Any]], deletes: list[str]) -> None:
        try:
            self.medialive.update_schedule(s.resources.channel_id or "", creates=creates, deletes=deletes)
        except InvalidRequest:
            if not deletes:
                raise
            # Some of the old tracklist's actions already ran and cannot be deleted; switch regardless.
            self.medialive.update_schedule(s.resources.channel_id or "", creates=creates, deletes=[])


def _switch(name: str, attachment: str, start: dict[str, Any]) -> dict[str, Any]:
    return {
        "ActionName": name,
        "ScheduleActionStartSettings": start,
        "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": attachment}},
    }
