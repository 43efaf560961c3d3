"""Find and remove what a check run made, by its run id: its own run's at the end, a killed run's at the next start.

Everything a run makes is tagged with this deployment's owner tag and the run id as its session tag (the run id
is the session id of the show the check plays), and its objects live under the run id in the recordings bucket.
So a run that was killed (no `finally`) is found again from AWS alone, and nothing else is ever touched.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from core.adapters.aws.account_check import AccountCheckAws
from core.clock import Clock
from core.composition import CoreServices
from core.config import CoreSettings
from core.domain.channel_spec import SESSION_TAG, owned_by
from core.errors import ShelcasterError

log = logging.getLogger(__name__)

RUN_PREFIX = "check-aws-"


def new_run_id(clock: Clock) -> str:
    """A session id that says what it is, sorts by time, and is unique: `check-aws-20250601T120000-1a2b3c`."""
    return f"{RUN_PREFIX}{clock():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


_RUN_ID = re.compile(rf"{RUN_PREFIX}\d{{8}}T\d{{6}}-[0-9a-f]{{6}}")


def is_run(session_id: str | None) -> bool:
    """Whether a session id is a check run's, as `new_run_id` makes them (nothing a crew names matches it)."""
    return bool(session_id and _RUN_ID.fullmatch(session_id))


@dataclass(frozen=True)
class Tagged:
    """A resource as a list call gives it, with its tags."""

    kind: str
    id: str
    state: str
    tags: Mapping[str, str]


@dataclass(frozen=True)
class Leftover:
    run_id: str
    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id} (run {self.run_id})"


@dataclass(frozen=True, kw_only=True)
class RunCleanup:
    settings: CoreSettings
    core: CoreServices
    aws: AccountCheckAws

    def _folders(self) -> tuple[str, ...]:
        """Where a run's objects are, each in a folder named by its run id: its live buffer, takes and clip."""
        s = self.settings
        return (s.live_prefix, s.recordings_prefix, s.tracks_prefix)

    def _tagged(self) -> Iterator[Tagged]:
        ml, ivs = self.core.medialive, self.core.ivs
        yield from (Tagged("medialive channel", c.id, c.state.value, c.tags) for c in ml.list_channels())
        yield from (Tagged("medialive input", i.id, i.state, i.tags) for i in ml.list_inputs())
        yield from (Tagged("input security group", g.id, g.state, g.tags) for g in ml.list_security_groups())
        yield from (Tagged("ivs channel", c.arn, "", c.tags) for c in ivs.list_channels())

    def find(self, run_id: str | None = None) -> list[Leftover]:
        """What a run (`run_id`), or every check run (None), still has in AWS and in the table."""

        def wanted(candidate: str | None) -> bool:
            return candidate == run_id if run_id else is_run(candidate)

        found = [
            Leftover(item.tags[SESSION_TAG], item.kind, item.id)
            for item in self._tagged()
            if owned_by(item.tags, self.settings.deployment)
            and wanted(item.tags.get(SESSION_TAG))
            and item.state not in ("DELETED", "DELETING")
        ]
        for folder in self._folders():
            for key in self.aws.object_keys(f"{folder}/{run_id}/" if run_id else f"{folder}/{RUN_PREFIX}"):
                owner = key.removeprefix(f"{folder}/").split("/", 1)[0]
                if wanted(owner):
                    found.append(Leftover(owner, "s3 object", key))
        if run_id:
            sessions = [run_id] if self.core.store.get(run_id) is not None else []
        else:
            sessions = [s.id for s in self.core.store.all_sessions() if is_run(s.id)]
        found += [Leftover(s, "session record", s) for s in sessions]
        return found

    def remove(self, run_id: str) -> list[str]:
        """Remove everything of the run, going on past each failure; returns what is still there (and why)."""
        problems: list[str] = []
        session = self.core.store.get(run_id)
        if session is not None and session.resources.any:
            # The product's own teardown first: the session knows what it made, in the order it must go.
            problems += _attempt("tear the show down", lambda: self.core.resources.teardown(run_id))
        leftovers = self.find(run_id)
        for item in _ordered(leftovers):
            problems += _attempt(f"delete {item.kind} {item.id}", partial(self._delete, item))
        keys = [item.id for item in leftovers if item.kind == "s3 object"]
        if keys:
            problems += _attempt("delete the run's objects", partial(self.aws.delete_objects, keys))
        if not any(item.kind in _ORDER for item in self.find(run_id)):  # the record stays while AWS holds anything
            problems += _attempt("forget the run's show", partial(self._forget, run_id))
        remaining = [str(item) for item in self.find(run_id)]
        return remaining + problems if remaining else []

    def _delete(self, item: Leftover) -> None:
        ml, ivs = self.core.medialive, self.core.ivs
        if item.kind == "medialive channel":
            self.core.resources.wait_until_idle(item.id)
            ml.delete_channel(item.id)
            ml.wait_gone("channel_deleted", "delete the check's channel", ChannelId=item.id)
        elif item.kind == "medialive input":
            facts = ml.describe_input(item.id)
            holders = [c for c in (facts.attached_channels if facts else ()) if ml.describe_channel(c) is not None]
            if holders:  # waiting for it to detach would wait for the longest state change, for nothing
                raise ShelcasterError(f"it is attached to channel {', '.join(holders)}, which is still there")
            self.core.resources.delete_input(item.id)
        elif item.kind == "input security group":
            ml.delete_security_group(item.id)
        elif item.kind == "ivs channel":
            ivs.stop_stream(item.id)
            ivs.delete_channel(item.id)

    def _forget(self, run_id: str) -> None:
        self.core.store.release_current(run_id, run_id)  # the check's show uses its run id as its chat channel
        if self.core.store.get(run_id) is not None:
            self.core.store.discard(run_id)


def _attempt(what: str, action: Callable[[], object]) -> list[str]:
    try:
        action()
    except ShelcasterError as error:
        log.warning("check-aws cleanup: could not %s: %s", what, error)
        return [f"could not {what}: {error}"]
    return []


_ORDER = ("medialive channel", "medialive input", "input security group", "ivs channel")


def _ordered(items: Iterable[Leftover]) -> list[Leftover]:
    """Channels before the inputs they hold, inputs before their security groups; objects go in one batch."""
    return sorted((i for i in items if i.kind in _ORDER), key=lambda i: _ORDER.index(i.kind))
