"""The steps that make, start, stop and delete the check's show, each through the product's own services.

The show differs from a crew's in one way: its host input is an MP4 file input looping the test clip (made and
recorded in the session before setup, which then makes only what is missing), so no encoder is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from core.acceptance.clip import CLIP_NAME, CONTENT_TYPE, clip_bytes, clip_ref
from core.acceptance.context import ACTOR, Measured, RunContext, StepFailed
from core.domain.channel_spec import HOST_ATTACHMENT, file_input_request, ownership_tags, resource_name
from core.domain.session import ChannelState, Session, SessionStatus, SourceKind
from core.ports import MediaLivePort

SHOW_NAME = "check-aws"


def clip_key(ctx: RunContext) -> str:
    return f"{ctx.settings.tracks_prefix}/{clip_ref(ctx.run_id)}"


def clip_url(ctx: RunContext) -> str:
    # MediaLive UG, MP4 inputs ("Obtain information"): a file in Amazon S3 is s3ssl://<bucket>/<path>/<file>.mp4
    return f"s3ssl://{ctx.aws.bucket}/{clip_key(ctx)}"


def clip(ctx: RunContext) -> Measured:
    """Upload the test clip and make the looping host input, recorded in a new session before anything else."""
    body = clip_bytes()
    ctx.aws.upload(clip_key(ctx), body, content_type=CONTENT_TYPE)
    session = Session(
        id=ctx.session_id,
        show_name=SHOW_NAME,
        chat_channel=ctx.run_id,  # no chat: the run id stands in for the show's channel
        created_by=ACTOR,
        created_at=ctx.clock(),
    )
    ctx.core.store.create(session)
    request = file_input_request(
        session_id=ctx.session_id,
        name=resource_name(ctx.session_id, SHOW_NAME),
        url=clip_url(ctx),
        channel_class=ctx.settings.channel_class,
        tags=ownership_tags(deployment=ctx.settings.deployment, session_id=ctx.session_id),
        purpose=HOST_ATTACHMENT,
    )
    medialive: MediaLivePort = ctx.core.medialive
    host = medialive.create_input(request)
    ctx.core.store.update(ctx.session_id, lambda s: s.input_recorded(host.id, []))
    return Measured(
        found=[
            f"{CLIP_NAME} ({len(body) // 1000} KB) uploaded to {ctx.aws.bucket}/{clip_key(ctx)}",
            f"MP4 file input {host.id} for the host, looping the clip",
        ]
    )


def create(ctx: RunContext) -> Measured:
    start = ctx.waits.monotonic()
    outcome = ctx.core.control.finish_setup(session_id=ctx.session_id, actor=ACTOR)
    seconds = ctx.since(start)
    s = outcome.session
    if s.status is not SessionStatus.READY or not s.resources.channel_id:
        raise StepFailed(f"Setup ended {s.status.value.lower()}: {s.last_error or outcome.message}")
    return Measured(
        found=[f"IVS channel {s.resources.ivs_channel_arn}", f"MediaLive channel {s.resources.channel_id} IDLE"],
        seconds=seconds,
        facts={"create_seconds": seconds},
    )


def track(ctx: RunContext) -> Measured:
    """The clip again, as the show's first track: the input an immediate switch goes to."""
    ref = clip_ref(ctx.run_id)  # a file name in the tracks folder, as the crew gives one
    outcome = ctx.core.sources.add_track(session_id=ctx.session_id, actor=ACTOR, ref=ref, title="test clip")
    added = [x for x in outcome.session.sources if x.kind is SourceKind.TRACK and x.attached]
    if not added:
        raise StepFailed(f"The track did not reach the channel: {outcome.message}")
    return Measured(found=[f"track 1: MP4 file input {added[0].input_id}, attached while idle"])


def start(ctx: RunContext) -> Measured:
    """`live`: edit the idle channel for this run, start it, then follow it to RUNNING and IVS to LIVE."""
    asked = ctx.waits.monotonic()
    ctx.core.control.go_live(session_id=ctx.session_id, actor=ACTOR)
    accepted = ctx.waits.monotonic()
    found = [f"edit (role, run folder, schedule cleared) and StartChannel accepted in {ctx.since(asked)} s"]

    def running() -> Session | None:
        s = ctx.core.control.refresh(session_id=ctx.session_id)
        return s if s.channel_state is ChannelState.RUNNING else None

    reached = ctx.wait_for(running, timeout=ctx.settings.wait_timeout_seconds)
    if reached is None:
        state = ctx.session().channel_state
        raise StepFailed(f"The channel was not RUNNING after {ctx.settings.wait_timeout_seconds:.0f} s ({state}).")
    start_seconds = ctx.since(accepted)
    found.append(f"RUNNING {start_seconds} s after StartChannel")
    live = ctx.wait_for(ctx.ivs_live, timeout=ctx.check.live_timeout_seconds)
    found.append(f"IVS LIVE {live[1]} s after RUNNING" if live else "IVS never reported LIVE")
    return Measured(
        found=found,
        seconds=start_seconds,
        facts={
            "start_seconds": start_seconds,
            "live_seconds": live[1] if live else None,
            "wait_timeout_seconds": ctx.settings.wait_timeout_seconds,
        },
    )


def role(ctx: RunContext) -> Measured:
    """Every start is preceded by an UpdateChannel that sends the whole channel; the role must survive it."""
    found = ctx.aws.channel_role(ctx.channel_id())
    kept = found == ctx.settings.medialive_role_arn
    return Measured(found=[f"RoleArn after the edit: {found or 'none'}"], facts={"role_kept": kept})


def stop(ctx: RunContext) -> Measured:
    """`record stop` with the stream off: the take is saved and the channel stops."""
    s = ctx.session()
    facts = ctx.channel()
    already = facts is None or not facts.state.on_air
    found = []
    asked = ctx.waits.monotonic()
    if s.take is not None:
        found.append(ctx.core.recording.stop_take(session_id=ctx.session_id, actor=ACTOR).message)
    elif not already:
        found.append(ctx.core.control.stop_stream(session_id=ctx.session_id, actor=ACTOR).message)
    if already:
        return Measured(found=[*found, "MediaLive had stopped the channel already"])

    def idle() -> bool:
        now = ctx.channel()
        return now is not None and now.state is ChannelState.IDLE

    if ctx.wait_for(idle, timeout=ctx.settings.wait_timeout_seconds) is None:
        raise StepFailed(f"The channel was not IDLE {ctx.settings.wait_timeout_seconds:.0f} s after the stop.")
    seconds = ctx.since(asked)
    return Measured(
        found=[*found, f"IDLE {seconds} s after the stop"], seconds=seconds, facts={"stop_seconds": seconds}
    )


def delete(ctx: RunContext, still_tagged: Callable[[], list[str]]) -> Measured:
    """`end`: delete the channel, its inputs and the IVS channel, then list what still carries the run id."""
    asked = ctx.waits.monotonic()
    outcome = ctx.core.control.end_session(session_id=ctx.session_id, actor=ACTOR)
    seconds = ctx.since(asked)
    tagged = still_tagged()
    return Measured(
        found=[outcome.message, "tagged with the run id afterwards: " + (", ".join(tagged) or "nothing")],
        seconds=seconds,
        facts={"delete_seconds": seconds, "nothing_left": not tagged},
    )
