"""The watchdog's marks: what it has warned about, what was kept, what it started doing, per resource.

Stored as data (`watch#<deployment>#channel#<id>` items beside the sessions), so a restarted or different replica
continues where the last sweep stopped. Every write is a compare-and-swap on the mark's version: of two
sweeps that decided the same thing, only one gets to act on it.

Each real sweep also records the settings it runs with (`RecordedPolicy`, written when they change), so a
preview run from a shell decides with the deployment's policy, not the shell's.

A sweep reads all of a deployment's marks with one query: each mark also carries the table's index keys
(`chat_channel` = "watch#<deployment>", which no Slack channel id can equal), so they form one partition
of that index. Index reads may lag a write by a moment; the version check on every write covers that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from botocore.exceptions import ClientError
from pydantic import BaseModel, Field

from core.adapters.aws.errors import aws_call, error_code, translate
from core.adapters.dynamodb import BY_CHAT_CHANNEL, TTL_ATTRIBUTE, batch_get
from core.clock import Clock
from core.config import WatchdogSettings
from core.errors import ConcurrentUpdate

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

Kind = Literal["channel", "input", "ivs_channel", "security_group", "parameter"]
KEEP_MARKS = timedelta(days=30)  # DynamoDB's TTL removes marks of resources that vanished unseen


class Reason(StrEnum):
    ORPHAN = "orphan"  # running, but no active session owns it
    NO_INPUT = "no_input"  # running without video
    INPUT_LOST = "input_lost"  # running while MediaLive reports its input lost
    TOO_LONG = "too_long"  # running past the longest show
    NO_VIEWERS = "no_viewers"  # streaming live to nobody
    PAST_PLAN = "past_plan"  # live to nobody past the show's planned length
    LEFTOVER = "leftover"  # a stopped channel of an ended session
    UNUSED_INPUT = "unused_input"  # a detached input nobody uses
    UNRECORDED = "unrecorded"  # an IVS channel, caller's group or stored key no live show records
    UNMANAGED = "unmanaged"  # running, not the bot's own: reported only


class Op(StrEnum):
    STOP = "stop"
    DELETE = "delete"


class WatchWarning(BaseModel):
    reason: Reason
    then: Op
    warned_at: datetime
    due_at: datetime
    posted: dict[str, str] = Field(default_factory=dict)  # where the chat surface put the warning


class WatchMark(BaseModel):
    kind: Kind
    resource_id: str
    version: int = 0
    dry_run: bool = False  # written by a dry-run sweep: a real sweep starts over
    warning: WatchWarning | None = None
    acting: Op | None = None  # a sweep started this; the next one finishes it
    acting_reason: Reason | None = None
    keep_until: datetime | None = None
    kept_by: str | None = None
    running_since: datetime | None = None  # first seen on air, when no session can tell
    unused_since: datetime | None = None  # first seen unused (an input) or unrecorded (the rest) by its live session
    no_viewers_since: datetime | None = None  # a channel's show first seen live to 0 viewers (since then)

    @property
    def key(self) -> str:
        return mark_key(self.kind, self.resource_id)

    def running_seen(self, at: datetime) -> WatchMark:
        return self.model_copy(update={"running_since": at})

    def unused_seen(self, at: datetime) -> WatchMark:
        return self.model_copy(update={"unused_since": at})

    def audience_seen(self, no_viewers_since: datetime | None) -> WatchMark:
        return self.model_copy(update={"no_viewers_since": no_viewers_since})

    def warned(self, warning: WatchWarning, *, dry: bool, running_since: datetime | None) -> WatchMark:
        changes = {"warning": warning, "dry_run": dry, "running_since": running_since}
        return self.model_copy(update={**changes, "acting": None, "acting_reason": None})

    def warning_posted(self, posted: dict[str, str]) -> WatchMark:
        assert self.warning is not None
        return self.model_copy(update={"warning": self.warning.model_copy(update={"posted": dict(posted)})})

    def acting_on(self, op: Op, reason: Reason | None, *, dry: bool) -> WatchMark:
        return self.model_copy(update={"acting": op, "acting_reason": reason, "dry_run": dry})

    def settled(self, *, running_since: datetime | None = None) -> WatchMark:
        """No warning and nothing under way; what was seen running is remembered."""
        changes = {"warning": None, "acting": None, "acting_reason": None}
        return self.model_copy(update={**changes, "running_since": running_since or self.running_since})

    def kept(self, until: datetime, by: str) -> WatchMark:
        return self.model_copy(update={"keep_until": until, "kept_by": by, "warning": None})

    def stored_as(self, version: int) -> WatchMark:
        return self.model_copy(update={"version": version})


def mark_key(kind: Kind, resource_id: str) -> str:
    return f"{kind}:{resource_id}"


class RecordedPolicy(BaseModel):
    """The watchdog settings the deployment's own sweeps run with, as the last one to change them wrote them: a
    preview from a shell with other settings uses these, so it decides as the server would."""

    watchdog: WatchdogSettings
    at: datetime


class MarkChanged(ConcurrentUpdate):
    """Someone else changed the mark since it was read: they act, this caller does not."""


class WatchMarks:
    def __init__(self, client: DynamoDBClient, *, table: str, deployment: str, clock: Clock) -> None:
        self._db = client
        self._table = table
        self._deployment = deployment  # deployments sharing a table keep separate marks
        self._clock = clock
        self._policy_written: WatchdogSettings | None = None

    def _pk(self, key: str) -> str:
        return f"watch#{self._deployment}#{key.replace(':', '#', 1)}"

    @property
    def _partition(self) -> str:
        return f"watch#{self._deployment}"

    def all(self) -> dict[str, WatchMark]:
        """Every mark of this deployment by key, in as many calls as there are 1 MB pages (usually one)."""
        found: dict[str, WatchMark] = {}
        with aws_call("read the watchdog's marks"):
            pages = self._db.get_paginator("query").paginate(
                TableName=self._table,
                IndexName=BY_CHAT_CHANNEL,
                KeyConditionExpression="chat_channel = :p",
                ExpressionAttributeValues={":p": {"S": self._partition}},
            )
            for page in pages:
                marks = (WatchMark.model_validate_json(item["doc"]["S"]) for item in page.get("Items", []))
                found |= {m.key: m for m in marks}
        return found

    # the policy the deployment sweeps with: one item outside the marks' index partition, written on change
    @property
    def _policy_pk(self) -> str:
        return f"watch#{self._deployment}#policy"

    def recorded_policy(self) -> RecordedPolicy | None:
        with aws_call("read the watchdog's recorded policy"):
            item = self._db.get_item(TableName=self._table, Key={"pk": {"S": self._policy_pk}}, ConsistentRead=True)
        doc = item.get("Item", {}).get("doc", {}).get("S")
        return RecordedPolicy.model_validate_json(doc) if doc else None

    def record_policy(self, watchdog: WatchdogSettings) -> None:
        """Called by each real sweep; writes only when this process has not recorded these settings yet."""
        if self._policy_written == watchdog:
            return
        recorded = self.recorded_policy()
        if recorded is None or recorded.watchdog != watchdog:
            doc = RecordedPolicy(watchdog=watchdog, at=self._clock()).model_dump_json()
            with aws_call("record the watchdog's policy"):
                self._db.put_item(TableName=self._table, Item={"pk": {"S": self._policy_pk}, "doc": {"S": doc}})
        self._policy_written = watchdog

    def get_many(self, keys: Iterable[str]) -> dict[str, WatchMark]:
        """Marks by key ("channel:<id>"), read consistently, 100 per call; keys without a mark are left out."""
        wanted = sorted(set(keys))
        items = batch_get(self._db, self._table, [self._pk(k) for k in wanted], "read the watchdog's marks")
        marks = (WatchMark.model_validate_json(item["doc"]["S"]) for item in items)
        return {m.key: m for m in marks}

    def get(self, kind: Kind, resource_id: str) -> WatchMark | None:
        return self.get_many([mark_key(kind, resource_id)]).get(mark_key(kind, resource_id))

    def swap(self, seen: WatchMark | None, new: WatchMark | None) -> WatchMark | None:
        """Replace the mark read as `seen` by `new` (None deletes); MarkChanged if it changed meanwhile."""
        target = new or seen
        if target is None:
            return None
        pk = self._pk(target.key)
        if seen is None:
            condition, values = "attribute_not_exists(pk)", None
        else:
            condition, values = "version = :v", {":v": {"N": str(seen.version)}}
        extra: dict[str, Any] = {"ExpressionAttributeValues": values} if values else {}
        try:
            if new is None:
                self._db.delete_item(
                    TableName=self._table, Key={"pk": {"S": pk}}, ConditionExpression=condition, **extra
                )
                return None
            stored = new.stored_as((seen.version + 1) if seen else 1)
            expires = int((self._clock() + KEEP_MARKS).timestamp())
            item = {
                "pk": {"S": pk},
                "chat_channel": {"S": self._partition},
                "created_at": {"S": stored.key},
                "version": {"N": str(stored.version)},
                "doc": {"S": stored.model_dump_json()},
                TTL_ATTRIBUTE: {"N": str(expires)},
            }
            self._db.put_item(TableName=self._table, Item=item, ConditionExpression=condition, **extra)
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                raise MarkChanged("The watchdog's mark changed under this sweep.") from None
            raise translate(error, "save the watchdog's mark") from None
        return stored

    def update(
        self, kind: Kind, resource_id: str, change: Callable[[WatchMark], WatchMark | None], *, attempts: int = 8
    ) -> WatchMark | None:
        """Apply `change` to the latest mark (a blank one if none), re-reading on a lost race."""
        for _ in range(attempts):
            seen = self.get(kind, resource_id)
            new = change(seen or WatchMark(kind=kind, resource_id=resource_id))
            if seen is None and new is None:
                return None
            try:
                return self.swap(seen, new)
            except MarkChanged:
                continue
        raise ConcurrentUpdate("The watchdog's mark is changing too fast right now. Try again in a moment.")
