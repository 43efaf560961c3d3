"""manifest.yml is valid against Slack's manifest schema and asks for exactly the scopes the bot uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).parents[2]
SCHEMA = ROOT / "tests" / "data" / "slack-manifest.schema.json"

# Web API methods the bot may call -> the bot scope each needs (None: no scope needed).
METHOD_SCOPES: dict[str, str | None] = {
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "chat_postEphemeral": "chat:write",
    "usergroups_users_list": "usergroups:read",
    "users_info": "users:read",
    "views_open": None,
    "views_update": None,
    "views_publish": None,  # the Home tab; Slack lists no scope for views.publish
    "auth_test": None,
}


def _manifest() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())  # type: ignore[no-any-return]


def test_manifest_is_valid_against_slacks_schema() -> None:
    jsonschema.validate(_manifest(), json.loads(SCHEMA.read_text()))


def test_manifest_asks_for_the_scopes_the_code_uses_and_no_more() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    called = set(re.findall(r"\b(?:client|_client|slack)\.(\w+)\(", source)) & set(METHOD_SCOPES)
    needed = {METHOD_SCOPES[m] for m in called} - {None} | {"commands"}
    assert set(_manifest()["oauth_config"]["scopes"]["bot"]) == needed


def test_the_slash_command_and_interactivity_point_at_the_bolt_endpoint() -> None:
    manifest = _manifest()
    assert manifest["features"]["slash_commands"][0]["command"] == "/shelcaster"
    assert manifest["features"]["slash_commands"][0]["url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")


def test_the_home_tab_is_on_and_its_event_reaches_the_bolt_endpoint() -> None:
    manifest = _manifest()
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    events = manifest["settings"]["event_subscriptions"]
    assert events["bot_events"] == ["app_home_opened"]
    assert events["request_url"].endswith("/slack/events")
    source = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    assert 'app.event("app_home_opened")' in source and ".views_publish(" in source
