"""From measured facts to a verdict per product behaviour (pure), with what the bot does when the answer is no.

The keys are stable: `core.acceptance.findings` reads them back for the bot and `doctor`.
"""

from __future__ import annotations

from core.acceptance.report import Answer, Facts, Verdict

STARTS_IN_TIME = "starts_in_time"
IVS_GOES_LIVE = "ivs_goes_live"
EDIT_KEEPS_ROLE = "edit_keeps_role"
RECORDING_IN_RUN_FOLDER = "recording_in_run_folder"
TAKES_PLAY = "takes_play"
SWITCH_AND_RETURN = "switch_and_return"
WATCHDOG_SEES_INPUT = "watchdog_sees_input"
STREAM_OFF_KEEPS_RECORDING = "stream_off_keeps_recording"
REVOKED_OUTPUT_KEEPS_CHANNEL = "revoked_output_keeps_channel"
NOTHING_LEFT = "nothing_left"


def _answer(value: bool | None) -> Answer:
    return Answer.UNKNOWN if value is None else Answer.YES if value else Answer.NO


def _secs(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f} s"


def _starts(f: Facts) -> Verdict:
    ok = (
        None if f.start_seconds is None or f.wait_timeout_seconds is None else f.start_seconds <= f.wait_timeout_seconds
    )
    return Verdict(
        key=STARTS_IN_TIME,
        behaviour="a channel start finishes within the bot's wait",
        answer=_answer(ok),
        evidence=f"RUNNING {_secs(f.start_seconds)} after StartChannel; the bot waits {_secs(f.wait_timeout_seconds)}",
        instead="`live` stops waiting and the panel keeps following the start: set SHELCASTER_WAIT_TIMEOUT_SECONDS "
        "above the time measured here",
    )


def _ivs(f: Facts) -> Verdict:
    ok = None if f.start_seconds is None else f.live_seconds is not None
    return Verdict(
        key=IVS_GOES_LIVE,
        behaviour="IVS goes live from MediaLive's RTMP output",
        answer=_answer(ok),
        evidence=f"IVS LIVE {_secs(f.live_seconds)} after RUNNING" if f.live_seconds is not None else "never LIVE",
        instead="the panel stays at 'starting…' and viewers see nothing: check the IVS channel type and the "
        "account's IVS quotas",
    )


def _role(f: Facts) -> Verdict:
    return Verdict(
        key=EDIT_KEEPS_ROLE,
        behaviour="the edit before every start keeps MediaLive's role",
        answer=_answer(f.role_kept),
        evidence="DescribeChannel after the edit: RoleArn " + ("kept" if f.role_kept else "missing"),
        instead="the channel cannot write the recording to S3: takes come out empty",
    )


def _recording(f: Facts) -> Verdict:
    return Verdict(
        key=RECORDING_IN_RUN_FOLDER,
        behaviour="the recording lands in the run's own folder (live/SESSION/run-…/p0/)",
        answer=_answer(f.recording_in_run_folder),
        evidence="playlist and segments listed there" if f.recording_in_run_folder else "not found there",
        instead="takes come out empty ('nothing was recorded'): check that the MediaLive role may write the bucket",
    )


def _takes(f: Facts) -> Verdict:
    return Verdict(
        key=TAKES_PLAY,
        behaviour="a take cut from the buffer plays (its playlist parses, its segments exist, its length is right)",
        answer=_answer(f.take_plays),
        evidence="checked the take's playlist and every segment it lists",
        instead="saved takes may not play: keep the live buffer (live/) until the takes are checked by hand",
    )


def _switch(f: Facts) -> Verdict:
    both = None if f.switched_on_air is None else bool(f.switched_on_air and f.returned_to_host)
    evidence = f"on air: {'yes' if f.switched_on_air else 'no'}; host back after the track: " + (
        "yes" if f.returned_to_host else "no" if f.returned_to_host is False else "?"
    )
    return Verdict(
        key=SWITCH_AND_RETURN,
        behaviour="an immediate switch goes on air, and the host comes back after a track",
        answer=_answer(both),
        evidence=evidence,
        instead="the panel shows the source MediaLive reports as active, so the crew sees what is really on air; "
        "switch back with `switch host`",
    )


def _metrics(f: Facts) -> Verdict:
    return Verdict(
        key=WATCHDOG_SEES_INPUT,
        behaviour="the watchdog sees video arrive (AWS/MediaLive InputVideoFrameRate by ChannelId and Pipeline)",
        answer=_answer(f.watchdog_metric_seen),
        evidence="datapoints found" if f.watchdog_metric_seen else "no datapoints",
        instead="the watchdog counts every running channel as idle: it warns after the idle limit and stops the "
        "channel after the grace unless the crew keeps it",
    )


def _stream_off(f: Facts) -> Verdict:
    ok: bool | None = None
    if f.recording_grew_for is not None and f.retry_budget_seconds is not None:
        # The newest segment is written up to a segment (and one look) after its content: allow two segments.
        lag = 2 * (f.segment_seconds or 0.0)
        wanted = min(f.retry_budget_seconds, f.watched_seconds or f.retry_budget_seconds)
        ok = f.recording_grew_for >= max(0.5 * wanted, min(0.9 * wanted, wanted - lag))
    return Verdict(
        key=STREAM_OFF_KEEPS_RECORDING,
        behaviour="recording survives stream off (IVS key revoked) while the output retries",
        answer=_answer(ok),
        evidence=f"IVS offline: {'yes' if f.ivs_offline else 'no'}; RTMP alerts: "
        f"{', '.join(f.rtmp_alerts) or 'none'}; recording grew {_secs(f.recording_grew_for)} after the revoke "
        f"(retry budget {_secs(f.retry_budget_seconds)})",
        instead="`live stop` during a take ends the take too: when MediaLive stops the channel, the bot saves the "
        "take and says so in the thread",
    )


def _expiry(f: Facts) -> Verdict:
    kept = f.channel_kept_running
    if kept is False:
        evidence = f"MediaLive stopped the channel {_secs(f.stopped_by_aws_after)} after the revoke"
        if f.take_saved_after_aws_stop is not None:
            evidence += "; the bot saved the take" if f.take_saved_after_aws_stop else "; the take was NOT saved"
    else:
        evidence = f"channel RUNNING for the {_secs(f.watched_seconds)} watched (twice the retry budget)"
    return Verdict(
        key=REVOKED_OUTPUT_KEEPS_CHANNEL,
        behaviour="the channel keeps running when a revoked output's retries expire",
        answer=_answer(kept),
        evidence=evidence if kept is not None else "not watched",
        instead="a take whose stream was stopped ends when the IVS output gives up (after "
        "SHELCASTER_RTMP_RETRY_HOURS): the bot then saves the take and says so in the thread",
    )


def _left(f: Facts) -> Verdict:
    stopped = f"stop -> IDLE {_secs(f.stop_seconds)}" if f.stop_seconds is not None else "stopped by MediaLive"
    after = {True: "nothing tagged with the run id after", False: "still tagged after (see the delete step)"}
    listed = "not listed" if f.nothing_left is None else after[f.nothing_left]
    return Verdict(
        key=NOTHING_LEFT,
        behaviour="stop and delete leave nothing behind",
        answer=_answer(f.nothing_left),
        evidence=f"{stopped}, delete {_secs(f.delete_seconds)}, " + listed,
        instead="`end` leaves resources behind: the watchdog finds them by their tags; see the leftovers listed",
    )


def verdicts(facts: Facts) -> list[Verdict]:
    return [
        build(facts)
        for build in (
            _starts,
            _ivs,
            _role,
            _recording,
            _takes,
            _switch,
            _metrics,
            _stream_off,
            _expiry,
            _left,
        )
    ]
