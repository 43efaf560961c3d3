"""The watchdog's policy for inputs (pure): a detached input of ours that no live show uses is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from core.adapters.aws.medialive import InputFacts
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import Session, SessionStatus
from core.watchdog.marks import Op, Reason
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

    def finding(status: ResourceStatus, next_step: str, due_at: datetime | None = None) -> Finding:
        return Finding(
            kind="input",
            resource_id=found.id,
            name=found.id,
            state=found.state,
            owned=True,
            session_id=found.tags.get(SESSION_TAG),
            reason=Reason.UNUSED_INPUT,
            status=status,
            next=next_step,
            since=mark.unused_since if mark else None,
            due_at=due_at,
        )

    if mark is not None and mark.acting is Op.DELETE and policy.dry_run:
        yield finding(ResourceStatus.REPORTED, "")
        return
    if live is not None:
        # A live session may be adding it as a source right now: delete only once it stays unused.
        if mark is None or mark.unused_since is None:
            yield finding(ResourceStatus.WATCHING, "delete", facts.now + policy.grace)
            yield NoteUnused(found, mark)
            return
        if facts.now < mark.unused_since + policy.grace:
            yield finding(ResourceStatus.WATCHING, "delete", mark.unused_since + policy.grace)
            return
    yield finding(ResourceStatus.DUE, "delete")
    yield DeleteInput(found, mark)
