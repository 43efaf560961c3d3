"""MediaLive and IVS events (EventBridge, on Lambda; or SQS where a deployer wires it) bring the panel and thread
up to date within seconds, instead of at the next follow-up pass. The follow-up job and the sweep stay the safety
net for an event AWS never delivers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from bot.jobs.follow_up import PanelFollowUp
from core.domain.aws_events import Wakeup, wakeup
from core.domain.session import Session
from core.ports import SessionStorePort

log = logging.getLogger(__name__)


class AwsEvents:
    def __init__(self, *, store: SessionStorePort, follow_up: PanelFollowUp) -> None:
        self._store = store
        self._follow_up = follow_up

    def handle(self, event: Mapping[str, Any]) -> str | None:
        """Re-read the show the event is about and show what changed; the show's id, or None when the event is
        about no live show of this deployment."""
        woke = wakeup(event)
        if woke is None:
            log.info("ignored an event of another kind: %s", event.get("detail-type"))
            return None
        session = next((s for s in self._store.all_sessions() if s.status.active and _names(woke, s)), None)
        if session is None:
            return None
        self._follow_up.follow_now(session)
        return session.id


def _names(woke: Wakeup, s: Session) -> bool:
    if woke.medialive_channel_id:
        return s.resources.channel_id == woke.medialive_channel_id
    return bool(woke.ivs_channel_arn) and s.resources.ivs_channel_arn == woke.ivs_channel_arn
