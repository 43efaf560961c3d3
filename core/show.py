"""Show features in MediaLive's terms: callers and tracks as inputs, switching by schedule, platform outputs.

Inputs and outputs change only while the channel is idle, so a change made while it runs waits for the next
stop, or is applied now with a brief restart the crew confirms. Switching needs a running channel.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from core.aws.medialive import MediaLive
from core.aws.s3 import ObjectStore
from core.aws.ssm import Secrets
from core.channel_spec import file_input_request, ownership_tags, push_input_request, resource_name
from core.claims import Claims, Outcome, Unchanged, require_ready
from core.clock import Clock
from core.config import CoreSettings
from core.costs import close_period, open_period
from core.editor import ChannelEditor
from core.errors import InvalidRequest, NeedsConfirmation, NotReady
from core.models import ChannelState, Platform, Session, Source, SourceKind
from core.planner import ChannelPlanner
from core.platform_rules import KNOWN_PLATFORMS, PlatformInput, ingest_url, is_mp4, key_hint, platform_problems
from core.resources import SessionResources
from core.store import SessionStore

MAX_PUSH_INPUTS = 2  # MediaLive: at most two RTMP push inputs per channel (the host is one)
MAX_INPUTS = 20
Change = tuple[Callable[[Session], Session], str]


class ShowSources:
    def __init__(
        self,
        *,
        settings: CoreSettings,
        store: SessionStore,
        medialive: MediaLive,
        objects: ObjectStore,
        secrets: Secrets,
        planner: ChannelPlanner,
        resources: SessionResources,
        editor: ChannelEditor,
        claims: Claims,
        clock: Clock,
    ) -> None:
        self._settings = settings
        self._store = store
        self._medialive = medialive
        self._objects = objects
        self._secrets = secrets
        self._planner = planner
        self._resources = resources
        self._editor = editor
        self._claims = claims
        self._clock = clock

    # applying changes ------------------------------------------------------------------------------------
    def _on_air(self, s: Session) -> bool:
        facts = self._medialive.describe_channel(s.resources.channel_id or "")
        return facts is not None and facts.state.on_air

    def _apply_or_explain(self, s: Session, done: str) -> str:
        """Apply at once when the channel is idle; otherwise say it waits for the next stop."""
        if self._on_air(s):
            return f"{done} It joins the channel at the next stop, or now with a brief restart (`apply`)."
        self._resources.wait_until_idle(s.resources.channel_id or "")
        self._editor.apply(s.id)
        return f"{done} The channel is updated."

    def apply_changes(self, *, session_id: str, actor: str, restart_ok: bool = False) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if not s.changes_pending:
                raise Unchanged("The channel already has every change.")

        def work(s: Session) -> Change:
            channel_id = s.resources.channel_id or ""
            was_on_air = self._on_air(s)
            if was_on_air and not restart_ok:
                raise NeedsConfirmation(
                    "Applying now restarts the channel (about a minute off air; a take keeps going but misses it).",
                    confirm_as="apply restart",
                )
            stopped_at = self._clock()
            self._resources.wait_until_idle(channel_id)
            self._editor.apply(s.id)
            if not was_on_air:
                return (lambda x: x), "Changes applied to the channel."
            self._medialive.start_channel(channel_id)
            now = self._clock()

            def restarted(x: Session) -> Session:
                runs = open_period(close_period(x.channel_runs, stopped_at), now)
                return x.model_copy(
                    update={
                        "channel_runs": runs,
                        "channel_state": ChannelState.STARTING,
                        "channel_state_at": now,
                        "active_source": None,
                        "autoplay": [],
                    }
                )

            return restarted, "Changes applied: the channel is restarting."

        return self._claims.act(session_id, action="apply", actor=actor, check=check, work=work)

    # callers ---------------------------------------------------------------------------------------------
    def add_caller(self, *, session_id: str, actor: str, name: str) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if sum(1 for x in s.sources if x.kind is SourceKind.CALLER and not x.removing) + 1 >= MAX_PUSH_INPUTS:
                raise InvalidRequest(
                    "MediaLive allows two RTMP push inputs per channel: the host and one caller. "
                    "Remove the caller first (`caller remove`)."
                )

        def work(s: Session) -> Change:
            number = 1 + max((x.number for x in s.sources if x.kind is SourceKind.CALLER), default=0)
            created = self._medialive.create_input(
                push_input_request(
                    session_id=s.id,
                    name=resource_name(s.id, s.show_name),
                    security_group_id=self._settings.input_security_group_id,
                    channel_class=self._settings.channel_class,
                    tags=ownership_tags(deployment=self._settings.deployment, session_id=s.id),
                    purpose=f"caller-{number}",
                )
            )
            source = Source(
                kind=SourceKind.CALLER,
                number=number,
                name=name or f"Caller {number}",
                input_id=created.id,
                endpoints=list(created.endpoints),
            )
            s = self._store.update(s.id, lambda x: x.model_copy(update={"sources": [*x.sources, source]}))
            endpoints = " ".join(f"`{u}`" for u in source.endpoints)
            message = self._apply_or_explain(s, f"Caller {number} ({source.name}) can push to {endpoints}.")
            return (lambda x: x), message

        return self._claims.act(session_id, action="caller add", actor=actor, check=check, work=work)

    def remove_source(self, *, session_id: str, actor: str, kind: SourceKind, number: int | None) -> Outcome:
        def find(s: Session) -> Source:
            matches = [x for x in s.sources if x.kind is kind and not x.removing and number in (None, x.number)]
            if not matches:
                raise InvalidRequest(f"There is no {kind.value} {number or ''} to remove.".replace("  ", " "))
            return matches[-1]

        def check(s: Session) -> None:
            require_ready(s)
            source = find(s)
            if s.active_source == source.attachment and self._on_air(s):
                raise InvalidRequest(f"{source.name} is on air. Switch to another source first.")

        def work(s: Session) -> Change:
            source = find(s)
            if not source.attached:  # never reached the channel: just delete the input
                self._resources.delete_input(source.input_id)
                self._store.update(
                    s.id, lambda x: x.model_copy(update={"sources": [y for y in x.sources if y != source]})
                )
                return (lambda x: x), f"{source.name} removed."
            marked = source.model_copy(update={"removing": True})
            s = self._store.update(
                s.id, lambda x: x.model_copy(update={"sources": [marked if y == source else y for y in x.sources]})
            )
            return (lambda x: x), self._apply_or_explain(s, f"{source.name} will be removed.")

        return self._claims.act(session_id, action=f"{kind.value} remove", actor=actor, check=check, work=work)

    # tracks ----------------------------------------------------------------------------------------------
    def _track_url(self, ref: str) -> tuple[str, str, str]:
        """(bucket, key, MediaLive URL) for an s3:// URL or a file name under the tracks prefix."""
        if ref.startswith("s3://"):
            bucket, _, key = ref.removeprefix("s3://").partition("/")
        else:
            bucket, key = self._objects.bucket, f"{self._settings.tracks_prefix}/{ref.lstrip('/')}"
        if not bucket or not key:
            raise InvalidRequest("Give the track as `s3://bucket/file.mp4` or a file name in the tracks folder.")
        return bucket, key, f"s3ssl://{bucket}/{key}"

    def add_track(self, *, session_id: str, actor: str, ref: str, title: str) -> Outcome:
        bucket, key, url = self._track_url(ref)

        def check(s: Session) -> None:
            require_ready(s)
            if len(s.sources) + 1 >= MAX_INPUTS:
                raise InvalidRequest(f"MediaLive allows {MAX_INPUTS} inputs per channel; remove a track first.")

        def work(s: Session) -> Change:
            head = self._objects.head_bytes(key, bucket=bucket)
            if head is None:
                raise InvalidRequest(f"There is no file at s3://{bucket}/{key}. Upload it there first.")
            if not is_mp4(head):
                raise InvalidRequest("That file is not an MP4. MediaLive plays tracks from MP4 files only.")
            number = 1 + max((x.number for x in s.sources if x.kind is SourceKind.TRACK), default=0)
            created = self._medialive.create_input(
                file_input_request(
                    session_id=s.id,
                    name=resource_name(s.id, s.show_name),
                    url=url,
                    channel_class=self._settings.channel_class,
                    tags=ownership_tags(deployment=self._settings.deployment, session_id=s.id),
                    purpose=f"track-{number}-{uuid.uuid4().hex[:6]}",
                )
            )
            name = title or key.rsplit("/", 1)[-1]
            source = Source(kind=SourceKind.TRACK, number=number, name=name, input_id=created.id, url=url)
            s = self._store.update(s.id, lambda x: x.model_copy(update={"sources": [*x.sources, source]}))
            return (lambda x: x), self._apply_or_explain(s, f"Track {number} ({name}) added.")

        return self._claims.act(session_id, action="track add", actor=actor, check=check, work=work)

    # switching -------------------------------------------------------------------------------------------
    def switch(self, *, session_id: str, actor: str, kind: SourceKind, number: int = 1) -> Outcome:
        target = "host" if kind is SourceKind.HOST else f"{kind.value}-{number}"

        def check(s: Session) -> None:
            require_ready(s)
            if kind is not SourceKind.HOST and not any(x.attachment == target and x.attached for x in s.sources):
                pending = any(x.attachment == target for x in s.sources)
                raise InvalidRequest(
                    f"{kind.value.capitalize()} {number} joins the channel at the next stop (or `apply` now)."
                    if pending
                    else f"There is no {kind.value} {number}. See the panel for the sources."
                )
            if s.active_source == target and not s.autoplay:
                raise Unchanged(f"{target} is already on air.")

        def work(s: Session) -> Change:
            facts = self._medialive.describe_channel(s.resources.channel_id or "")
            if facts is None or facts.state is not ChannelState.RUNNING:
                raise NotReady("Switching needs a running channel. Go live (or record) first.")
            creates, autoplay = self._switch_actions(s, kind, number)
            self._schedule(s, creates=creates, deletes=s.autoplay)
            name = self._name_of(s, target)
            message = f"Switched to {name}." + (
                " The following tracks play after it, then the host." if autoplay else ""
            )
            return (lambda x: x.model_copy(update={"active_source": target, "autoplay": autoplay})), message

        return self._claims.act(session_id, action="switch", actor=actor, check=check, work=work)

    def track_next(self, *, session_id: str, actor: str) -> Outcome:
        s = self._store.require(session_id)
        current = s.active_source or "host"
        number = int(current.rsplit("-", 1)[1]) + 1 if current.startswith("track-") else 1
        if not any(x.kind is SourceKind.TRACK and x.number == number and x.attached for x in s.sources):
            raise InvalidRequest("There is no next track in the tracklist.")
        return self.switch(session_id=session_id, actor=actor, kind=SourceKind.TRACK, number=number)

    def _name_of(self, s: Session, attachment: str) -> str:
        return next((x.name for x in s.sources if x.attachment == attachment), "the host")

    def _switch_actions(self, s: Session, kind: SourceKind, number: int) -> tuple[list[dict[str, Any]], list[str]]:
        """An immediate switch; from a track, the rest of the tracklist follows (each prepared as the one
        before starts, switched at its end) and the show returns to the host."""
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
                prepare, switch = f"prepare-{following}-{tag}", f"switch-{following}-{tag}"
                if following != "host":
                    creates.append(
                        _prepare(
                            prepare,
                            following,
                            {
                                "FollowModeScheduleActionStartSettings": {
                                    "FollowPoint": "START",
                                    "ReferenceActionName": previous,
                                }
                            },
                        )
                    )
                    autoplay.append(prepare)
                creates.append(
                    _switch(
                        switch,
                        following,
                        {
                            "FollowModeScheduleActionStartSettings": {
                                "FollowPoint": "END",
                                "ReferenceActionName": previous,
                            }
                        },
                    )
                )
                autoplay.append(switch)
                previous = switch
        return creates, autoplay

    def _schedule(self, s: Session, *, creates: list[dict[str, Any]], deletes: list[str]) -> None:
        try:
            self._medialive.update_schedule(s.resources.channel_id or "", creates=creates, deletes=deletes)
        except InvalidRequest:
            if not deletes:
                raise
            # Some of the old tracklist's actions already ran and cannot be deleted; switch regardless.
            self._medialive.update_schedule(s.resources.channel_id or "", creates=creates, deletes=[])

    # platforms -------------------------------------------------------------------------------------------
    def add_platform(self, *, session_id: str, actor: str, entry: PlatformInput) -> Outcome:
        problems = platform_problems(entry)
        if problems:
            raise InvalidRequest(" ".join(problems.values()))

        def check(s: Session) -> None:
            require_ready(s)

        def work(s: Session) -> Change:
            number = 1 + max((p.number for p in s.platforms), default=0)
            parameter = self._planner.key_parameter(s.id, number)
            self._secrets.put(parameter, entry.key.strip())
            label = KNOWN_PLATFORMS[entry.kind][0]
            platform = Platform(
                number=number,
                kind=entry.kind,
                name=label,
                url=ingest_url(entry),
                key_parameter=parameter,
                key_hint=key_hint(entry.key),
            )
            s = self._store.update(s.id, lambda x: x.model_copy(update={"platforms": [*x.platforms, platform]}))
            return (lambda x: x), self._apply_or_explain(s, f"{label} output {number} added.")

        return self._claims.act(session_id, action="platform add", actor=actor, check=check, work=work)

    def set_platform(self, *, session_id: str, actor: str, number: int, enabled: bool | None) -> Outcome:
        """enabled=None removes the platform (and its stored key)."""

        def find(s: Session) -> Platform:
            platform = next((p for p in s.platforms if p.number == number and not p.removing), None)
            if platform is None:
                raise InvalidRequest(f"There is no platform {number}. `platform list` shows them.")
            return platform

        def check(s: Session) -> None:
            require_ready(s)
            if enabled is not None and find(s).enabled == enabled:
                raise Unchanged(f"Platform {number} is already {'on' if enabled else 'off'}.")

        def work(s: Session) -> Change:
            platform = find(s)
            if enabled is None and not platform.in_channel:
                self._secrets.delete(platform.key_parameter)
                self._store.update(
                    s.id, lambda x: x.model_copy(update={"platforms": [p for p in x.platforms if p.number != number]})
                )
                return (lambda x: x), f"{platform.name} output {number} removed."
            changed = platform.model_copy(update={"removing": True} if enabled is None else {"enabled": enabled})
            s = self._store.update(
                s.id,
                lambda x: x.model_copy(
                    update={"platforms": [changed if p.number == number else p for p in x.platforms]}
                ),
            )
            verb = "removed" if enabled is None else ("turned on" if enabled else "turned off")
            return (lambda x: x), self._apply_or_explain(s, f"{platform.name} output {number} will be {verb}.")

        return self._claims.act(session_id, action="platform", actor=actor, check=check, work=work)


def _switch(name: str, attachment: str, start: dict[str, Any]) -> dict[str, Any]:
    return {
        "ActionName": name,
        "ScheduleActionStartSettings": start,
        "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": attachment}},
    }


def _prepare(name: str, attachment: str, start: dict[str, Any]) -> dict[str, Any]:
    return {
        "ActionName": name,
        "ScheduleActionStartSettings": start,
        "ScheduleActionSettings": {"InputPrepareSettings": {"InputAttachmentNameReference": attachment}},
    }
