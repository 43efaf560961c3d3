"""Value types shared by the Slack stand-in and the console."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True)
class SlackUser:
    id: str
    name: str
    real_name: str = ""
    is_bot: bool = False


DEFAULT_USERS: Sequence[SlackUser] = (
    SlackUser("U0HOST", "host", "Show Host"),
    SlackUser("U0PRODUCER", "producer", "Show Producer"),
    SlackUser("U0ENGINEER", "engineer", "Broadcast Engineer"),
    SlackUser("U0GUEST", "guest", "Guest"),
    SlackUser("U0ADMIN", "admin", "Workspace Admin"),
)
DEFAULT_GROUPS: Mapping[str, Sequence[str]] = {"S0CREW": ("U0HOST", "U0PRODUCER", "U0ENGINEER")}
DEFAULT_CHANNELS: Mapping[str, str] = {"C0MORNING": "morning-show", "C0ALERTS": "shelcaster-alerts"}

# The app's own identity: what auth.test reports and who posts the bot's messages.
BOT_USER = SlackUser("U0SANDBOXBOT", "shelcaster", "Shelcaster", is_bot=True)
BOT_ID = "B0SANDBOXBOT"
APP_ID = "A0SANDBOXAPP"
SLACKBOT_ID = "USLACKBOT"
TEAM_DOMAIN = "sandbox"


class ApiError(Exception):
    """A Web API failure: becomes {"ok": false, "error": error, **extra}."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def body(self) -> JSON:
        return {"ok": False, "error": self.error, **self.extra}


@dataclass(frozen=True)
class RecordedCall:
    """One Web API call (or response_url POST, method "response_url"); params never hold the token."""

    method: str
    params: JSON
    ok: bool
    error: str | None
    response: JSON


@dataclass(frozen=True)
class Message:
    """A message as a channel member sees it now: updates applied, thread replies attached."""

    channel: str
    ts: str
    text: str
    blocks: list[JSON] = field(default_factory=list)
    user: str = BOT_USER.id
    thread_ts: str | None = None
    replies: list[Message] = field(default_factory=list)
    ephemeral: bool = False
    edited: bool = False
    deleted: bool = False
    metadata: JSON | None = None

    def to_slack(self) -> JSON:
        """The message object in Slack's wire shape (chat.postMessage's "message", block_actions')."""
        out: JSON = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        if self.user == BOT_USER.id:
            out.update(bot_id=BOT_ID, app_id=APP_ID)
        if self.blocks:
            out["blocks"] = copy.deepcopy(self.blocks)
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
            if self.thread_ts != self.ts:
                out["parent_user_id"] = BOT_USER.id
        if self.replies:
            out["reply_count"] = len(self.replies)
            out["latest_reply"] = self.replies[-1].ts
        if self.edited:
            out["edited"] = {"user": self.user, "ts": self.ts}
        if self.deleted:
            out["subtype"] = "tombstone"
        if self.metadata:
            out["metadata"] = copy.deepcopy(self.metadata)
        return out


@dataclass(frozen=True)
class View:
    """A modal opened through views.open/push, in its latest state (views.update applied)."""

    id: str
    user: str | None
    view: JSON
    is_open: bool
    root_view_id: str
    previous_view_id: str | None = None

    @property
    def callback_id(self) -> str:
        return str(self.view.get("callback_id", ""))

    @property
    def private_metadata(self) -> str:
        return str(self.view.get("private_metadata", ""))

    @property
    def title(self) -> str:
        title = self.view.get("title") or {}
        return str(title.get("text", "")) if isinstance(title, dict) else ""

    @property
    def blocks(self) -> list[JSON]:
        blocks = self.view.get("blocks") or []
        return list(blocks) if isinstance(blocks, list) else []
