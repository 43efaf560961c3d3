"""`live stop` during a take: the IVS key is revoked and the channel keeps running for the take. Watch what AWS does.

MediaLive UG, RTMP connection fields: when a failing RTMP output's retries expire "this output stops. The channel
stops because the single output has lost its connection" -- whether a channel with other outputs (the
recording) stops too is not documented. The check watches for twice the retry budget: IVS going offline, the
RTMP output failing (its alerts), the channel running, the recording growing, and what the bot does if
MediaLive stops the channel (its refresh saves the take).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.acceptance.context import ACTOR, Measured, RunContext, StepFailed
from core.acceptance.settings import retry_budget_seconds
from core.domain.session import ChannelState


@dataclass
class _Watch:
    offline_after: float | None = None
    stopped_after: float | None = None
    grew_for: float = 0.0


def revoke(ctx: RunContext) -> Measured:
    started = ctx.core.recording.start_take(session_id=ctx.session_id, actor=ACTOR)
    take_number = started.session.take.number if started.session.take else 0
    revoked = ctx.clock()
    asked = ctx.waits.monotonic()
    said = ctx.core.control.stop_stream(session_id=ctx.session_id, actor=ACTOR).message
    if ctx.session().take is None:
        raise StepFailed(f"`live stop` ended the take: {said}")
    budget = retry_budget_seconds(ctx.settings)
    watch_for = 2 * budget + 2 * ctx.settings.poll_seconds  # at least twice the retry budget
    seen = _Watch()
    while (elapsed := ctx.since(asked)) < watch_for:
        s = ctx.core.control.refresh(session_id=ctx.session_id)  # the product's reaction to what AWS did
        if seen.offline_after is None and not ctx.ivs_live():
            seen.offline_after = elapsed
        state = ctx.channel()
        if seen.stopped_after is None and (state is None or not state.state.on_air):
            seen.stopped_after = elapsed
        recorded = ctx.core.recording.cutter.recorded(ctx.session_id)
        if recorded:
            seen.grew_for = max(seen.grew_for, (max(r.end for r in recorded) - revoked).total_seconds())
        if seen.stopped_after is not None and s.take is None and s.channel_state is ChannelState.IDLE:
            break  # MediaLive stopped it and the bot has saved the take: nothing more to see
        ctx.waits.sleep(ctx.settings.poll_seconds)
    watched = ctx.since(asked)
    alerts = sorted({a.type for a in ctx.aws.alerts(ctx.channel_id()) if a.set_at and a.set_at >= revoked})
    after = ctx.session()
    saved = None
    if seen.stopped_after is not None:
        saved = any(t.number == take_number and t.location for t in after.takes)
    found = [
        said,
        f"IVS offline {seen.offline_after} s after the revoke" if seen.offline_after is not None else "IVS stayed LIVE",
        f"alerts set after the revoke: {', '.join(alerts) or 'none'}",
        (
            f"MediaLive stopped the channel {seen.stopped_after} s after the revoke (retry budget {budget:.0f} s)"
            if seen.stopped_after is not None
            else f"the channel kept RUNNING for the {watched} s watched (retry budget {budget:.0f} s)"
        ),
        f"the recording grew for {seen.grew_for:.1f} s after the revoke",
    ]
    if saved is not None:
        found.append(f"take {take_number} {'saved by the bot' if saved else 'NOT saved'} when MediaLive stopped")
    return Measured(
        found=found,
        seconds=seen.offline_after,
        facts={
            "retry_budget_seconds": budget,
            "watched_seconds": watched,
            "ivs_offline": seen.offline_after is not None,
            "rtmp_alerts": alerts,
            "channel_kept_running": seen.stopped_after is None,
            "stopped_by_aws_after": seen.stopped_after,
            "recording_grew_for": round(seen.grew_for, 1),
            "segment_seconds": float(ctx.settings.segment_seconds),
            "take_saved_after_aws_stop": saved,
        },
    )
