"""The `platform add` modal: Block Kit out, submitted values in (pure)."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import InputBlock, Option, PlainTextInputElement, StaticSelectElement
from slack_sdk.models.views import View

from core.domain.platform_rules import KNOWN_PLATFORMS, PlatformInput

CALLBACK_ID = "shelcaster:platform_add"
FIELDS = {"kind": "platform_kind", "url": "platform_url", "key": "platform_key"}  # field -> block id


def modal(*, chat_channel: str, session_id: str) -> dict[str, Any]:
    options = [Option(value=kind, label=label) for kind, (label, _) in KNOWN_PLATFORMS.items()]
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Add a platform",
        submit="Add",
        close="Cancel",
        private_metadata=json.dumps({"channel": chat_channel, "session": session_id}),
        blocks=[
            InputBlock(
                block_id=FIELDS["kind"],
                label="Platform",
                element=StaticSelectElement(action_id="kind", options=options, initial_option=options[0]),
            ),
            InputBlock(
                block_id=FIELDS["url"],
                label="RTMP(S) URL",
                optional=True,
                hint="Leave empty to use the platform's usual ingest URL.",
                element=PlainTextInputElement(action_id="url", placeholder="rtmps://…"),
            ),
            InputBlock(
                block_id=FIELDS["key"],
                label="Stream key",
                hint="Stored encrypted in AWS and never shown again.",
                element=PlainTextInputElement(action_id="key"),
            ),
        ],
    )
    return view.to_dict()


def submitted(view: dict[str, Any]) -> tuple[PlatformInput, dict[str, str]]:
    """The entry and the metadata (chat channel, session) from a view_submission's view."""
    values = view.get("state", {}).get("values", {})

    def value(block: str) -> str:
        # one element per input block: read it whatever its action id
        element: dict[str, Any] = next(iter(values.get(block, {}).values()), {})
        selected = element.get("selected_option") or {}
        return str(selected.get("value") or element.get("value") or "")

    entry = PlatformInput(kind=value(FIELDS["kind"]), url=value(FIELDS["url"]), key=value(FIELDS["key"]))
    meta = json.loads(view.get("private_metadata") or "{}")
    return entry, {str(k): str(v) for k, v in meta.items()}
