"""Where every crew action runs: timed, logged in one line, its panel kept moving, its failures told.

The one place where an action's outcome becomes what the person sees: a question before a restart (worded for
this show), a refusal or failure with the reference that is also in the log, a thread line for AWS failures, and
a plain word when a show could not be set up before it had a thread. At INFO, one line per action: who, what,
which show, what came of it and how long it took; never the text typed after the subcommand, which may be an
address or a file name, and never a secret.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from bot.actions.desk import Desk, Invocation
from bot.slack_ui import confirms, messages, views
from core.errors import AwsFailure, ConcurrentUpdate, NeedsConfirmation, ResourceMissing, ShelcasterError
from core.redact import redact

log = logging.getLogger("bot.actions")

Run = Callable[[Desk, Invocation], object]

_WORTH_A_THREAD_LINE = (AwsFailure, ResourceMissing, ConcurrentUpdate)
_SETS_UP = frozenset({"new", "live", "record"})  # the actions that set a show up when the channel has none


def new_ref() -> str:
    return uuid.uuid4().hex[:8]


def acting(what: str, run: Run) -> Run:
    """`run` as a crew action named `what` (the subcommand or the button, as the crew knows it)."""

    def act(desk: Desk, inv: Invocation) -> None:
        perform(desk, inv, what=what, run=run)

    act.__doc__ = run.__doc__
    act.__name__ = getattr(run, "__name__", what)
    return act


def perform(desk: Desk, inv: Invocation, *, what: str, run: Run) -> None:
    started = time.monotonic()
    desk.begin(inv)
    result = "done"
    try:
        run(desk, inv)
    except NeedsConfirmation as ask:
        result = "asked to confirm"
        _ask(desk, inv, ask)
    except ShelcasterError as error:
        ref = new_ref()
        result = f"refused ({type(error).__name__}) ref={ref}"
        log.warning("action failed ref=%s what=%s user=%s: %s", ref, what, inv.user, redact(str(error)))
        _refused(desk, inv, what=what, error=error, ref=ref)
    except Exception:
        ref = new_ref()
        result = f"failed unexpectedly ref={ref}"
        log.exception("unexpected failure ref=%s what=%s user=%s", ref, what, inv.user)
        inv.say(messages.UNEXPECTED.format(ref=ref))
    finally:
        running = desk.finish(inv)
        outcome = running.outcome if result == "done" else result
        seconds = time.monotonic() - started
        log.info(
            "crew action %s by %s: %s in %.1f s",
            what,
            inv.user,
            outcome,
            seconds,
            extra={
                "user": inv.user,
                "action": what,
                "session": running.session_id,
                "outcome": outcome,
                "seconds": round(seconds, 3),
                "chat_channel": inv.chat_channel,
            },
        )


def _ask(desk: Desk, inv: Invocation, ask: NeedsConfirmation) -> None:
    """The question before a restart, worded for this show as it is now, with a button that confirms it."""
    session = desk.session_for(inv)
    question = confirms.restart_question(session, ask.confirm_as, rates=desk.rates)
    text = f"{question} Use the button or `{inv.command} {ask.confirm_as}`."
    blocks = views.confirm_blocks(
        text,
        label=messages.CONFIRM_LABELS.get(ask.confirm_as, "Confirm"),
        action=ask.confirm_as.replace(" ", "_"),
        session=session,
        confirm=confirms.restart_confirm_for(session, ask.confirm_as, rates=desk.rates),
    )
    inv.say(text, blocks=blocks)


def _refused(desk: Desk, inv: Invocation, *, what: str, error: ShelcasterError, ref: str) -> None:
    told_in_thread = isinstance(error, _WORTH_A_THREAD_LINE) and _thread_failure(
        desk, inv, what=what, message=str(error), ref=ref
    )
    if what in _SETS_UP and not error.retryable and not _has_thread(desk, inv):
        inv.say(messages.SETUP_FAILED_NO_THREAD.format(message=str(error), ref=ref))
        return
    suffix = messages.ALSO_IN_THREAD if told_in_thread else ""
    inv.say(messages.REFUSED.format(message=str(error), ref=ref) + suffix)


def _has_thread(desk: Desk, inv: Invocation) -> bool:
    try:
        return bool(desk.session_for(inv).ui.get("ts"))
    except ShelcasterError:
        return False


def _thread_failure(desk: Desk, inv: Invocation, *, what: str, message: str, ref: str) -> bool:
    """Note an AWS failure in the show's thread; False when the show has no thread to note it in."""
    try:
        session = desk.session_for(inv)
        if not session.ui.get("ts"):
            return False
        desk.publish_failure(
            session, messages.THREAD_FAILED.format(actor=inv.actor, what=what, message=message, ref=ref)
        )
        return True
    except Exception:
        log.warning("could not post the failure of ref=%s to the thread", ref)
        return False
