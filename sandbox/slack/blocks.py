"""Block Kit validation with Slack's published limits.

Errors read like Slack's: "must be less than 3001 characters [json-pointer:/blocks/0/text/text]".
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from sandbox.slack.model import ApiError

MESSAGE_BLOCK_LIMIT = 50
MODAL_BLOCK_LIMIT = 100
MESSAGE_TEXT_LIMIT = 40000

BLOCK_TYPES = {
    "section", "divider", "image", "actions", "context", "input", "header",
    "rich_text", "file", "video", "markdown", "call",
}  # fmt: skip
SELECTS = {
    "static_select", "multi_static_select", "external_select", "multi_external_select",
    "users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
    "channels_select", "multi_channels_select",
}  # fmt: skip
OTHER_ELEMENTS = {
    "overflow", "datepicker", "datetimepicker", "timepicker", "checkboxes", "radio_buttons",
    "plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input",
    "file_input", "workflow_button", "image",
}  # fmt: skip
OPTION_LIMITS = {"overflow": 5, "checkboxes": 10, "radio_buttons": 10}


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.action_ids: set[str] = set()
        self.block_ids: set[str] = set()

    def err(self, message: str, path: str) -> None:
        self.errors.append(f"{message} [json-pointer:{path}]")

    def string(self, value: Any, path: str, limit: int, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.err("must provide a string", path)
        elif not isinstance(value, str):
            self.err("must be a string", path)
        elif len(value) > limit:
            self.err(f"must be less than {limit + 1} characters", path)
        elif required and not value:
            self.err("must be more than 0 characters", path)

    def text(self, obj: Any, path: str, limit: int, *, plain: bool = False, required: bool = True) -> None:
        if obj is None:
            if required:
                self.err("must provide an object", path)
            return
        if not isinstance(obj, dict):
            self.err("must be an object", path)
            return
        kinds = ("plain_text",) if plain else ("plain_text", "mrkdwn")
        if obj.get("type") not in kinds:
            self.err(f"must be one of {', '.join(kinds)}", f"{path}/type")
        self.string(obj.get("text"), f"{path}/text", limit, required=True)

    def action_id(self, element: dict[str, Any], path: str) -> None:
        action_id = element.get("action_id")
        if action_id is None:
            return
        self.string(action_id, f"{path}/action_id", 255)
        if action_id in self.action_ids:
            self.err("duplicate action_id", f"{path}/action_id")
        self.action_ids.add(str(action_id))

    def confirm(self, obj: Any, path: str) -> None:
        if obj is None:
            return
        if not isinstance(obj, dict):
            self.err("must be an object", path)
            return
        self.text(obj.get("title"), f"{path}/title", 100, plain=True)
        self.text(obj.get("text"), f"{path}/text", 300)
        self.text(obj.get("confirm"), f"{path}/confirm", 30, plain=True)
        self.text(obj.get("deny"), f"{path}/deny", 30, plain=True)
        if obj.get("style") not in (None, "primary", "danger"):
            self.err("must be one of primary, danger", f"{path}/style")

    def options(self, options: Any, path: str, limit: int) -> None:
        if not isinstance(options, list) or not options:
            self.err("must provide a non-empty array", path)
            return
        if len(options) > limit:
            self.err(f"must be less than {limit + 1} items", path)
        for i, option in enumerate(options):
            at = f"{path}/{i}"
            if not isinstance(option, dict):
                self.err("must be an object", at)
                continue
            self.text(option.get("text"), f"{at}/text", 75)
            self.string(option.get("value"), f"{at}/value", 150, required=True)

    def element(self, element: Any, path: str, *, allowed: set[str] | None = None) -> None:
        if not isinstance(element, dict):
            self.err("must be an object", path)
            return
        kind = element.get("type")
        if allowed is not None and kind not in allowed:
            self.err(f"unsupported element type {kind!r}", f"{path}/type")
            return
        self.action_id(element, path)
        if kind == "button":
            self.text(element.get("text"), f"{path}/text", 75, plain=True)
            self.string(element.get("value"), f"{path}/value", 2000)
            self.string(element.get("url"), f"{path}/url", 3000)
            if element.get("style") not in (None, "primary", "danger"):
                self.err("must be one of primary, danger", f"{path}/style")
        elif kind in SELECTS:
            self.text(element.get("placeholder"), f"{path}/placeholder", 150, plain=True, required=False)
            if kind in ("static_select", "multi_static_select"):
                groups = element.get("option_groups")
                if groups is None:
                    self.options(element.get("options"), f"{path}/options", 100)
                elif not isinstance(groups, list) or len(groups) > 100:
                    self.err("must be an array of at most 100 items", f"{path}/option_groups")
                else:
                    for i, group in enumerate(groups):
                        options = group.get("options") if isinstance(group, dict) else None
                        self.options(options, f"{path}/option_groups/{i}/options", 100)
        elif kind in OPTION_LIMITS:
            self.options(element.get("options"), f"{path}/options", OPTION_LIMITS[kind])
        elif kind == "image":
            self.string(element.get("alt_text"), f"{path}/alt_text", 2000, required=True)
        elif kind not in OTHER_ELEMENTS:
            self.err(f"unsupported element type {kind!r}", f"{path}/type")
            return
        self.confirm(element.get("confirm"), f"{path}/confirm")

    def block(self, block: Any, path: str) -> None:
        if not isinstance(block, dict):
            self.err("must be an object", path)
            return
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            self.err(f"unsupported block type {kind!r}", f"{path}/type")
            return
        block_id = block.get("block_id")
        if block_id is not None:
            self.string(block_id, f"{path}/block_id", 255)
            if block_id in self.block_ids:
                self.err("duplicate block_id", f"{path}/block_id")
            self.block_ids.add(str(block_id))
        getattr(self, f"_{kind}", lambda _b, _p: None)(block, path)

    def _section(self, block: dict[str, Any], path: str) -> None:
        text, fields = block.get("text"), block.get("fields")
        if text is None and fields is None:
            self.err("must provide either text or fields", path)
        self.text(text, f"{path}/text", 3000, required=False)
        if fields is not None:
            if not isinstance(fields, list) or not fields:
                self.err("must provide a non-empty array", f"{path}/fields")
            else:
                if len(fields) > 10:
                    self.err("must be less than 11 items", f"{path}/fields")
                for i, item in enumerate(fields):
                    self.text(item, f"{path}/fields/{i}", 2000)
        if block.get("accessory") is not None:
            self.element(block["accessory"], f"{path}/accessory")

    def _header(self, block: dict[str, Any], path: str) -> None:
        self.text(block.get("text"), f"{path}/text", 150, plain=True)

    def _context(self, block: dict[str, Any], path: str) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            self.err("must provide a non-empty array", f"{path}/elements")
            return
        if len(elements) > 10:
            self.err("must be less than 11 items", f"{path}/elements")
        for i, item in enumerate(elements):
            at = f"{path}/elements/{i}"
            if isinstance(item, dict) and item.get("type") == "image":
                self.string(item.get("image_url"), f"{at}/image_url", 3000, required=True)
                self.string(item.get("alt_text"), f"{at}/alt_text", 2000, required=True)
            else:
                self.text(item, at, 3000)

    def _actions(self, block: dict[str, Any], path: str) -> None:
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements:
            self.err("must provide a non-empty array", f"{path}/elements")
            return
        if len(elements) > 25:
            self.err("must be less than 26 items", f"{path}/elements")
        for i, item in enumerate(elements):
            self.element(item, f"{path}/elements/{i}")

    def _image(self, block: dict[str, Any], path: str) -> None:
        if "slack_file" not in block:
            self.string(block.get("image_url"), f"{path}/image_url", 3000, required=True)
        self.string(block.get("alt_text"), f"{path}/alt_text", 2000, required=True)
        self.text(block.get("title"), f"{path}/title", 2000, plain=True, required=False)

    def _input(self, block: dict[str, Any], path: str) -> None:
        self.text(block.get("label"), f"{path}/label", 2000, plain=True)
        self.text(block.get("hint"), f"{path}/hint", 2000, plain=True, required=False)
        if block.get("element") is None:
            self.err("must provide an object", f"{path}/element")
        else:
            self.element(block["element"], f"{path}/element")

    def _markdown(self, block: dict[str, Any], path: str) -> None:
        self.string(block.get("text"), f"{path}/text", 12000, required=True)

    def blocks(self, blocks: Any, path: str, limit: int) -> None:
        if not isinstance(blocks, list):
            self.err("must be an array", path)
            return
        if len(blocks) > limit:
            self.err(f"must be less than {limit + 1} items", path)
        for i, block in enumerate(blocks):
            self.block(block, f"{path}/{i}")


def validate_blocks(blocks: Any, *, limit: int = MESSAGE_BLOCK_LIMIT) -> list[str]:
    """Errors for a message's blocks; empty when Slack would accept them."""
    checker = _Checker()
    checker.blocks(blocks, "/blocks", limit)
    return checker.errors


def validate_view(view: Any) -> list[str]:
    """Errors for a modal (or home) view object, paths under /view like Slack's."""
    checker = _Checker()
    if not isinstance(view, dict):
        checker.err("must be an object", "/view")
        return checker.errors
    kind = view.get("type")
    if kind not in ("modal", "home"):
        checker.err("must be one of modal, home", "/view/type")
    if kind == "modal":
        checker.text(view.get("title"), "/view/title", 24, plain=True)
        checker.text(view.get("submit"), "/view/submit", 24, plain=True, required=False)
        checker.text(view.get("close"), "/view/close", 24, plain=True, required=False)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and view.get("submit") is None:
            checker.err("submit is required when an input block is within the blocks array", "/view/submit")
    checker.blocks(view.get("blocks"), "/view/blocks", MODAL_BLOCK_LIMIT)
    checker.string(view.get("private_metadata"), "/view/private_metadata", 3000)
    checker.string(view.get("callback_id"), "/view/callback_id", 255)
    checker.string(view.get("external_id"), "/view/external_id", 255)
    return checker.errors


def check_content(text: Any, blocks: Any, attachments: Any = None) -> None:
    """Slack's rules for a message body: text, blocks or attachments; text length; valid blocks."""
    if not text and not blocks and not attachments:
        raise ApiError("no_text")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT_LIMIT:
        raise ApiError("msg_too_long")
    if blocks is not None:
        errors = validate_blocks(blocks)
        if errors:
            raise ApiError(
                "invalid_blocks",
                errors=errors,
                response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
            )


def _short_id(seed: str) -> str:
    # Slack fills in missing block_id/action_id with short opaque ids; derive them so they are stable.
    return hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:6]


def fill_ids(blocks: list[dict[str, Any]], seed: str) -> list[dict[str, Any]]:
    """A copy of blocks with block_id/action_id filled in where the app left them out."""
    out = copy.deepcopy(blocks)
    for i, block in enumerate(out):
        block.setdefault("block_id", _short_id(f"{seed}/{i}"))
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        elements += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for j, element in enumerate(elements):
            if isinstance(element, dict) and element.get("type") not in ("plain_text", "mrkdwn", "image"):
                element.setdefault("action_id", _short_id(f"{seed}/{i}/{j}"))
    return out
