"""Sentences core services tell the crew, kept together so the wording stays true to what AWS does.

MediaLive: "Most channels start in 3 minutes or less, but a startup time up to 10 minutes is still normal."
"""

from __future__ import annotations

STARTS_TAKE = "usually up to 3 minutes, up to 10 is normal"

SET_UP = (
    "*{show}* is set up. Point your encoder at the RTMP endpoints (H.264 up to 1080p and 10 Mbps; "
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

# what the show's services answer ------------------------------------------------------------------
EDIT_NEEDS_IDLE = "The channel can only be changed while it is stopped. Try again when it is idle."
NO_CHANNEL_ANY_MORE = "This show has no MediaLive channel any more. End it and start a new one."
CHANNEL_GONE = "The MediaLive channel no longer exists. End the show and start a new one."
STILL_CHANGING = "The channel is still {state}. Try again in a minute."
ALREADY_RECORDING = "Already recording take {number}."
RECORDING_TAKE = "Recording take {number}.{suffix}"
NOT_RECORDING = "Not recording."
TAKE_EMPTY = "Take {number} stopped, but nothing was recorded (the channel was not running yet)."
TAKE_SAVED = "Take {number} saved: {length} at {location}{played}"
SHOW_ENDED = "This show has ended. Start a new one with `new`."
SETUP_FAILED = "This session failed to set up. Start a new one with `new`."
STILL_SETTING_UP = "The channel is still being set up. Try again in a moment."
NOTHING_TO_APPLY = "The channel already has every change."
CHANGES_APPLIED = "Changes applied to the channel."
NO_SOURCE_TO_REMOVE = "There is no {what} to remove."
SOURCE_ON_AIR = "{name} is on air. Switch to another source first."
SOURCE_REMOVED = "{name} removed."
SOURCE_LEAVING = "{name} will be removed."
TRACK_REF = "Give the track as `s3://bucket/file.mp4` or a file name in the tracks folder."
TOO_MANY_INPUTS = "MediaLive allows {limit} inputs per channel; remove a track first."
NO_TRACK_FILE = "There is no file at s3://{bucket}/{key}. Upload it there first."
NOT_MP4 = "That file is not an MP4. MediaLive plays tracks from MP4 files only."
TRACK_ADDED = "Track {number} ({name}) added."
NO_SHOW_HERE = "No show is set up in this channel. Start one with `new`."
ALREADY_A_SHOW = "This channel already has a show: *{show}*."
SOMEONE_SETTING_UP = "Someone else is setting up a show here right now. Try again in a moment."
ALREADY_ENDED = "This show has already ended."
SHOW_ENDED_SAVED = "Show ended and everything deleted. {takes} take(s) saved."
ALREADY_LIVE = "Already live."
STARTING_FOR_RECORDING = "The channel is starting for a recording. Go live once it is running."
STREAM_ALREADY_OFF = "The stream is already off."
RUNNING_AGAIN = "The channel is running again."
KEEPING = "Keeping the channel running until {until:%H:%M} UTC."
ALREADY_SET_UP = "This show is already set up."
RESUMED = "Finished after an interruption: {message}"
PLATFORM_ADDED = "{name} output {number} added."
NO_PLATFORM = "There is no platform {number}. `platform list` shows them."
PLATFORM_ALREADY = "Platform {number} is already {state}."
PLATFORM_REMOVED = "{name} output {number} removed."
PLATFORM_WILL_BE = "{name} output {number} will be {verb}."
ALREADY_ON_AIR = "{source} is already on air."
SWITCH_NEEDS_RUNNING = "Switching needs a running channel. Go live (or record) first."
NO_NEXT_TRACK = "There is no next track in the tracklist."
WATCH_CHANNEL_GONE = "That channel no longer exists; nothing to do."
WATCH_NOT_OURS = "That channel was not created by this bot, so the bot will not change it."
ALREADY_GOING_LIVE = "Already going live; the channel is starting."
ONE_CALLER = (
    "MediaLive allows two RTMP push inputs per channel: the host and one caller. "
    "Remove the caller first (`caller remove`)."
)
CALLER_OPEN = ":warning: open to anyone who has the URL"
CALLER_FROM = "from {addresses} only"
CALLER_ADDED = "Caller {number} ({name}) can push {limits} to {endpoints} ({where})."
SOURCE_NOT_YET = "{source} joins the channel when it next starts (or `apply` now)."
NO_SUCH_SOURCE = "There is no {source}. See the panel for the sources."
CHANGE_WAITS = (
    "{done} It joins the channel when it next starts (after a stop), or now with `apply` "
    f"(a restart: off air while the channel starts again, {STARTS_TAKE})."
)
CHANGE_APPLIED = "{done} The channel is updated."
ALREADY_STOPPING = "The channel is stopping already."
OWED_STOP = "The channel is stopping; billing stops when it is idle."

# the show's health (core/domain/health.py): one line when a condition is set, one when it clears ---------------
# While nothing arrives MediaLive keeps encoding fill frames (UG "Handling loss of video input": "a running channel
# must always be encoding content"), so IVS may be live with nothing of the show in it.
HEALTH_NOTHING_ARRIVING = (
    ":satellite_antenna: Nothing arrives from {source}'s encoder yet. The channel runs anyway (MediaLive encodes fill "
    "frames until it does): point the encoder at the RTMP endpoints on the panel. This thread says when video arrives."
)
HEALTH_VIDEO_DROPPED = (
    ":warning: {source}'s encoder stopped sending {ago} s ago: MediaLive encodes fill frames meanwhile. Check the "
    "encoder and its network."
)
HEALTH_VIDEO_BACK = ":white_check_mark: Video is arriving from {source}."
HEALTH_LIVE = ":red_circle: The channel is running and the stream is LIVE on IVS."
HEALTH_PLATFORM_FAILING = (
    ":warning: The {name} output can't connect (MediaLive keeps retrying): check its key with `platform list`."
)
HEALTH_PLATFORM_BACK = ":white_check_mark: The {name} output is connected again."
HEALTH_IVS_OUTPUT_FAILING = ":warning: The stream can't connect to IVS (MediaLive keeps retrying)."
HEALTH_IVS_OUTPUT_BACK = ":white_check_mark: The stream is connected to IVS again."
HEALTH_OUTPUT_FAILING = ":warning: {output} can't connect: {message}"
HEALTH_OUTPUT_BACK = ":white_check_mark: The output is connected again."
HEALTH_S3_FAILING = (
    ":warning: MediaLive can't write the recording to S3: the channel's role is missing or lacks access "
    "(`SHELCASTER_MEDIALIVE_ROLE_ARN`; `shelcaster doctor` checks it). Takes cut meanwhile are empty."
)
HEALTH_S3_BACK = ":white_check_mark: MediaLive writes the recording to S3 again."
HEALTH_FAILOVER = ":twisted_rightwards_arrows: MediaLive failed over: {message}"
HEALTH_ALERT = ":warning: MediaLive alert *{kind}*: {message}"
HEALTH_ALERT_CLEARED = ":white_check_mark: MediaLive cleared *{kind}*."
HEALTH_IVS_STARVING = (
    ":warning: IVS receives no data (the stream is starving): viewers' picture stalls. Check the source on air."
)
HEALTH_IVS_HEALTHY = ":white_check_mark: IVS receives the stream again."
