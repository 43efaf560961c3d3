"""Build a session's ChannelPlan: what the channel should look like, with the keys fetched just in time."""

from __future__ import annotations

from dataclasses import dataclass

from core.config import CoreSettings
from core.domain.channel_spec import IDLE_RUN, Attachment, ChannelPlan, PlatformOutput, ownership_tags, resource_name
from core.domain.session import Session
from core.ports import IvsPort, SecretsPort

NO_KEY = "none"  # a plan that sends nothing to IVS carries no key at all


@dataclass(frozen=True, kw_only=True)
class ChannelPlanner:
    settings: CoreSettings
    ivs: IvsPort
    secrets: SecretsPort

    def plan(
        self, session: Session, *, public: bool = True, run: str = IDLE_RUN, stream_key_arn: str | None = None
    ) -> ChannelPlan:
        """The channel as the crew wants it: created sources and enabled platforms, minus removals. A public
        plan needs `stream_key_arn` (a valid IVS key); a recording-only one sends nothing anywhere public."""
        settings = self.settings
        resources = session.resources
        assert resources.input_id
        assert resources.ivs_ingest_endpoint
        assert stream_key_arn or not public
        return ChannelPlan(
            session_id=session.id,
            name=resource_name(session.id, session.show_name),
            channel_class=settings.channel_class,
            role_arn=settings.medialive_role_arn,
            input_id=resources.input_id,
            ivs_ingest_endpoint=resources.ivs_ingest_endpoint,
            stream_key=self.ivs.stream_key(stream_key_arn) if stream_key_arn else NO_KEY,
            bucket=settings.recordings_bucket,
            live_prefix=settings.live_prefix,
            segment_seconds=settings.segment_seconds,
            tags=ownership_tags(deployment=settings.deployment, session_id=session.id),
            extra_inputs=tuple(
                Attachment(s.attachment, s.input_id) for s in session.sources if s.created and not s.removing
            ),
            platforms=tuple(
                PlatformOutput(p.number, p.url, self.secrets.get(p.key_parameter))
                for p in session.platforms
                if p.wanted and public
            ),
            loudness_lkfs=settings.loudness_target_lkfs,
            public=public,
            run=run,
            retry_hours=settings.rtmp_retry_hours,
            # A push input always has endpoints; a host without any is a file input (the account check's clip).
            host_loops=not resources.input_endpoints,
        )

    def key_parameter(self, session_id: str, number: int) -> str:
        return f"/shelcaster/{self.settings.deployment}/{session_id}/platform-{number}"
