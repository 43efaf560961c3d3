"""Every sentence the crew reads, in one place so the voice stays consistent and reviewable."""

from __future__ import annotations

NOT_CREW = "Sorry, only the show's crew can do that. Ask a producer to add you to the crew."
NOT_ADMIN = "Sorry, only Shelcaster admins can do that."
UNKNOWN = "I don't know `{word}`. Try `{command} help`."
WORKING = "On it: `{what}`…"
BUSY = "I'm busy with other requests: try again in a moment."
NO_SESSION = "No show is set up in this channel. Start one with `{command} new [show name]`."
OTHER_CHANNEL = "That show belongs to another channel. Use this channel's panel, or `{command} status`."
STALE_PANEL = "That panel belongs to a show that has ended. Use the current panel, or `{command} status`."
UNEXPECTED = "Something went wrong (ref `{ref}`). Nothing else was changed; try again, or tell an admin the ref."
THREAD_FAILED = "⚠️ {actor}: `{what}` failed: {message} (ref `{ref}`)"
THREAD_EVENT = "{actor}: {message}"
CONFIRM_END_PROMPT = "End *{show}*? This stops the stream and any recording, saves the take and deletes the channel."
KEEP_USAGE = "Usage: `{command} keep [duration]`, e.g. `keep 2h` or `keep 90m` (at most {max_hours} hours)."

HELP_HEADER = "*Shelcaster* runs this channel's show. Commands:"
HELP_FOOTER = (
    "Recording needs the channel running: while you record, MediaLive writes the show to S3 continuously and "
    "each take is cut from it by time; a recording-only run sends nothing to viewers or platforms. Stopping the "
    "stream while recording keeps the take going (with platforms on, that needs a restart). Channel starts take "
    "minutes: usually up to 3, up to 10 is normal. "
    "Callers, tracks and platforms join or leave the channel only while it is stopped: a change made live "
    "waits until the channel next starts, or `apply` restarts it now. Switching sources works live. Audio: every "
    "source is normalized to one program loudness; MediaLive has no per-source gain to set instead."
)

CONFIRM_END_TITLE = "End the show?"
CONFIRM_END_TEXT = "This stops the stream and any recording, saves the take and deletes the channel and its inputs."
CONFIRM_LABELS = {
    "live restart": "Restart and go live",
    "apply restart": "Restart and apply",
    "live stop restart": "Restart for recording only",
}
CONFIRM_RESTART_TITLE = "Restart the channel?"
CONFIRM_RESTART_TEXT = (
    "The channel stops and starts again: off air while it starts (usually up to 3 minutes, up to 10 is normal). "
    "A take keeps going with a gap for the restart."
)

# watchdog, cost alerts and the daily summary ------------------------------------------------------------
WATCH_REASONS = {
    "orphan": "it is running but no live show owns it",
    "no_input": "no video has reached it for {idle} minutes",
    "too_long": "it has run longer than the {max_hours}-hour show limit",
    "leftover": "it is a stopped channel of a show that has ended",
    "unused_input": "no channel or live show uses it",
    "unrecorded": "no live show records it",
    "unmanaged": "it was not created by this bot",
}
WATCH_THEN = {"stop": "stopped", "delete": "stopped and deleted"}
WATCH_SHOW_CHANNEL = "the MediaLive channel of *{show}*"
WATCH_CHANNEL = "MediaLive channel *{name}* (`{id}`)"
WATCH_KINDS = {
    "input": "MediaLive input",
    "ivs_channel": "IVS channel",
    "security_group": "MediaLive input security group",
    "parameter": "stored platform key",
}
WATCH_RESOURCE = "{kind} `{name}`"
WATCH_SHOW_RESOURCE = "{kind} `{name}` of *{show}*"
WATCH_WARNING = (
    ":warning: *Watchdog warning* for {subject}: {reason}. It has cost *${cost:.2f}* so far (${hourly:.2f}/h now). "
    "It will be *{then}* at {due:%H:%M} UTC, {left} from now, unless someone keeps it."
)
WATCH_WARNED = ":warning: *Watchdog* warned about {subject}: {reason}."
WATCH_DRY_RUN = "_Dry run: the watchdog only reports; it will not change anything itself._"
WATCH_KEEP_BUTTON = "Keep running {hours}"
WATCH_STOP_BUTTON = "Stop now"
WATCH_DELETE_BUTTON = "Stop & delete"
WATCH_DELETE_CONFIRM_TITLE = "Stop and delete?"
WATCH_DELETE_CONFIRM_TEXT = (
    "If a live show owns the channel, this ends the show (the take is saved). Otherwise the channel is stopped "
    "and deleted with its inputs."
)
WATCH_STOPPED = ":black_square_for_stop: *Watchdog* stopped {subject}: {reason}. Cost so far: ${cost:.2f}."
WATCH_WOULD_STOP = ":information_source: *Watchdog (dry run)* would stop {subject} now: {reason}."
WATCH_DELETED = ":wastebasket: *Watchdog* deleted {subject} and its inputs: {reason}."
WATCH_WOULD_DELETE = ":information_source: *Watchdog (dry run)* would delete {subject} now: {reason}."
WATCH_INPUT_DELETED = ":wastebasket: *Watchdog* deleted MediaLive input `{name}`: {reason}."
WATCH_WOULD_DELETE_INPUT = ":information_source: *Watchdog (dry run)* would delete MediaLive input `{name}`: {reason}."
WATCH_RESOURCE_DELETED = ":wastebasket: *Watchdog* deleted {subject}: {reason}."
WATCH_UNMANAGED = (
    ":eyes: {subject} is running and was not created by this bot, so the watchdog leaves it alone. "
    "It costs about ${hourly:.2f}/h while it runs."
)
WATCH_RESOLVED = {
    "input_back": ":white_check_mark: Video is reaching {subject} again: the watchdog's warning is withdrawn.",
    "stopped": ":white_check_mark: {subject} has stopped: the watchdog's warning is withdrawn.",
    "owned_again": ":white_check_mark: A live show owns {subject} again: the watchdog's warning is withdrawn.",
}
WATCH_FAILED = ":warning: The watchdog could not {what} {subject}: {error} It tries again at the next sweep."
WATCH_BY_HAND_KEPT = "{actor} kept {subject} running until {until:%H:%M} UTC."
WATCH_BY_HAND_STOPPED = "{actor} stopped {subject} from the watchdog's warning."
WATCH_BY_HAND_DELETED = "{actor} stopped and deleted {subject} from the watchdog's warning."
WATCH_SETTLED = "~Watchdog warning about {subject}~ *Settled:* {outcome}."
WATCH_OUTCOMES = {
    "kept": "kept running until {until:%H:%M} UTC by {actor}",
    "stopped": "stopped by {actor}",
    "deleted": "stopped and deleted by {actor}",
    "input_back": "video is back",
    "owned_again": "a live show owns it again",
    "failed": "the watchdog could not act; see below",
}
WATCH_BY_WATCHDOG = "the watchdog"
WATCH_UNAVAILABLE = "The watchdog's buttons are not available in this deployment."

COST_ALERT = ":moneybag: *{show}* has cost *${cost:.2f}* so far (past ${threshold:g}); ${hourly:.2f}/h now."
SUMMARY_HEADER = "*MediaLive spend, {start:%b %d %H:%M} to {end:%b %d %H:%M} UTC:* ${total:.2f}"
SUMMARY_LINE = "• *{show}* (<#{chat}>): {minutes} min, ${cost:.2f}{running}"
SUMMARY_RUNNING = ", running now"
SUMMARY_NONE = "No channel of this bot ran in that time."
SUMMARY_OTHERS = (
    "Not created by this bot: {count} channel(s) running now, about ${hourly:.2f}/h (their spend is not tracked)."
)

TRACK_USAGE = "Usage: `{command} track add &lt;s3://bucket/file.mp4 | file name in the tracks folder&gt; [title]`"
SWITCH_USAGE = "Usage: `{command} switch host`, `switch caller &lt;n&gt;` or `switch track &lt;n&gt;`."
NO_TRACKS = "No tracks yet. Add one with `{command} track add &lt;s3 url or file name&gt; [title]`."
NO_PLATFORMS = "No platforms yet. Add YouTube, Facebook, Twitch or any RTMP(S) server with `{command} platform add`."


def shown(text: str) -> str:
    """Usage text as Slack must receive it: `<` and `>` escaped, or mrkdwn reads them as a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
