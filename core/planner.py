"""Build a session's ChannelPlan: what the channel should look like, with the keys fetched just in time."""

from __future__ import annotations

from core.aws.ivs import Ivs
from core.aws.ssm import Secrets
from core.channel_spec import Attachment, ChannelPlan, PlatformOutput, ownership_tags, resource_name
from core.config import CoreSettings
from core.models import Session

REVOKED_KEY = "revoked"  # IVS rejects it: the channel pushes nowhere until a real key is set


class ChannelPlanner:
    def __init__(self, *, settings: CoreSettings, ivs: Ivs, secrets: Secrets) -> None:
        self._settings = settings
        self._ivs = ivs
        self._secrets = secrets

    def plan(self, session: Session, *, stream_key_arn: str | None = None) -> ChannelPlan:
        """The channel as the crew wants it: attached sources and enabled platforms, minus removals."""
        settings = self._settings
        resources = session.resources
        assert resources.input_id
        assert resources.ivs_ingest_endpoint
        key_arn = stream_key_arn or (None if session.stream_key_revoked else resources.stream_key_arn)
        return ChannelPlan(
            session_id=session.id,
            name=resource_name(session.id, session.show_name),
            channel_class=settings.channel_class,
            role_arn=settings.medialive_role_arn,
            input_id=resources.input_id,
            ivs_ingest_endpoint=resources.ivs_ingest_endpoint,
            stream_key=self._ivs.stream_key(key_arn) if key_arn else REVOKED_KEY,
            bucket=settings.recordings_bucket,
            live_prefix=settings.live_prefix,
            segment_seconds=settings.segment_seconds,
            tags=ownership_tags(deployment=settings.deployment, session_id=session.id),
            extra_inputs=tuple(Attachment(s.attachment, s.input_id) for s in session.sources if not s.removing),
            platforms=tuple(
                PlatformOutput(p.number, p.url, self._secrets.get(p.key_parameter))
                for p in session.platforms
                if p.wanted
            ),
            loudness_lkfs=settings.loudness_target_lkfs,
        )

    def key_parameter(self, session_id: str, number: int) -> str:
        return f"/shelcaster/{self._settings.deployment}/{session_id}/platform-{number}"
