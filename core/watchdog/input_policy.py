"""The watchdog's policy for inputs (pure): a detached input of ours that no live show uses is deleted."""

from __future__ import annotations

from collections.abc import Iterator

from core.adapters.aws.medialive import InputFacts
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import Session, SessionStatus
from core.watchdog.grace import delete_when_due
from core.watchdog.marks import Reason
from core.watchdog.plan import DeleteInput, Facts, Finding, Forget, Item, NoteUnused, Policy, ResourceStatus


def session_inputs(session: Session) -> set[str]:
    """Every input the session uses: its host input and its sources."""
    return {i for i in (session.resources.input_id, *(s.input_id for s in session.sources)) if i}


def input_items(found: InputFacts, facts: Facts, policy: Policy) -> Iterator[Item]:
    if not policy.owns(found.tags) or found.attached_channels or found.state != "DETACHED":
        return
    session = facts.sessions.get(found.tags.get(SESSION_TAG, ""))
    mark = facts.mark("input", found.id, policy)
    live = session if session is not None and session.status.active else None
    if live is not None and (live.status is SessionStatus.CREATING or found.id in session_inputs(live)):
        if mark is not None and mark.unused_since:
            yield Forget(mark)
        return

    about = Finding(
        kind="input",
        resource_id=found.id,
        name=found.id,
        state=found.state,
        owned=True,
        session_id=found.tags.get(SESSION_TAG),
        reason=Reason.UNUSED_INPUT,
        status=ResourceStatus.DUE,
        next="delete",
    )
    yield from delete_when_due(
        live=live is not None,
        mark=mark,
        facts=facts,
        policy=policy,
        about=about,
        note=NoteUnused(found, mark),
        delete=DeleteInput(found, mark),
    )
