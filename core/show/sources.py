"""Callers and tracks: inputs the show can switch to, attached while the channel is idle.

Inputs and outputs change only while the channel is idle, so a change made while it runs waits for the next
stop, or is applied now with a brief restart the crew confirms. Switching needs a running channel.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core import messages
from core.clock import Clock
from core.config import CoreSettings
from core.domain.channel_spec import (
    INPUT_LIMITS,
    file_input_request,
    ownership_tags,
    push_input_request,
    resource_name,
    security_group_request,
)
from core.domain.session import Session, Source, SourceKind
from core.domain.tracks import is_mp4
from core.errors import InvalidRequest, NeedsConfirmation
from core.ports import MediaLivePort, ObjectStorePort, SessionStorePort
from core.show.aws_resources import SessionResources
from core.show.channel_edits import ChannelEditor
from core.show.claims import Change, Claims, Outcome, Unchanged, require_ready

MAX_PUSH_INPUTS = 2  # MediaLive: at most two RTMP push inputs per channel (the host is one)
MAX_INPUTS = 20


@dataclass(frozen=True, kw_only=True)
class ShowSources:
    """Add and remove callers and tracks, and apply waiting changes (with a confirmed restart if live)."""

    settings: CoreSettings
    store: SessionStorePort
    medialive: MediaLivePort
    objects: ObjectStorePort
    resources: SessionResources
    editor: ChannelEditor
    claims: Claims
    clock: Clock

    # applying changes ------------------------------------------------------------------------------------
    def apply_changes(self, *, session_id: str, actor: str, restart_ok: bool = False) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if not s.changes_pending:
                raise Unchanged(messages.NOTHING_TO_APPLY)

        def work(s: Session) -> Change:
            was_on_air = self.editor.on_air(s)
            if was_on_air and not restart_ok:
                raise NeedsConfirmation(messages.APPLY_RESTART, confirm_as="apply restart")
            if not was_on_air:
                self.resources.wait_until_idle(s.resources.channel_id or "")
                self.editor.apply(s.id)
                return (lambda x: x), messages.CHANGES_APPLIED
            run = self.editor.start(s, public=s.stream_wanted)
            return run.apply_to, f"Changes applied: the channel is restarting ({messages.STARTS_TAKE})."

        return self.claims.act(session_id, action="apply", actor=actor, check=check, work=work)

    # callers ---------------------------------------------------------------------------------------------
    def add_caller(self, *, session_id: str, actor: str, name: str, allowed_from: list[str]) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            callers = [x for x in s.sources if x.kind is SourceKind.CALLER and not x.removing]
            if len(callers) + 1 >= MAX_PUSH_INPUTS and not any(not x.created for x in callers):
                raise InvalidRequest(messages.ONE_CALLER)

        def work(s: Session) -> Change:
            # An unfinished caller (a crash or an AWS failure mid-way) is finished, never made twice.
            unfinished = next((x for x in s.sources if x.kind is SourceKind.CALLER and not x.created), None)
            number = 1 + max((x.number for x in s.sources if x.kind is SourceKind.CALLER), default=0)
            intended = unfinished or Source(
                kind=SourceKind.CALLER,
                number=number,
                name=name or f"Caller {number}",
                token=uuid.uuid4().hex,
                allowed_from=allowed_from,
            )
            if unfinished is None:
                s = self._put_source(s.id, intended)
            source = self._create_caller(s, intended)
            s = self.store.require(s.id)
            endpoints = " ".join(f"`{u}`" for u in source.endpoints)
            where = (
                messages.CALLER_OPEN
                if source.open_to_anyone
                else messages.CALLER_FROM.format(addresses=", ".join(source.allowed_from))
            )
            done = messages.CALLER_ADDED.format(
                number=source.number, name=source.name, limits=INPUT_LIMITS, endpoints=endpoints, where=where
            )
            return (lambda x: x), self.editor.apply_when_idle(s, done)

        return self.claims.act(session_id, action="caller add", actor=actor, check=check, work=work)

    def _put_source(self, session_id: str, source: Source) -> Session:
        return self.store.update(session_id, lambda x: x.source_put(source))

    def _create_caller(self, s: Session, source: Source) -> Source:
        """The caller's own security group, then its push input; each recorded the moment it exists."""
        tags = ownership_tags(deployment=self.settings.deployment, session_id=s.id)
        if not source.security_group_id:
            group = self.medialive.create_security_group(security_group_request(cidrs=source.allowed_from, tags=tags))
            source = source.group_made(group)
            self._put_source(s.id, source)
        created = self.medialive.create_input(
            push_input_request(
                session_id=s.id,
                name=resource_name(s.id, s.show_name),
                security_group_id=source.security_group_id or "",
                channel_class=self.settings.channel_class,
                tags=tags,
                purpose=source.attachment,
                token=source.token,
            )
        )
        source = source.input_made(created.id, list(created.endpoints))
        self._put_source(s.id, source)
        return source

    def remove_source(self, *, session_id: str, actor: str, kind: SourceKind, number: int | None) -> Outcome:
        def find(s: Session) -> Source:
            matches = [x for x in s.sources if x.kind is kind and not x.removing and number in (None, x.number)]
            if not matches:
                raise InvalidRequest(messages.NO_SOURCE_TO_REMOVE.format(what=f"{kind.value} {number or ''}".strip()))
            return matches[-1]

        def check(s: Session) -> None:
            require_ready(s)
            source = find(s)
            if s.active_source == source.attachment and self.editor.on_air(s):
                raise InvalidRequest(messages.SOURCE_ON_AIR.format(name=source.name))

        def work(s: Session) -> Change:
            source = find(s)
            if not source.attached:  # never reached the channel: just delete what was made
                self.resources.delete_source(source)
                self.store.update(s.id, lambda x: x.source_dropped(source))
                return (lambda x: x), messages.SOURCE_REMOVED.format(name=source.name)
            marked = source.leaving()
            s = self.store.update(s.id, lambda x: x.source_replaced(source, marked))
            return (lambda x: x), self.editor.apply_when_idle(s, messages.SOURCE_LEAVING.format(name=source.name))

        return self.claims.act(session_id, action=f"{kind.value} remove", actor=actor, check=check, work=work)

    # tracks ----------------------------------------------------------------------------------------------
    def _track_url(self, ref: str) -> tuple[str, str, str]:
        """(bucket, key, MediaLive URL) for an s3:// URL or a file name under the tracks prefix."""
        if ref.startswith("s3://"):
            bucket, _, key = ref.removeprefix("s3://").partition("/")
        else:
            bucket, key = self.objects.bucket, f"{self.settings.tracks_prefix}/{ref.lstrip('/')}"
        if not bucket or not key:
            raise InvalidRequest(messages.TRACK_REF)
        return bucket, key, f"s3ssl://{bucket}/{key}"

    def add_track(self, *, session_id: str, actor: str, ref: str, title: str) -> Outcome:
        bucket, key, url = self._track_url(ref)

        def check(s: Session) -> None:
            require_ready(s)
            if len(s.sources) + 1 >= MAX_INPUTS:
                raise InvalidRequest(messages.TOO_MANY_INPUTS.format(limit=MAX_INPUTS))

        def work(s: Session) -> Change:
            head = self.objects.head_bytes(key, bucket=bucket)
            if head is None:
                raise InvalidRequest(messages.NO_TRACK_FILE.format(bucket=bucket, key=key))
            if not is_mp4(head):
                raise InvalidRequest(messages.NOT_MP4)
            number = 1 + max((x.number for x in s.sources if x.kind is SourceKind.TRACK), default=0)
            intended = Source(
                kind=SourceKind.TRACK,
                number=number,
                name=title or key.rsplit("/", 1)[-1],
                url=url,
                token=uuid.uuid4().hex,
            )
            s = self._put_source(s.id, intended)
            created = self.medialive.create_input(
                file_input_request(
                    session_id=s.id,
                    name=resource_name(s.id, s.show_name),
                    url=url,
                    channel_class=self.settings.channel_class,
                    tags=ownership_tags(deployment=self.settings.deployment, session_id=s.id),
                    purpose=f"track-{number}-{intended.token[:6]}",
                )
            )
            s = self._put_source(s.id, intended.input_made(created.id))
            return (lambda x: x), self.editor.apply_when_idle(
                s, messages.TRACK_ADDED.format(number=number, name=intended.name)
            )

        return self.claims.act(session_id, action="track add", actor=actor, check=check, work=work)
