"""Deleting what no live show uses (pure): at once when its show is over, after the grace period when a live
show may be adding it right now. Shared by the input policy and the leftover policy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from core.watchdog.marks import Op, WatchMark
from core.watchdog.plan import Action, Facts, Finding, Item, Policy, ResourceStatus


def delete_when_due(
    *,
    live: bool,
    mark: WatchMark | None,
    facts: Facts,
    policy: Policy,
    about: Finding,
    note: Action,
    delete: Action,
    blocked: bool = False,
) -> Iterator[Item]:
    """`live`: a live show may still take it, so it is first noted (`note`), then deleted once it stayed unused
    for the grace period. `blocked`: AWS would refuse the delete now; a later sweep does it. `about` is the
    finding to report, whatever its status says: each step sets status, next step and due time."""

    def finding(status: ResourceStatus, next_step: str, due_at: datetime | None) -> Finding:
        since = mark.unused_since if mark else None
        return replace(about, status=status, next=next_step, since=since, due_at=due_at)

    if mark is not None and mark.acting is Op.DELETE and policy.dry_run:
        yield finding(ResourceStatus.REPORTED, "", None)
        return
    if live:
        if mark is None or mark.unused_since is None:
            yield finding(ResourceStatus.WATCHING, "delete", facts.now + policy.grace)
            yield note
            return
        if facts.now < mark.unused_since + policy.grace:
            yield finding(ResourceStatus.WATCHING, "delete", mark.unused_since + policy.grace)
            return
    if blocked:
        yield finding(ResourceStatus.WAITING, "delete", None)
        return
    yield finding(ResourceStatus.DUE, "delete", None)
    yield delete
