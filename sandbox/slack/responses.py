"""response_urls: how Slack turns a POST to one into a message, a replacement or a deletion."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sandbox.slack.blocks import check_content
from sandbox.slack.model import JSON, ApiError

if TYPE_CHECKING:
    from sandbox.slack.state import SlackState

USES = 5  # Slack honours a response_url five times within 30 minutes
TTL = 30 * 60


@dataclass
class _Target:
    channel: str
    user: str
    message_ts: str | None  # the source message of a message action
    is_ephemeral: bool
    created: float
    uses: int = 0


def _truthy(value: Any) -> bool:
    return value in (True, "true", "True", "1", 1)


class ResponseUrls:
    def __init__(self, state: SlackState) -> None:
        self._state = state
        self._targets: dict[str, _Target] = {}

    def new(self, channel: str, user: str, message_ts: str | None, is_ephemeral: bool) -> str:
        with self._state.lock:
            token = secrets.token_hex(12)
            self._targets[token] = _Target(channel, user, message_ts, is_ephemeral, self._state.now())
            return token

    def respond(self, token: str, payload: Any, *, count_use: bool = True) -> tuple[int, JSON]:
        """Apply a POST to a response_url (or an inline ack body); returns (HTTP status, body)."""
        with self._state.lock:
            target = self._targets.get(token)
            if target is None:
                return 404, {"ok": False, "error": "no_active_hooks"}
            if self._state.now() - target.created > TTL:
                return 404, {"ok": False, "error": "expired_url"}
            if count_use and target.uses >= USES:
                return 404, {"ok": False, "error": "used_url"}
            if not isinstance(payload, dict):
                return 400, {"ok": False, "error": "invalid_payload"}
            try:
                self._apply(target, payload)
            except ApiError as e:
                return 400, e.body()
            target.uses += 1 if count_use else 0
            return 200, {"ok": True}

    def _apply(self, target: _Target, payload: JSON) -> None:
        state, ch, user, source = self._state, target.channel, target.user, target.message_ts
        if source and _truthy(payload.get("delete_original")):
            if target.is_ephemeral:
                state.delete_ephemeral(ch, user, source)
            else:
                state.delete(ch, source)
            return
        text, blocks = payload.get("text", ""), payload.get("blocks")
        check_content(text, blocks, payload.get("attachments"))
        if source and _truthy(payload.get("replace_original")):  # response_type is then ignored
            if target.is_ephemeral:
                state.replace_ephemeral(ch, user, source, str(text), blocks)
            else:
                state.update(ch, source, str(text), blocks if blocks is not None else [])
            return
        thread_ts = payload.get("thread_ts") or None
        if payload.get("response_type") == "in_channel":
            state.post(ch, str(text), blocks, thread_ts=thread_ts)
        else:  # ephemeral is the default
            state.post_ephemeral(ch, user, str(text), blocks, thread_ts=thread_ts)

    def reset(self) -> None:
        with self._state.lock:
            self._targets.clear()
