"""The steps that look at what the running channel makes: the recording, a take, a switch, the watchdog's metric."""

from __future__ import annotations

import posixpath
from datetime import timedelta

from core.acceptance.clip import CLIP_SECONDS
from core.acceptance.context import ACTOR, Measured, RunContext, StepFailed
from core.domain.session import SourceKind
from core.show.takes import Segment, parse_playlist

TS_SYNC = b"\x47"  # every MPEG-TS packet starts with this byte


def recording(ctx: RunContext) -> Measured:
    """The channel records into live/SESSION/run-<start>/p0/ (named before the start, not by `$dt$`)."""
    prefix = f"{ctx.settings.live_prefix}/{ctx.session_id}/"

    def two_segments() -> list[Segment] | None:
        recorded = ctx.core.recording.cutter.recorded(ctx.session_id)
        return recorded if len(recorded) >= 2 else None

    reached = ctx.wait_for(two_segments, timeout=ctx.check.recording_timeout_seconds)
    keys = set(ctx.aws.object_keys(prefix))
    if reached is None:
        sample = ", ".join(sorted(keys)[:5]) or "nothing"
        raise StepFailed(f"No recording under {prefix} after {ctx.check.recording_timeout_seconds:.0f} s: {sample}.")
    segments, seconds = reached
    folders = sorted({key.removeprefix(prefix).split("/", 1)[0] for key in keys})
    playlists = sorted(k.removeprefix(prefix) for k in keys if k.endswith(".m3u8"))
    listed = [s.key for s in segments]
    in_folder = (
        len(folders) == 1
        and folders[0].startswith("run-")
        and all(k.startswith(f"{prefix}{folders[0]}/p0/") for k in listed)
        and all(k in keys for k in listed)
    )
    where = sorted({posixpath.dirname(k).removeprefix(prefix) for k in listed})
    return Measured(
        found=[
            f"first segments {seconds} s after asking; run folder(s): {', '.join(folders)}",
            f"playlists: {', '.join(playlists)}",
            f"{len(listed)} segments listed, in {', '.join(where)}, each {segments[0].duration:g} s "
            f"(first {posixpath.basename(listed[0])}); `$dt$` is not in the destination",
        ],
        seconds=seconds,
        facts={"recording_in_run_folder": in_folder},
    )


def take(ctx: RunContext) -> Measured:
    """`record`, wait, `record stop`: the take is cut from the buffer; then check that it plays."""
    ctx.core.recording.start_take(session_id=ctx.session_id, actor=ACTOR)
    ctx.waits.sleep(ctx.check.take_seconds)
    outcome = ctx.core.recording.stop_take(session_id=ctx.session_id, actor=ACTOR)
    saved = outcome.session.takes[-1]
    if not saved.location or saved.stopped_at is None:
        raise StepFailed(f"The take was not saved: {outcome.message}")
    asked = (saved.stopped_at - saved.started_at).total_seconds()
    key = saved.location.removeprefix(f"s3://{ctx.objects.bucket}/")
    folder = posixpath.dirname(key)
    text = ctx.objects.read_text(key)
    segments = parse_playlist(text, folder=folder)
    present = set(ctx.objects.keys(f"{folder}/"))
    missing = [s.key for s in segments if s.key not in present]
    first = ctx.objects.head_bytes(segments[0].key, count=1) if segments else None
    length = sum(s.duration for s in segments)
    segment = max((s.duration for s in segments), default=0.0)
    # Whole segments are copied, so each end of the take may be off by up to one segment, and no more.
    edges = bool(segments) and (
        abs((segments[0].start - saved.started_at).total_seconds()) <= segment
        and abs((segments[-1].end - saved.stopped_at).total_seconds()) <= segment
    )
    plays = bool(edges and not missing and "#EXT-X-ENDLIST" in text and first == TS_SYNC)
    return Measured(
        found=[
            outcome.message,
            f"playlist parses: {len(segments)} segments, {length:.1f} s for {asked:.1f} s asked, each end within "
            f"a segment ({segment:g} s): {'yes' if edges else 'no'}; missing segments: {len(missing)}; "
            f"first segment {'starts' if first == TS_SYNC else 'does not start'} like MPEG-TS",
        ],
        facts={"take_plays": plays},
    )


def switch(ctx: RunContext) -> Measured:
    """`switch track 1`: an immediate switch, then the host again when the clip ends (a follow switch)."""
    channel_id = ctx.channel_id()
    ctx.core.switcher.switch(session_id=ctx.session_id, actor=ACTOR, kind=SourceKind.TRACK, number=1)
    listed = ctx.aws.schedule(channel_id)
    found = ["DescribeSchedule: " + "; ".join(f"{a.name} ({a.start} -> {a.switch_to})" for a in listed)]

    def active(name: str) -> bool:
        ctx.core.control.refresh(session_id=ctx.session_id)  # so the bot notes what went on air, as it would
        facts = ctx.channel()  # what MediaLive reports, not what the bot recorded
        return facts is not None and facts.active_input == name

    on = ctx.wait_for(lambda: active("track-1"), timeout=ctx.check.switch_timeout_seconds)
    found.append(f"track-1 active after {on[1]} s" if on else "track-1 never reported active")
    back = ctx.wait_for(lambda: active("host"), timeout=CLIP_SECONDS + ctx.check.switch_timeout_seconds) if on else None
    found.append(f"host active again {back[1]} s later" if back else "the host did not come back")
    return Measured(
        found=found,
        seconds=on[1] if on else None,
        facts={"switched_on_air": on is not None, "returned_to_host": back is not None},
    )


def metrics(ctx: RunContext) -> Measured:
    """The metric the watchdog reads to tell a channel with video from an idle one, as the watchdog reads it."""
    channel_id = ctx.channel_id()
    s = ctx.session()
    since = min((run.start for run in s.channel_runs), default=s.created_at) - timedelta(minutes=5)

    def seen() -> object:
        return ctx.metrics.last_input({channel_id: 1}, start=since, end=ctx.clock()).get(channel_id)

    found = ctx.wait_for(seen, timeout=ctx.check.metrics_timeout_seconds)
    names = ctx.aws.metric_names(channel_id)
    return Measured(
        found=[
            f"InputVideoFrameRate (ChannelId, Pipeline): {'datapoints' if found else 'none'}",
            f"AWS/MediaLive metrics for the channel: {', '.join(names) or 'none'}",
        ],
        facts={"watchdog_metric_seen": found is not None},
    )
