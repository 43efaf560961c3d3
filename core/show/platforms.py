"""Platform outputs (YouTube, Facebook, Twitch, custom RTMP): keys in SSM, outputs changed while idle."""

from __future__ import annotations

from dataclasses import dataclass

from core import messages
from core.domain.platform_rules import KNOWN_PLATFORMS, PlatformInput, ingest_url, key_hint, platform_problems
from core.domain.session import Platform, Session
from core.errors import InvalidRequest
from core.ports import SecretsPort, SessionStorePort
from core.show.channel_edits import ChannelEditor
from core.show.channel_plan import ChannelPlanner
from core.show.claims import Change, Claims, Outcome, Unchanged, require_ready


@dataclass(frozen=True, kw_only=True)
class PlatformOutputs:
    store: SessionStorePort
    secrets: SecretsPort
    planner: ChannelPlanner
    editor: ChannelEditor
    claims: Claims

    def add_platform(self, *, session_id: str, actor: str, entry: PlatformInput) -> Outcome:
        problems = platform_problems(entry)
        if problems:
            raise InvalidRequest(" ".join(problems.values()))

        def check(s: Session) -> None:
            require_ready(s)

        def work(s: Session) -> Change:
            number = 1 + max((p.number for p in s.platforms), default=0)
            parameter = self.planner.key_parameter(s.id, number)
            self.secrets.put(parameter, entry.key.strip())
            label = KNOWN_PLATFORMS[entry.kind][0]
            platform = Platform(
                number=number,
                kind=entry.kind,
                name=label,
                url=ingest_url(entry),
                key_parameter=parameter,
                key_hint=key_hint(entry.key),
            )
            s = self.store.update(s.id, lambda x: x.platform_added(platform))
            return (lambda x: x), self.editor.apply_when_idle(
                s, messages.PLATFORM_ADDED.format(name=label, number=number)
            )

        return self.claims.act(session_id, action="platform add", actor=actor, check=check, work=work)

    def set_platform(self, *, session_id: str, actor: str, number: int, enabled: bool | None) -> Outcome:
        """enabled=None removes the platform (and its stored key)."""

        def find(s: Session) -> Platform:
            platform = next((p for p in s.platforms if p.number == number and not p.removing), None)
            if platform is None:
                raise InvalidRequest(messages.NO_PLATFORM.format(number=number))
            return platform

        def check(s: Session) -> None:
            require_ready(s)
            if enabled is not None and find(s).enabled == enabled:
                raise Unchanged(messages.PLATFORM_ALREADY.format(number=number, state="on" if enabled else "off"))

        def work(s: Session) -> Change:
            platform = find(s)
            if enabled is None and not platform.in_channel:
                self.secrets.delete(platform.key_parameter)
                self.store.update(s.id, lambda x: x.platform_dropped(number))
                return (lambda x: x), messages.PLATFORM_REMOVED.format(name=platform.name, number=number)
            changed = platform.leaving() if enabled is None else platform.turned(enabled)
            s = self.store.update(
                s.id,
                lambda x: x.platform_replaced(number, changed),
            )
            verb = "removed" if enabled is None else ("turned on" if enabled else "turned off")
            return (lambda x: x), self.editor.apply_when_idle(
                s, messages.PLATFORM_WILL_BE.format(name=platform.name, number=number, verb=verb)
            )

        return self.claims.act(session_id, action="platform", actor=actor, check=check, work=work)
