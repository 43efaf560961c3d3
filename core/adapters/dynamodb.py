"""Sessions in DynamoDB with optimistic locking, idempotency records with TTL, and the scheduler lease."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.adapters.aws.errors import aws_call
from core.clock import Clock
from core.domain.session import Session
from core.errors import AwsFailure, ConcurrentUpdate, NoSession

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

log = logging.getLogger(__name__)

BY_CHAT_CHANNEL = "by_chat_channel"
TTL_ATTRIBUTE = "expires_at"
BATCH_GET_LIMIT = 100


def table_definition(name: str) -> dict[str, Any]:
    """CreateTable arguments; the sandbox, `doctor` and the deploy template agree on this shape."""
    return {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "chat_channel", "AttributeType": "S"},
            {"AttributeName": "created_at", "AttributeType": "S"},
        ],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": BY_CHAT_CHANNEL,
                "KeySchema": [
                    {"AttributeName": "chat_channel", "KeyType": "HASH"},
                    {"AttributeName": "created_at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }


def batch_get(db: DynamoDBClient, table: str, keys: list[str], action: str) -> list[dict[str, Any]]:
    """Consistent reads of the `doc` of many items by `pk`, 100 keys per call, retrying what DynamoDB left
    unprocessed. Only `doc` is read: the other attributes repeat parts of it for the table's keys."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), BATCH_GET_LIMIT):
        chunk = [{"pk": {"S": k}} for k in keys[start : start + BATCH_GET_LIMIT]]
        request: dict[str, Any] = {table: {"Keys": chunk, "ConsistentRead": True, "ProjectionExpression": "doc"}}
        for attempt in range(8):
            with aws_call(action):
                reply = db.batch_get_item(RequestItems=request)
            found += reply.get("Responses", {}).get(table, [])
            request = dict(reply.get("UnprocessedKeys") or {})
            if not request:
                break
            time.sleep(min(0.05 * 2**attempt, 1.0))  # DynamoDB asks for backoff on unprocessed keys
        else:
            raise AwsFailure(f"Could not {action}: DynamoDB kept throttling.", code="Unprocessed", retryable=True)
    return found


_CONFLICT = frozenset({"ConditionalCheckFailedException"})  # a condition did not hold: someone else changed it


class SessionStore:
    def __init__(self, client: DynamoDBClient, *, table: str, clock: Clock) -> None:
        self._db = client
        self._table = table
        self._clock = clock

    def ping(self) -> None:
        """A cheap read that proves the table is there and readable."""
        with aws_call("reach the session table"):
            self._db.get_item(TableName=self._table, Key={"pk": {"S": "ping"}})

    # sessions -------------------------------------------------------------------------------------
    def _item(self, session: Session) -> dict[str, Any]:
        return {
            "pk": {"S": f"session#{session.id}"},
            "chat_channel": {"S": session.chat_channel},
            "created_at": {"S": session.created_at.isoformat()},
            "status": {"S": session.status.value},
            "version": {"N": str(session.version)},
            "doc": {"S": session.model_dump_json()},
        }

    def create(self, session: Session) -> Session:
        with aws_call("save the new session"):
            self._db.put_item(
                TableName=self._table,
                Item=self._item(session),
                ConditionExpression="attribute_not_exists(pk)",
            )
        return session

    def discard(self, session_id: str) -> None:
        """Remove a session that never owned anything (it lost the race for its chat channel)."""
        with aws_call("remove the unused session"):
            self._db.delete_item(TableName=self._table, Key={"pk": {"S": f"session#{session_id}"}})

    def get(self, session_id: str) -> Session | None:
        with aws_call("read the session"):
            item = self._db.get_item(
                TableName=self._table, Key={"pk": {"S": f"session#{session_id}"}}, ConsistentRead=True
            ).get("Item")
        return Session.model_validate_json(item["doc"]["S"]) if item else None

    def get_many(self, session_ids: Iterable[str]) -> dict[str, Session]:
        """Sessions by id, 100 per call (BatchGetItem); ids with no session are left out."""
        items = batch_get(self._db, self._table, [f"session#{i}" for i in sorted(set(session_ids))], "read sessions")
        sessions = (Session.model_validate_json(item["doc"]["S"]) for item in items)
        return {s.id: s for s in sessions}

    def require(self, session_id: str) -> Session:
        session = self.get(session_id)
        if session is None:
            raise NoSession("That session no longer exists.")
        return session

    def update(self, session_id: str, change: Callable[[Session], Session], *, attempts: int = 8) -> Session:
        """Apply `change` to the latest version; a lost race re-reads and re-applies, never overwrites."""
        for _ in range(attempts):
            current = self.require(session_id)
            changed = change(current)
            if changed == current:
                return current
            new = changed.stored_as(current.version + 1)
            with aws_call("save the session", ok_if=_CONFLICT):  # a lost race: re-read and re-apply
                self._db.put_item(
                    TableName=self._table,
                    Item=self._item(new),
                    ConditionExpression="version = :v",
                    ExpressionAttributeValues={":v": {"N": str(current.version)}},
                )
                return new
        raise ConcurrentUpdate("The session is changing too fast right now. Try again in a moment.")

    def sessions_for(self, chat_channel: str) -> list[Session]:
        """Every session of a chat channel, newest first."""
        out: list[Session] = []
        with aws_call("list this channel's sessions"):
            pages = self._db.get_paginator("query").paginate(
                TableName=self._table,
                IndexName=BY_CHAT_CHANNEL,
                KeyConditionExpression="chat_channel = :c",
                ExpressionAttributeValues={":c": {"S": chat_channel}},
                ScanIndexForward=False,
            )
            for page in pages:
                out += [Session.model_validate_json(i["doc"]["S"]) for i in page.get("Items", [])]
        return out

    def all_sessions(self) -> Iterator[Session]:
        with aws_call("list sessions"):
            pages = self._db.get_paginator("scan").paginate(
                TableName=self._table,
                FilterExpression="begins_with(pk, :p)",
                ExpressionAttributeValues={":p": {"S": "session#"}},
            )
            for page in pages:
                yield from (Session.model_validate_json(i["doc"]["S"]) for i in page.get("Items", []))

    # the current session of a chat channel ----------------------------------------------------------
    def current_id(self, chat_channel: str) -> str | None:
        with aws_call("find this channel's session"):
            item = self._db.get_item(
                TableName=self._table, Key={"pk": {"S": f"current#{chat_channel}"}}, ConsistentRead=True
            ).get("Item")
        return item["session_id"]["S"] if item else None

    def claim_current(self, chat_channel: str, session_id: str) -> bool:
        """Make `session_id` the channel's current session unless another one already is."""
        with aws_call("claim this channel's session", ok_if=_CONFLICT):
            self._db.put_item(
                TableName=self._table,
                Item={"pk": {"S": f"current#{chat_channel}"}, "session_id": {"S": session_id}},
                ConditionExpression="attribute_not_exists(pk)",
            )
            return True
        return False

    def release_current(self, chat_channel: str, session_id: str) -> None:
        with aws_call("release this channel's session", ok_if=_CONFLICT):  # another session holds it now
            self._db.delete_item(
                TableName=self._table,
                Key={"pk": {"S": f"current#{chat_channel}"}},
                ConditionExpression="session_id = :s",
                ExpressionAttributeValues={":s": {"S": session_id}},
            )

    # idempotency and leases ------------------------------------------------------------------------
    def _put_if_free(self, pk: str, ttl: timedelta, extra: dict[str, Any], *, holder: str | None = None) -> bool:
        now = self._clock()
        condition = "attribute_not_exists(pk) OR expires_at < :now"
        values: dict[str, Any] = {":now": {"N": str(int(now.timestamp()))}}
        if holder is not None:
            condition += " OR holder = :h"
            values[":h"] = {"S": holder}
        with aws_call("record the request", ok_if=_CONFLICT):
            self._db.put_item(
                TableName=self._table,
                Item={"pk": {"S": pk}, TTL_ATTRIBUTE: {"N": str(int((now + ttl).timestamp()))}, **extra},
                ConditionExpression=condition,
                ExpressionAttributeValues=values,
            )
            return True
        return False

    def claim_once(self, key: str, *, ttl: timedelta = timedelta(hours=1)) -> bool:
        """True the first time `key` is seen within `ttl`: Slack retries and double clicks act once."""
        return self._put_if_free(f"once#{key}", ttl, {})

    def acquire_lease(self, name: str, *, holder: str, ttl: timedelta) -> bool:
        """Take or renew a lease; another holder gets it only after it expires."""
        return self._put_if_free(f"lease#{name}", ttl, {"holder": {"S": holder}}, holder=holder)

    def release_lease(self, name: str, *, holder: str) -> None:
        with aws_call("release the scheduler lease", ok_if=_CONFLICT):  # another replica holds it now
            self._db.delete_item(
                TableName=self._table,
                Key={"pk": {"S": f"lease#{name}"}},
                ConditionExpression="holder = :h",
                ExpressionAttributeValues={":h": {"S": holder}},
            )

    def lease_holder(self, name: str) -> tuple[str, datetime] | None:
        with aws_call("read the scheduler lease"):
            item = self._db.get_item(
                TableName=self._table, Key={"pk": {"S": f"lease#{name}"}}, ConsistentRead=True
            ).get("Item")
        if not item:
            return None
        expires = datetime.fromtimestamp(int(item[TTL_ATTRIBUTE]["N"]), tz=self._clock().tzinfo)
        return (item["holder"]["S"], expires) if expires > self._clock() else None
