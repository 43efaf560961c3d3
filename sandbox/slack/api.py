"""Web API methods, answering in Slack's response shapes."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sandbox.slack.blocks import check_content
from sandbox.slack.model import BOT_ID, BOT_USER, JSON, TEAM_DOMAIN, ApiError, RecordedCall, SlackUser
from sandbox.slack.state import SlackState

Params = dict[str, Any]
Method = Callable[[SlackState, Params], JSON]

# Form bodies carry structured arguments as JSON strings; JSON bodies carry them as-is.
_JSON_ARGS = {"blocks": "invalid_blocks_format", "attachments": "invalid_attachments", "view": "invalid_arguments"}
_JSON_ARGS |= {"metadata": "invalid_metadata_format"}


def _decode(params: Params) -> Params:
    out = dict(params)
    for key, error in _JSON_ARGS.items():
        value = out.get(key)
        if isinstance(value, str):
            try:
                out[key] = json.loads(value) if value else None
            except ValueError:
                raise ApiError(error) from None
    if "blocks" in out and out["blocks"] is not None and not isinstance(out["blocks"], list):
        raise ApiError("invalid_blocks_format")
    return out


def _str(params: Params, key: str) -> str | None:
    value = params.get(key)
    return None if value is None or value == "" else str(value)


def _user_json(state: SlackState, user: SlackUser) -> JSON:
    profile: JSON = {
        "real_name": user.real_name or user.name,
        "display_name": user.name,
        "real_name_normalized": user.real_name or user.name,
        "display_name_normalized": user.name,
    }
    if user.is_bot:
        profile["bot_id"] = BOT_ID
    else:
        profile["email"] = f"{user.name}@example.com"
    return {
        "id": user.id,
        "team_id": state.team_id,
        "name": user.name,
        "deleted": False,
        "real_name": user.real_name or user.name,
        "tz": "UTC",
        "is_admin": False,
        "is_owner": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "profile": profile,
    }


def _channel_json(state: SlackState, channel_id: str) -> JSON:
    is_im = channel_id.startswith("D")
    return {
        "id": channel_id,
        "name": state.channels[channel_id],
        "is_channel": not is_im,
        "is_im": is_im,
        "is_private": is_im,
        "is_archived": False,
        "is_member": True,
        "context_team_id": state.team_id,
    }


def auth_test(state: SlackState, p: Params) -> JSON:
    return {
        "ok": True,
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": "Sandbox",
        "user": BOT_USER.name,
        "team_id": state.team_id,
        "user_id": BOT_USER.id,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def chat_post_message(state: SlackState, p: Params) -> JSON:
    channel = state.resolve_channel(p.get("channel"))
    check_content(p.get("text"), p.get("blocks"), p.get("attachments"))
    msg = state.post(
        channel, _str(p, "text") or "", p.get("blocks"), thread_ts=_str(p, "thread_ts"), metadata=p.get("metadata")
    )
    return {"ok": True, "channel": channel, "ts": msg.ts, "message": msg.to_slack()}


def chat_update(state: SlackState, p: Params) -> JSON:
    channel = state.resolve_channel(p.get("channel"))
    ts = _str(p, "ts")
    if ts is None:
        raise ApiError("message_not_found")
    check_content(p.get("text"), p.get("blocks"), p.get("attachments"))
    text = str(p["text"]) if p.get("text") is not None else None
    msg = state.update(channel, ts, text, p.get("blocks"))
    return {"ok": True, "channel": channel, "ts": ts, "text": msg.text, "message": msg.to_slack()}


def chat_post_ephemeral(state: SlackState, p: Params) -> JSON:
    channel = state.resolve_channel(p.get("channel"))
    user = _str(p, "user")
    if user is None or state.user(user) is None:
        raise ApiError("user_not_found")
    check_content(p.get("text"), p.get("blocks"), p.get("attachments"))
    ts = state.post_ephemeral(channel, user, _str(p, "text") or "", p.get("blocks"), thread_ts=_str(p, "thread_ts"))
    return {"ok": True, "message_ts": ts}


def chat_delete(state: SlackState, p: Params) -> JSON:
    channel = state.resolve_channel(p.get("channel"))
    ts = _str(p, "ts")
    if ts is None:
        raise ApiError("message_not_found")
    state.delete(channel, ts)
    return {"ok": True, "channel": channel, "ts": ts}


def chat_get_permalink(state: SlackState, p: Params) -> JSON:
    channel = state.resolve_channel(p.get("channel"))
    msg = state.message(channel, _str(p, "message_ts") or "")
    if msg is None:
        raise ApiError("message_not_found")
    link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{msg.ts.replace('.', '')}"
    if msg.thread_ts and msg.thread_ts != msg.ts:
        link += f"?thread_ts={msg.thread_ts}&cid={channel}"
    return {"ok": True, "channel": channel, "permalink": link}


def views_open(state: SlackState, p: Params) -> JSON:
    return {"ok": True, "view": state.views.open(p.get("trigger_id"), p.get("view"))}


def views_push(state: SlackState, p: Params) -> JSON:
    return {"ok": True, "view": state.views.push(p.get("trigger_id"), p.get("view"))}


def views_update(state: SlackState, p: Params) -> JSON:
    view = state.views.update(p.get("view_id"), p.get("external_id"), p.get("view"), p.get("hash"))
    return {"ok": True, "view": view}


def views_publish(state: SlackState, p: Params) -> JSON:
    """A Home tab for one user (views.publish: `user_id`, a `view` of type home, optional `hash`)."""
    user = _str(p, "user_id")
    if user is None or state.user(user) is None:
        raise ApiError("invalid_arguments", response_metadata={"messages": ["invalid `user_id`"]})
    return {"ok": True, "view": state.views.publish(user, p.get("view"), p.get("hash"))}


def users_info(state: SlackState, p: Params) -> JSON:
    user = state.user(_str(p, "user") or "")
    if user is None:
        raise ApiError("user_not_found")
    return {"ok": True, "user": _user_json(state, user)}


def users_list(state: SlackState, p: Params) -> JSON:
    members = [_user_json(state, u) for u in state.users.values()]
    return {"ok": True, "members": members, "response_metadata": {"next_cursor": ""}}


def usergroups_list(state: SlackState, p: Params) -> JSON:
    include = str(p.get("include_users", "")).lower() in ("true", "1")
    groups = []
    for gid, members in state.usergroups.items():
        group: JSON = {"id": gid, "team_id": state.team_id, "handle": gid.lower(), "name": gid}
        group["user_count"] = len(members)
        if include:
            group["users"] = list(members)
        groups.append(group)
    return {"ok": True, "usergroups": groups}


def usergroups_users_list(state: SlackState, p: Params) -> JSON:
    members = state.usergroups.get(_str(p, "usergroup") or "")
    if members is None:
        raise ApiError("no_such_subteam")
    return {"ok": True, "users": list(members)}


def _known_channel(state: SlackState, p: Params) -> str:
    channel = _str(p, "channel")
    if channel is None or channel not in state.channels:
        raise ApiError("channel_not_found")
    return channel


def conversations_info(state: SlackState, p: Params) -> JSON:
    return {"ok": True, "channel": _channel_json(state, _known_channel(state, p))}


def conversations_members(state: SlackState, p: Params) -> JSON:
    _known_channel(state, p)
    return {"ok": True, "members": list(state.users), "response_metadata": {"next_cursor": ""}}


def conversations_list(state: SlackState, p: Params) -> JSON:
    channels = [_channel_json(state, c) for c in state.channels if not c.startswith("D")]
    return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}


METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "users.info": users_info,
    "users.list": users_list,
    "usergroups.list": usergroups_list,
    "usergroups.users.list": usergroups_users_list,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.list": conversations_list,
}


def call(
    state: SlackState,
    method: str,
    params: Params,
    token: str | None,
    bot_token: str,
    *,
    app_token: str | None = None,
    app_methods: Mapping[str, Callable[[Params], JSON]] | None = None,
) -> JSON:
    """Run one Web API call and record it; the token is checked here and never recorded.

    `app_methods` take the app-level token (xapp-), as apps.connections.open does; every other method takes the
    bot token. Slack answers a token of the other kind with `not_allowed_token_type`.
    """
    recorded = {k: v for k, v in params.items() if k != "token"}
    app_methods = app_methods or {}
    try:
        handler = METHODS.get(method)
        if handler is None and method not in app_methods:
            raise ApiError("unknown_method")
        if not token:
            raise ApiError("not_authed")
        wanted, other = (app_token, bot_token) if method in app_methods else (bot_token, app_token)
        if token != wanted:
            raise ApiError("not_allowed_token_type" if token == other else "invalid_auth")
        decoded = _decode(recorded)
        recorded = decoded
        body = app_methods[method](decoded) if handler is None else handler(state, decoded)
    except ApiError as e:
        body = e.body()
    state.record(RecordedCall(method, recorded, bool(body.get("ok")), body.get("error"), body))
    return body
