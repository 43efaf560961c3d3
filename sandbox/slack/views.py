"""Modal views and the trigger_ids that open them."""

from __future__ import annotations

import copy
import itertools
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from sandbox.slack.blocks import fill_ids, validate_view
from sandbox.slack.model import APP_ID, BOT_ID, JSON, ApiError, View

PUSH_LIMIT = 3  # Slack keeps at most three views in a modal's stack


@dataclass
class _Rec:
    id: str
    user: str | None
    view: JSON
    is_open: bool
    root_view_id: str
    previous_view_id: str | None

    def snapshot(self) -> View:
        return View(
            self.id, self.user, copy.deepcopy(self.view), self.is_open, self.root_view_id, self.previous_view_id
        )


def _invalid(messages: list[str]) -> ApiError:
    return ApiError("invalid_arguments", response_metadata={"messages": [f"[ERROR] {m}" for m in messages]})


def _as_view(raw: Any) -> JSON:
    errors = validate_view(raw)
    if errors:
        raise _invalid(errors)
    assert isinstance(raw, dict)
    return raw


class ViewStore:
    def __init__(self, lock: threading.RLock, team_id: str) -> None:
        self._lock = lock
        self._team_id = team_id
        self._ids = itertools.count(1)
        self._views: dict[str, _Rec] = {}
        self._triggers: dict[str, str] = {}

    def issue_trigger(self, user: str) -> str:
        """A trigger_id as Slack puts in interaction payloads ("<ms>.<n>.<hex>")."""
        with self._lock:
            trigger = f"{int(time.time() * 1000)}.{next(self._ids)}.{secrets.token_hex(16)}"
            self._triggers[trigger] = user
            return trigger

    def _trigger_user(self, trigger_id: Any) -> str | None:
        if not isinstance(trigger_id, str) or not trigger_id:
            raise _invalid(["missing required field: trigger_id"])
        return self._triggers.get(trigger_id)

    def _build(self, view: JSON, view_id: str, root: str, previous: str | None) -> JSON:
        full = {
            "id": view_id,
            "team_id": self._team_id,
            "type": view.get("type", "modal"),
            "title": view.get("title"),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "blocks": fill_ids(list(view.get("blocks") or []), view_id),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": secrets.token_hex(8),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": root,
            "previous_view_id": previous,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }
        return copy.deepcopy(full)

    def _new(self, user: str | None, view: JSON, root: str | None, previous: str | None) -> JSON:
        view_id = f"V0{next(self._ids):08d}"
        rec = _Rec(view_id, user, {}, True, root or view_id, previous)
        rec.view = self._build(view, view_id, rec.root_view_id, previous)
        self._views[view_id] = rec
        return copy.deepcopy(rec.view)

    def open(self, trigger_id: Any, view: Any) -> JSON:
        with self._lock:
            user = self._trigger_user(trigger_id)
            return self._new(user, _as_view(view), None, None)

    def push(self, trigger_id: Any, view: Any) -> JSON:
        with self._lock:
            user = self._trigger_user(trigger_id)
            valid = _as_view(view)
            top = next((r for r in reversed(self._views.values()) if r.is_open and r.user == user), None)
            if top is None:
                return self._new(user, valid, None, None)
            stack = [r for r in self._views.values() if r.is_open and r.root_view_id == top.root_view_id]
            if len(stack) >= PUSH_LIMIT:
                raise ApiError("push_limit_reached")
            return self._new(user, valid, top.root_view_id, top.id)

    def update(self, view_id: Any, external_id: Any, view: Any, view_hash: Any = None) -> JSON:
        with self._lock:
            rec = self._views.get(view_id) if view_id else None
            if rec is None and external_id:
                rec = next((r for r in self._views.values() if r.view.get("external_id") == external_id), None)
            if rec is None or not rec.is_open:
                raise ApiError("not_found")
            if view_hash and view_hash != rec.view.get("hash"):
                raise ApiError("hash_conflict")
            state = rec.view.get("state")
            rec.view = self._build(_as_view(view), rec.id, rec.root_view_id, rec.previous_view_id)
            rec.view["state"] = state
            return copy.deepcopy(rec.view)

    def publish(self, user: str, view: Any, view_hash: Any = None) -> JSON:
        """The user's Home tab, replaced in place: one per user, keeping its id, as Slack keeps it."""
        with self._lock:
            valid = _as_view(view)
            if valid.get("type") != "home":
                raise _invalid(["must be a home view"])
            rec = next((r for r in self._views.values() if r.user == user and r.view.get("type") == "home"), None)
            if rec is None:
                view_id = f"V0{next(self._ids):08d}"
                rec = _Rec(view_id, user, {}, False, view_id, None)  # never open as a modal
                self._views[view_id] = rec
            elif view_hash and view_hash != rec.view.get("hash"):
                raise ApiError("hash_conflict")
            rec.view = self._build(valid, rec.id, rec.id, None)
            return copy.deepcopy(rec.view)

    def home(self, user: str) -> View | None:
        """The Home tab last published for `user`, if any."""
        with self._lock:
            rec = next((r for r in self._views.values() if r.user == user and r.view.get("type") == "home"), None)
            return None if rec is None else rec.snapshot()

    def set_values(self, view_id: str, values: JSON) -> None:
        with self._lock:
            self._views[view_id].view["state"] = {"values": copy.deepcopy(values)}

    def close(self, view_id: str, *, whole_stack: bool = False) -> None:
        with self._lock:
            rec = self._views.get(view_id)
            if rec is None:
                return
            for other in self._views.values():
                if other is rec or (whole_stack and other.root_view_id == rec.root_view_id):
                    other.is_open = False

    def all(self) -> list[View]:
        with self._lock:
            return [r.snapshot() for r in self._views.values()]

    def reset(self) -> None:
        with self._lock:
            self._views.clear()
            self._triggers.clear()
