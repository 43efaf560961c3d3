"""Every sentence the crew reads, in one place so the voice stays consistent and reviewable."""

from __future__ import annotations

NOT_CREW = "Sorry, only the show's crew can do that. Ask a producer to add you to the crew."
NOT_ADMIN = "Sorry, only Shelcaster admins can do that."
UNKNOWN = "I don't know `{word}`. Try `{command} help`."
WORKING = "On it: `{what}`…"
NO_SESSION = "No show is set up in this channel. Start one with `{command} new [show name]`."
STALE_PANEL = "That panel belongs to a show that has ended. Use the current panel, or `{command} status`."
FAILED = "{message}"
UNEXPECTED = "Something went wrong (ref `{ref}`). Nothing else was changed; try again, or tell an admin the ref."
THREAD_FAILED = "⚠️ {actor}: `{what}` failed: {message} (ref `{ref}`)"
THREAD_EVENT = "{actor}: {message}"
CONFIRM_END_PROMPT = "End *{show}*? This stops the stream and any recording, saves the take and deletes the channel."
KEEP_USAGE = "Usage: `{command} keep [duration]`, e.g. `keep 2h` or `keep 90m` (at most {max_hours} hours)."
RESTART_PROMPT = "{message}"

HELP_HEADER = "*Shelcaster* runs this channel's show. Commands:"
HELP_FOOTER = (
    "Recording needs the channel running: while you record, MediaLive writes the show to S3 continuously and "
    "each take is cut from it by time. Stopping the stream while recording keeps the take going. "
    "Sources, outputs and encoder settings can only be changed while the channel is stopped."
)

CONFIRM_END_TITLE = "End the show?"
CONFIRM_END_TEXT = "This stops the stream and any recording, saves the take and deletes the channel and its inputs."
CONFIRM_RESTART_TITLE = "Restart the channel?"
CONFIRM_RESTART_TEXT = "The channel restarts to go live (about a minute). The take keeps going but misses that minute."
