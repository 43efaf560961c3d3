"""Sentences core services tell the crew, kept together so the wording stays true to what AWS does.

MediaLive: "Most channels start in 3 minutes or less, but a startup time up to 10 minutes is still normal."
"""

from __future__ import annotations

STARTS_TAKE = "usually up to 3 minutes, up to 10 is normal"

SET_UP = (
    "Show *{show}* is set up. Point your encoder at the RTMP endpoints (H.264 up to 1080p and 10 Mbps; "
    "only pushes from the studio's allowed addresses are received)."
)
GOING_LIVE = f"Going live: the channel is starting ({STARTS_TAKE}). The stream is live once IVS receives it."
RECORDING_STARTS = (
    f" The channel is starting for a recording only ({STARTS_TAKE}); nothing goes to viewers or platforms. "
    "The take begins with its first recorded second."
)
RESTART_TO_GO_LIVE = (
    "The channel is running for a recording only, so nothing reaches IVS. Going live restarts it: "
    f"off air while it starts again ({STARTS_TAKE}); the take keeps going with a gap for the restart."
)
RESTART_TO_STOP_PLATFORMS = (
    "A take is recording and platform outputs are on: a running channel's outputs cannot be switched off, so "
    "stopping the stream restarts the channel for recording only (IVS and every platform stop; the take keeps "
    f"going with a gap while the channel starts again, {STARTS_TAKE})."
)
STOPPED_FOR_RECORDING = (
    "Stream and platforms stopped. Take {number} keeps recording: the channel restarts for recording only "
    f"({STARTS_TAKE})."
)
APPLY_RESTART = (
    "Applying now restarts the channel: off air while it starts again "
    f"({STARTS_TAKE}); a take keeps going with a gap for the restart."
)
STOPPED_BY_AWS = (
    "MediaLive stopped the channel on its own (it was not stopped from here). Running charges have stopped."
)
