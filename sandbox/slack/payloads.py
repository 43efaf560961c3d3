"""What Slack sends an app: slash command forms, interaction payloads, signed HTTP requests."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from sandbox.slack.model import APP_ID, JSON, TEAM_DOMAIN, View

VERIFICATION_TOKEN = "sandbox-verification-token"  # noqa: S105 - Slack's legacy per-app token, a fake here
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


def signed_post(url: str, body: str, *, secret: str, timestamp: int, timeout: float) -> tuple[int, str]:
    """POST a form body signed as Slack signs it; (status, response text), status 0 if unreachable."""
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body) or ""
    request = urllib.request.Request(  # noqa: S310 - the bot's URL is configured, http(s) only
        url,
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature,
            "User-Agent": USER_AGENT,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return int(e.code), e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def user_json(user_id: str, name: str, team_id: str) -> JSON:
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def slash_body(
    *, team_id: str, channel: str, channel_name: str, user: str, user_name: str, command: str, text: str,
    response_url: str, trigger_id: str,
) -> str:  # fmt: skip
    return urlencode(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel,
            "channel_name": channel_name,
            "user_id": user,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def event_body(*, team_id: str, event: JSON, event_id: str, event_time: int) -> str:
    """An Events API callback as Slack POSTs it (JSON, unlike commands and interactions)."""
    return json.dumps(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": event_time,
            "authorizations": [{"team_id": team_id, "user_id": event.get("user"), "is_bot": False}],
        }
    )


def interaction_body(payload: JSON) -> str:
    return urlencode({"payload": json.dumps(payload)})


def base_payload(kind: str, user: JSON, team_id: str, trigger_id: str) -> JSON:
    return {
        "type": kind,
        "user": user,
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _find_option(element: JSON, wanted: str) -> JSON | None:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    for option in options:
        text = str((option.get("text") or {}).get("text", ""))
        if wanted.casefold() in (text.casefold(), str(option.get("value", "")).casefold()):
            return dict(option)
    return None


def select_option(element: JSON, wanted: str) -> JSON:
    option = _find_option(element, wanted)
    if option is None:
        texts = [str((o.get("text") or {}).get("text", "")) for o in element.get("options") or []]
        raise ValueError(f"no option {wanted!r}; options: {', '.join(texts)}")
    return option


def _input_state(element: JSON, raw: str | None) -> tuple[JSON, bool]:
    """One input's state entry as Slack reports it, and whether it holds a value."""
    kind = str(element.get("type", "plain_text_input"))
    entry: JSON = {"type": kind}
    if kind in ("static_select", "radio_buttons", "external_select"):
        option = select_option(element, raw) if raw else element.get("initial_option")
        entry["selected_option"] = option
        return entry, option is not None
    if kind in ("multi_static_select", "checkboxes"):
        picked = [select_option(element, p.strip()) for p in raw.split(",")] if raw else []
        entry["selected_options"] = picked or list(element.get("initial_options") or [])
        return entry, bool(entry["selected_options"])
    simple = {
        "datepicker": "selected_date",
        "timepicker": "selected_time",
        "users_select": "selected_user",
        "conversations_select": "selected_conversation",
        "channels_select": "selected_channel",
    }
    if kind in simple:
        entry[simple[kind]] = raw or None
        return entry, bool(raw)
    value = raw if raw is not None else element.get("initial_value")
    entry["value"] = value if value != "" else None
    return entry, bool(value)


def view_state(view: View, values: Mapping[str, str]) -> tuple[JSON, list[str]]:
    """state.values for a submission, and the client-side errors that would stop Slack sending it.

    A value is matched to an input by block_id, action_id or label (case-insensitive).
    """
    state: JSON = {}
    problems: list[str] = []
    used: set[str] = set()
    for block in view.blocks:
        element = block.get("element")
        if block.get("type") != "input" or not isinstance(element, dict):
            continue
        block_id, action_id = str(block.get("block_id", "")), str(element.get("action_id", ""))
        label = str((block.get("label") or {}).get("text", ""))
        key = next((k for k in values if k in (block_id, action_id) or k.casefold() == label.casefold()), None)
        raw = values[key] if key is not None else None
        if key is not None:
            used.add(key)
        entry, filled = _input_state(element, raw)
        if not filled and not block.get("optional", False):
            problems.append(f"{label}: Please fill out this field.")
        text = entry.get("value")
        if isinstance(text, str):
            if len(text) < int(element.get("min_length", 0)):
                problems.append(f"{label}: Please enter at least {element['min_length']} characters.")
            if "max_length" in element and len(text) > int(element["max_length"]):
                problems.append(f"{label}: Please enter at most {element['max_length']} characters.")
        state.setdefault(block_id, {})[action_id] = entry
    unknown = sorted(set(values) - used)
    if unknown:
        raise ValueError(f"no input matches {', '.join(unknown)}")
    return state, problems


def parse_ack(text: str) -> Any:
    """An ack body: JSON when the app sent JSON, else the text Slack would show."""
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return {"text": text}
