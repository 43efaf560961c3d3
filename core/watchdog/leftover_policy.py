"""The watchdog's policy for what a show makes besides its channel and inputs (pure): IVS channels, callers'
input security groups and stored platform keys.

One of ours that no live show records is a leftover, usually of a crash between its create and the write that
records it. A live session may be making it right now, so it is deleted only once it has stayed unrecorded
for the grace period; one of an ended, failed or unknown session is deleted at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from core.adapters.aws.ivs import IvsChannelSummary
from core.adapters.aws.medialive import InputSecurityGroupFacts
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import Session
from core.watchdog.grace import delete_when_due
from core.watchdog.marks import Reason
from core.watchdog.plan import (
    DeleteLeftover,
    Facts,
    Finding,
    Forget,
    Item,
    Leftover,
    NoteLeftover,
    Policy,
    ResourceStatus,
)

_KEY_NAME = re.compile(r"(?P<session>[^/]+)/platform-\d+")


def key_path(deployment: str) -> str:
    """Where this deployment stores platform keys (`ChannelPlanner.key_parameter`); the deploy template
    grants the bot's SSM writes only below it."""
    return f"/shelcaster/{deployment}"


def key_session(name: str, deployment: str) -> str | None:
    """The session a stored key was written for, when the name is one this deployment writes:
    `/shelcaster/<deployment>/<session>/platform-<n>`.

    The name is the proof of ownership, not a tag: a key is stored with PutParameter and Overwrite, which
    cannot take Tags ("tags and overwrite can't be used together", ValidationException), so a tag would need a
    second call, and a crash between the two would leave an untagged key no sweep could ever find."""
    prefix = key_path(deployment) + "/"
    found = _KEY_NAME.fullmatch(name[len(prefix) :]) if name.startswith(prefix) else None
    return found["session"] if found else None


def _tagged_session(tags: Mapping[str, str], policy: Policy) -> str | None:
    """Ours and made for a show. Something with only the owner tag is shared by every show (the deploy
    template's input security group) and is never a leftover."""
    return (tags.get(SESSION_TAG) or None) if policy.owns(tags) else None


def owned_leftovers(
    *,
    ivs_channels: Iterable[IvsChannelSummary],
    security_groups: Iterable[InputSecurityGroupFacts],
    parameters: Iterable[str],
    policy: Policy,
) -> list[Leftover]:
    """What of the listed resources is this deployment's own and was made for a session; the rest is never touched."""
    found: list[Leftover] = []
    for channel in ivs_channels:
        if session_id := _tagged_session(channel.tags, policy):
            found.append(Leftover("ivs_channel", channel.arn, channel.name, session_id))
    for group in security_groups:
        if (session_id := _tagged_session(group.tags, policy)) and group.id not in policy.shared:
            found.append(Leftover("security_group", group.id, group.id, session_id, group.state, group.inputs))
    for name in parameters:
        if session_id := key_session(name, policy.deployment):
            found.append(Leftover("parameter", name, name, session_id))
    return found


def recorded(session: Session, found: Leftover) -> bool:
    """The session records the resource as its own, so its own end deletes it."""
    match found.kind:
        case "ivs_channel":
            return session.resources.ivs_channel_arn == found.id
        case "security_group":
            return any(s.security_group_id == found.id for s in session.sources)
        case "parameter":
            return any(p.key_parameter == found.id for p in session.platforms)


def leftover_items(found: Leftover, facts: Facts, policy: Policy) -> Iterator[Item]:
    session = facts.sessions.get(found.session_id)
    mark = facts.mark(found.kind, found.id, policy)
    live = session if session is not None and session.status.active else None
    if live is not None and recorded(live, found):
        if mark is not None and mark.unused_since:
            yield Forget(mark)
        return

    about = Finding(
        kind=found.kind,
        resource_id=found.id,
        name=found.name,
        state=found.state,
        owned=True,
        session_id=found.session_id,
        reason=Reason.UNRECORDED,
        status=ResourceStatus.DUE,
        next="delete",
    )
    yield from delete_when_due(
        live=live is not None,
        mark=mark,
        facts=facts,
        policy=policy,
        about=about,
        note=NoteLeftover(found, mark),
        delete=DeleteLeftover(found, mark),
        blocked=bool(found.used_by),  # MediaLive refuses to delete a group an input uses
    )


def leftover_decisions(facts: Facts, policy: Policy) -> Iterator[Item]:
    owned = owned_leftovers(
        ivs_channels=facts.ivs_channels,
        security_groups=facts.security_groups,
        parameters=facts.parameters,
        policy=policy,
    )
    for found in owned:
        yield from leftover_items(found, facts, policy)
