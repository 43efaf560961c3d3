"""The stand-in's workspace: directory, messages, ephemerals, response_urls and recorded calls.

Every public method takes the one lock, so the HTTP server's threads and the console can share it.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.slack.blocks import fill_ids
from sandbox.slack.model import BOT_USER, JSON, ApiError, Message, RecordedCall, SlackUser
from sandbox.slack.responses import ResponseUrls
from sandbox.slack.views import ViewStore


@dataclass
class _Msg:
    channel: str
    ts: str
    text: str
    blocks: list[JSON]
    user: str
    thread_ts: str | None = None
    ephemeral: bool = False
    edited: bool = False
    deleted: bool = False
    metadata: JSON | None = None
    replies: list[_Msg] = field(default_factory=list)

    def snapshot(self) -> Message:
        return Message(
            channel=self.channel,
            ts=self.ts,
            text=self.text,
            blocks=copy.deepcopy(self.blocks),
            user=self.user,
            thread_ts=self.thread_ts,
            replies=[r.snapshot() for r in self.replies],
            ephemeral=self.ephemeral,
            edited=self.edited,
            deleted=self.deleted,
            metadata=copy.deepcopy(self.metadata),
        )


class SlackState:
    def __init__(
        self,
        *,
        team_id: str,
        users: Sequence[SlackUser],
        usergroups: Mapping[str, Sequence[str]],
        channels: Mapping[str, str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.team_id = team_id
        self.users: dict[str, SlackUser] = {u.id: u for u in [*users, BOT_USER]}
        self.usergroups = {k: list(v) for k, v in usergroups.items()}
        self.channels = dict(channels)
        self.lock = threading.RLock()
        self.views = ViewStore(self.lock, team_id)
        self._clock = clock
        self._last_us = 0
        self._calls: list[RecordedCall] = []
        self._messages: dict[str, list[_Msg]] = {}
        self._ephemerals: dict[tuple[str, str], list[_Msg]] = {}
        self.responses = ResponseUrls(self)

    # -- directory --------------------------------------------------------------------------------
    def user(self, user_id: str) -> SlackUser | None:
        return self.users.get(user_id)

    def resolve_channel(self, raw: Any) -> str:
        """A channel id from an id, a name ("#x" or "x") or a user id (their DM); else channel_not_found."""
        if not isinstance(raw, str) or not raw:
            raise ApiError("channel_not_found")
        with self.lock:
            if raw in self.channels:
                return raw
            name = raw.removeprefix("#")
            for cid, cname in self.channels.items():
                if cname == name:
                    return cid
            user = self.users.get(raw)
            if user is not None:
                dm = "D" + user.id[1:]
                self.channels[dm] = user.name
                return dm
        raise ApiError("channel_not_found")

    # -- ids and calls ----------------------------------------------------------------------------
    def now(self) -> float:
        return self._clock()

    def next_ts(self) -> str:
        with self.lock:
            us = max(int(self._clock() * 1_000_000), self._last_us + 1)
            self._last_us = us
            return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def record(self, call: RecordedCall) -> None:
        with self.lock:
            self._calls.append(call)

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        with self.lock:
            return [c for c in self._calls if method is None or c.method == method]

    def call_count(self) -> int:
        with self.lock:
            return len(self._calls)

    # -- messages ---------------------------------------------------------------------------------
    def _find(self, channel: str, ts: str) -> _Msg | None:
        for msg in self._messages.get(channel, []):
            if msg.ts == ts:
                return msg
            for reply in msg.replies:
                if reply.ts == ts:
                    return reply
        return None

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[JSON] | None,
        *,
        thread_ts: str | None = None,
        metadata: JSON | None = None,
        user: str = BOT_USER.id,
    ) -> Message:
        with self.lock:
            parent = None
            if thread_ts:
                parent = self._find(channel, thread_ts)
                if parent is None:
                    raise ApiError("thread_not_found")
                if parent.thread_ts and parent.thread_ts != parent.ts:  # a reply: use its thread
                    parent = self._find(channel, parent.thread_ts)
                    assert parent is not None
            ts = self.next_ts()
            msg = _Msg(channel, ts, text, fill_ids(blocks or [], ts), user, metadata=metadata)
            if parent is None:
                self._messages.setdefault(channel, []).append(msg)
            else:
                parent.thread_ts = parent.ts
                msg.thread_ts = parent.ts
                parent.replies.append(msg)
            return msg.snapshot()

    def update(self, channel: str, ts: str, text: str | None, blocks: list[JSON] | None) -> Message:
        with self.lock:
            msg = self._find(channel, ts)
            if msg is None or msg.deleted:
                raise ApiError("message_not_found")
            if msg.user != BOT_USER.id:
                raise ApiError("cant_update_message")
            if text is not None:
                msg.text = text
            if blocks is not None:  # omitted blocks are kept, [] removes them (Slack's rule)
                msg.blocks = fill_ids(blocks, self.next_ts())
            msg.edited = True
            return msg.snapshot()

    def delete(self, channel: str, ts: str) -> None:
        with self.lock:
            msg = self._find(channel, ts)
            if msg is None or msg.deleted:
                raise ApiError("message_not_found")
            if msg.user != BOT_USER.id:
                raise ApiError("cant_delete_message")
            if msg.replies:  # a thread parent leaves a tombstone so the replies stay readable
                msg.text, msg.blocks, msg.deleted = "This message was deleted.", [], True
                return
            top = self._messages.get(channel, [])
            if msg in top:
                top.remove(msg)
                return
            for parent in top:
                if msg in parent.replies:
                    parent.replies.remove(msg)

    def message(self, channel: str, ts: str) -> Message | None:
        with self.lock:
            msg = self._find(channel, ts)
            return None if msg is None else msg.snapshot()

    def messages(self, channel: str) -> list[Message]:
        with self.lock:
            return [m.snapshot() for m in self._messages.get(channel, [])]

    def post_ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: list[JSON] | None,
        *,
        thread_ts: str | None = None,
        sender: str = BOT_USER.id,
    ) -> str:
        with self.lock:
            ts = self.next_ts()
            msg = _Msg(channel, ts, text, fill_ids(blocks or [], ts), sender, thread_ts, ephemeral=True)
            self._ephemerals.setdefault((channel, user), []).append(msg)
            return ts

    def ephemerals(self, channel: str, user: str) -> list[Message]:
        with self.lock:
            return [m.snapshot() for m in self._ephemerals.get((channel, user), [])]

    def replace_ephemeral(self, channel: str, user: str, ts: str, text: str, blocks: list[JSON] | None) -> None:
        with self.lock:
            own = [m for m in self._ephemerals.get((channel, user), []) if m.ts == ts]
            if not own:
                raise ApiError("message_not_found")
            own[0].text, own[0].blocks = text, fill_ids(blocks or [], self.next_ts())

    def delete_ephemeral(self, channel: str, user: str, ts: str) -> None:
        with self.lock:
            kept = self._ephemerals.get((channel, user), [])
            kept[:] = [m for m in kept if m.ts != ts]

    def reset(self) -> None:
        with self.lock:
            self._calls.clear()
            self._messages.clear()
            self._ephemerals.clear()
            self.responses.reset()
            self.views.reset()
