"""Where every request enters the app (HTTP, Lambda and in-process dispatch alike): bodies are read as what they
are, and malformed ones are refused with a 400/401 and one log line instead of a 500 and a traceback.

Bolt reads any form body that contains the text "payload" as an interactive payload
(`slack_bolt.request.internals.parse_body`): a slash command whose text, channel or user name says "payload"
then parses to nothing and reaches no listener (a 404). Such a body is re-read as the plain form it is."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.request.internals import build_context

log = logging.getLogger(__name__)


def repaired(req: BoltRequest) -> BoltRequest:
    raw = req.raw_body
    if req.body or not raw or "payload" not in raw or raw.lstrip().startswith("{"):
        return req
    form = dict(parse_qsl(raw, keep_blank_values=True))
    if "payload" in form:  # a real interactive payload that Bolt could not read: leave it to Bolt's answer
        return req
    req.body = form
    req.context = build_context(BoltContext(dict(req.context)), form)
    return req


def malformed(req: BoltRequest) -> str | None:
    """Why a request cannot be one Slack sent (checked before anything acts on it), or None."""
    stamp = (req.headers.get("x-slack-request-timestamp") or [""])[0]
    if req.mode == "http" and not stamp.isdigit():
        return "timestamp header is not a number"
    body: dict[str, Any] = req.body
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
            return "an action payload without actions"
    if kind in ("view_submission", "view_closed"):
        metadata = (body.get("view") or {}).get("private_metadata") or "{}"
        try:
            json.loads(metadata)
        except ValueError:
            return "a view whose private_metadata is not JSON"
    return None


class ShelcasterApp(App):
    """Bolt's App, with bodies read as what they are and malformed requests refused at the door."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        req = repaired(req)
        why = malformed(req)
        if why is not None:
            log.warning("refused a malformed request: %s", why)
            status = 401 if why.startswith("timestamp") else 400
            return BoltResponse(status=status, body="")
        return super().dispatch(req)
