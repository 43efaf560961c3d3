"""Every sentence the crew reads, in one place so the voice stays consistent and reviewable."""

from __future__ import annotations

NOT_CREW = "Sorry, only the show's crew can do that. Ask a producer to add you to the crew."
NOT_ADMIN = "Sorry, only Shelcaster admins can do that."
UNKNOWN = "I don't know `{word}`. Try `{command} help`."
WORKING = "On it: `{what}`…"
BUSY = "I'm busy with other requests: try again in a moment."
NO_SESSION = "No show is set up in this channel. The crew starts one with `{command} new [show name]`."
OTHER_CHANNEL = "That show belongs to another channel. Use this channel's panel, or `{command} status`."
STALE_PANEL = "That panel belongs to a show that has ended. Use the current panel, or `{command} status`."
UNEXPECTED = "Something went wrong (ref `{ref}`). Nothing else was changed; try again, or tell an admin the ref."
THREAD_FAILED = "⚠️ {actor}: `{what}` failed: {message} (ref `{ref}`)"
REFUSED = "{message} _(ref `{ref}`)_"
ALSO_IN_THREAD = " It is noted in the show's thread too."
SETUP_FAILED_NO_THREAD = (
    "The show could not be set up: {message} What it had created is removed. Nothing was posted in the channel "
    "(the show has no panel or thread yet), so only you see this. (ref `{ref}`)"
)
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

# the panel's clocks and progress lines (bot/slack_ui/progress.py) ------------------------------------------
# MediaLive user guide: "Most channels start in 3 minutes or less, but a startup time up to 10 minutes is still
# normal." It gives no figure for a stop, so none is promised.
PROGRESS_STARTING = (
    ":hourglass_flowing_sand: The channel has been starting for {elapsed}: most MediaLive channels start within "
    "3 minutes, and up to 10 is normal."
)
PROGRESS_WAITING_FOR_IVS = (
    ":hourglass_flowing_sand: The channel is running ({elapsed}); the stream shows LIVE once IVS receives it."
)
PROGRESS_STOPPING = (
    ":hourglass_flowing_sand: The channel has been stopping for {elapsed}; running charges end once MediaLive "
    "reports it idle."
)
PROGRESS_ENDING = (
    ":hourglass_flowing_sand: {actor} is ending the show ({elapsed} so far): saving any take, then stopping and "
    "deleting the channel and its inputs."
)
PROGRESS_ENDING_STALLED = ":hourglass_flowing_sand: The show is ending; the bot finishes what is left in a moment."
PROGRESS_BUSY = ":hourglass_flowing_sand: {actor} is running `{action}` ({elapsed} so far)…"
COST_MINIMUM = (
    ":information_source: MediaLive bills each start at least {minutes} minutes, so this start's minimum is "
    "counted already: the figure holds for the next {left}.{starts}"
)
COST_STARTS = " {starts} starts so far, each billed at least {minutes} minutes."
CHANGES_WAIT_LIVE = (
    ":hourglass: Some changes wait for the channel's next start (MediaLive adds inputs and outputs only while it "
    "is stopped), or `apply` restarts it now: off air while it starts again."
)
CHANGES_WAIT_IDLE = (
    ":hourglass: Some changes are not in the channel yet: they are applied when it next starts, or now with "
    "`apply` (the channel is stopped, so nothing restarts)."
)
STOPPED_WITH_CHANGES = " The waiting changes join at its next start, or now with `apply` (no restart needed)."
KEPT_UNTIL = "Kept running until {until:%H:%M} UTC"
TAKES_HEADER = "*Takes*"
TAKE_LINE = "Take {number}: {length} at `{location}`{played}"
TAKE_NOTHING = "Take {number}: nothing was recorded"
TAKE_PLAYED = " · on air: {sources}"

ENCODER_RECEIVING = ":large_green_circle: {source}: receiving{rate}"
ENCODER_RATE = " ({rate:.3g} fps)"
ENCODER_NOTHING = ":red_circle: {source}: nothing arriving"
ENCODER_UNKNOWN = ":white_circle: {source}: waiting for MediaLive's first report"

CONFIRM_END_TITLE = "End the show?"
CONFIRM_END_TEXT = "This stops the stream and any recording, saves the take and deletes the channel and its inputs."
CONFIRM_LABELS = {
    "live restart": "Restart and go live",
    "apply restart": "Restart and apply",
    "live stop restart": "Restart for recording only",
}
CONFIRM_RESTART_TITLE = "Restart the channel?"
# what one restart does to this show (bot/slack_ui/confirms.py); at most 300 characters together
RESTART_FOR_LIVE = "The channel stops and starts again with the IVS output."
RESTART_FOR_RECORDING_ONLY = "IVS and every platform stop now; the channel starts again for recording only."
RESTART_TO_APPLY = "The channel stops and starts again to apply: {changes}."
RESTART_VIEWERS_AFTER = "Viewers get the stream once it runs (most starts take up to 3 min; up to 10 is normal)."
RESTART_OFF_AIR = "{what} off air until it runs again (most starts take up to 3 min; up to 10 is normal)."
RESTART_NOBODY_WATCHING = "Nothing reaches viewers now, so nobody watching notices."
RESTART_TAKE = "Take {number} keeps recording, with a gap for the restart."
RESTART_COST = "The new start bills at least {minutes} min (about ${cost:.2f})."
CONFIRM_RESTART_TEXT = (
    "The channel stops and starts again: off air while it starts (usually up to 3 minutes, up to 10 is normal). "
    "A take keeps going with a gap for the restart."
)

# watchdog, cost alerts and the daily summary ------------------------------------------------------------
WATCH_REASONS = {
    "orphan": "it is running but no live show owns it",
    "no_input": "no video has reached it for {idle} minutes",
    "input_lost": "no video has reached it for {input_loss} minutes (MediaLive reports its input lost)",
    "too_long": "it has run longer than the {max_hours}-hour show limit",
    "no_viewers": "it has streamed to nobody (0 viewers on IVS) for {no_viewers} minutes",
    "past_plan": "it has run past the show's planned length with nobody watching (0 viewers on IVS)",
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
    "viewers_back": ":white_check_mark: {subject} no longer streams to nobody: the watchdog's warning is withdrawn.",
}
WATCH_FAILED = ":warning: The watchdog could not {what} {subject}: {error} It tries again at the next sweep."
WATCH_BY_HAND_KEPT = "{actor} kept {subject} running until {until:%H:%M} UTC."
WATCH_BY_HAND_STOPPED = "{actor} stopped {subject}."
WATCH_BY_HAND_DELETED = "{actor} stopped and deleted {subject}."
WATCH_SETTLED = "~Watchdog warning about {subject}~ *Settled:* {outcome}."
WATCH_OUTCOMES = {
    "kept": "kept running until {until:%H:%M} UTC by {actor}",
    "stopped": "stopped by {actor}",
    "deleted": "stopped and deleted by {actor}",
    "input_back": "video is back",
    "owned_again": "a live show owns it again",
    "viewers_back": "it no longer streams to nobody",
    "failed": "the watchdog could not act; see below",
}
WATCH_BY_WATCHDOG = "the watchdog"
WATCH_UNAVAILABLE = "The watchdog's buttons are not available in this deployment."

# the operator's overview: `channels` and the Home tab (bot/slack_ui/fleet_views.py) ----------------------------
FLEET_SUMMARY = (
    "*Channels:* {ours} of this bot ({running} running), {others} not created by it ({others_running} running). "
    "*MediaLive spend of this bot's shows today* (since {since:%H:%M} UTC): ${spent:.2f}"
)
FLEET_SHOW = "*{show}* in <#{chat}>"
FLEET_NO_SHOW = "*{name}* (this bot's, no show records it)"
FLEET_NOT_OURS = "*{name}* (not created by this bot: reported only)"
FLEET_HOURLY_GUESS = " at the default show's rates"
FLEET_WARNED = ":warning: the watchdog has warned about it"
FLEET_EMPTY = "No MediaLive channels in this account and region."
FLEET_MORE = "…and {count} more channel(s)."
FLEET_STOP_TITLE = "Stop the channel?"
FLEET_STOP_CONFIRM = (
    "Stops *{subject}*: any take is saved and the stream ends. Running charges end once MediaLive reports it idle."
)
FLEET_DONE = "{actor} {what} channel `{channel}`. Its show's thread says so too."
HOME_TITLE = "Shelcaster: every channel"
HOME_UPDATED = "As of {at:%H:%M:%S} UTC; refreshed every minute while the bot runs, and each time you open this tab."
HOME_UNAVAILABLE = "The channels could not be read just now; this tab is drawn again within a minute."
HOME_NOT_ADMIN = (
    "The overview of every channel is for Shelcaster admins (`SHELCASTER_ADMIN_USERS`). For a show, use "
    "`/shelcaster status` in its channel."
)

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
NO_TRACKS = "No tracks yet. The crew adds MP4 files with `{command} track add &lt;s3 url or file name&gt; [title]`."
NO_PLATFORMS = (
    "No platforms yet. The crew can send the show to YouTube, Facebook, Twitch or any RTMP(S) server "
    "with `{command} platform add`."
)


def shown(text: str) -> str:
    """Usage text as Slack must receive it: `<` and `>` escaped, or mrkdwn reads them as a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
