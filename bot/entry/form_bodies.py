"""Bolt reads any form body that contains the text "payload" as an interactive payload
(`slack_bolt.request.internals.parse_body`): a slash command whose text, channel or user name says "payload"
then parses to nothing and reaches no listener (a 404). Re-read such a body as the plain form it is, once, where
every request enters the app (HTTP, Lambda and in-process dispatch alike)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.request.internals import build_context


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


class ShelcasterApp(App):
    """Bolt's App, with form bodies read as what they are."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        return super().dispatch(repaired(req))
