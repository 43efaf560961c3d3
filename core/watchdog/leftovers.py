"""Deleting a leftover IVS channel, input security group or stored platform key: each safe to repeat, a
resource already gone counts as deleted."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.session import Session
from core.ports import IvsPort, MediaLivePort, SecretsPort, SessionStorePort
from core.watchdog.plan import Leftover


@dataclass(frozen=True, kw_only=True)
class LeftoverRemoval:
    store: SessionStorePort
    medialive: MediaLivePort
    ivs: IvsPort
    secrets: SecretsPort

    def delete(self, found: Leftover, *, session: Session | None) -> None:
        match found.kind:
            case "ivs_channel":
                # IVS refuses to delete a live channel (ConflictException): disconnect whatever still pushes.
                self.ivs.stop_stream(found.id)
                self.ivs.delete_channel(found.id)
                if session is not None and session.resources.ivs_channel_arn == found.id:
                    self.store.update(session.id, lambda s: s.ivs_forgotten())
            case "security_group":
                self.medialive.delete_security_group(found.id)
            case "parameter":
                self.secrets.delete(found.id)  # by name: the key's value is never read
