"""The channel as a person sees it: Block Kit drawn as terminal text, clickable elements numbered."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.slack.model import JSON, Message, View

CLICKABLE = ("button", "static_select", "overflow")
# Slack draws :shortcodes: as emoji; the common status ones are drawn here, others stay as typed.
EMOJI = {
    "red_circle": "🔴", "large_green_circle": "🟢", "green_circle": "🟢", "large_yellow_circle": "🟡",
    "white_circle": "⚪", "black_circle": "⚫", "large_blue_circle": "🔵", "white_check_mark": "✅",
    "heavy_check_mark": "✔️", "x": "❌", "warning": "⚠️", "no_entry": "⛔", "rotating_light": "🚨",
    "hourglass_flowing_sand": "⏳", "hourglass": "⌛", "record_button": "⏺️", "black_square_for_stop": "⏹️",
    "arrow_forward": "▶️", "double_vertical_bar": "⏸️", "studio_microphone": "🎙️", "microphone": "🎤",
    "movie_camera": "🎥", "tv": "📺", "satellite_antenna": "📡", "moneybag": "💰", "money_with_wings": "💸",
    "bell": "🔔", "key": "🔑", "lock": "🔒", "wastebasket": "🗑️", "clapper": "🎬",
}  # fmt: skip
RULE = "-" * 72


@dataclass(frozen=True)
class Button:
    """One clickable element on screen: a button, a static_select or an overflow menu."""

    number: int
    kind: str
    label: str
    action_id: str
    block_id: str
    element: JSON
    value: str | None = None
    url: str | None = None
    style: str | None = None
    confirm: JSON | None = None
    options: tuple[tuple[str, str], ...] = ()  # (text, value) for selects and overflow menus
    message: Message | None = None  # the source message (None inside a modal)
    view: View | None = None  # the source modal (None in a message)


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def _emoji(text: str) -> str:
    return re.sub(r":([a-z0-9_+-]+):", lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def _options(element: JSON) -> tuple[tuple[str, str], ...]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    return tuple((_text(o.get("text")), str(o.get("value", ""))) for o in options)


class _Painter:
    def __init__(self, user_name: Callable[[str], str], channel_name: Callable[[str], str]) -> None:
        self.user_name, self.channel_name = user_name, channel_name
        self.lines: list[str] = []
        self.buttons: list[Button] = []

    def mrkdwn(self, text: str) -> str:
        """mrkdwn lightly stripped: mentions and links resolved, emphasis markers dropped."""

        def link(m: re.Match[str]) -> str:
            target, _, label = m.group(1).partition("|")
            if target.startswith("@"):
                return "@" + (label or self.user_name(target[1:]))
            if target.startswith("#"):
                return "#" + (label or self.channel_name(target[1:]))
            if target.startswith("!subteam^"):
                return label or "@" + target.removeprefix("!subteam^")
            if target.startswith("!date^"):
                return label or target
            if target.startswith("!"):
                return "@" + target[1:]
            return label or target

        text = re.sub(r"<([^<>]+)>", link, text)
        text = re.sub(r"```\n?(.*?)\n?```", r"\1", text, flags=re.S)
        for mark in ("*", "_", "~", "`"):
            m = re.escape(mark)
            text = re.sub(rf"(?<![\w{m}]){m}(?=\S)([^{m}\n]*?\S){m}(?![\w{m}])", r"\1", text)
        return _emoji(html.unescape(text))

    def obj(self, obj: Any) -> str:
        if not isinstance(obj, dict):
            return ""
        return self.mrkdwn(_text(obj)) if obj.get("type") == "mrkdwn" else _emoji(_text(obj))

    def element(self, element: JSON, block_id: str, message: Message | None, view: View | None) -> str:
        kind = str(element.get("type", ""))
        if kind not in CLICKABLE:
            return f"<{kind}>"
        number = len(self.buttons) + 1
        options = _options(element)
        if kind == "button":
            label = _emoji(_text(element.get("text")))
            shown = f"[{number}] {label}"
        elif kind == "static_select":
            label = _text(element.get("placeholder")) or "Select"
            current = _text((element.get("initial_option") or {}).get("text")) or "-"
            shown = f"[{number}] {label}: {current} ({' | '.join(t for t, _ in options)})"
        else:
            label = "..."
            shown = f"[{number}] ... ({' | '.join(t for t, _ in options)})"
        self.buttons.append(
            Button(
                number=number,
                kind=kind,
                label=label,
                action_id=str(element.get("action_id", "")),
                block_id=block_id,
                element=element,
                value=element.get("value"),
                url=element.get("url"),
                style=element.get("style"),
                confirm=element.get("confirm"),
                options=options,
                message=message,
                view=view,
            )
        )
        return shown

    def blocks(self, blocks: Sequence[JSON], indent: str, message: Message | None, view: View | None) -> None:
        def put(text: str) -> None:
            self.lines.extend(indent + line for line in text.splitlines() or [""])

        for block in blocks:
            kind, block_id = block.get("type"), str(block.get("block_id", ""))
            if kind == "header":
                put(f"== {self.obj(block.get('text'))} ==")
            elif kind == "section":
                if block.get("text"):
                    put(self.obj(block["text"]))
                fields = [" ".join(self.obj(f).split()) for f in block.get("fields") or []]
                for i in range(0, len(fields), 2):
                    put("    ".join(fields[i : i + 2]))
                if isinstance(block.get("accessory"), dict):
                    put("  " + self.element(block["accessory"], block_id, message, view))
            elif kind == "context":
                items = [
                    f"[{e.get('alt_text', 'image')}]" if e.get("type") == "image" else self.obj(e)
                    for e in block.get("elements") or []
                ]
                put("  " + " | ".join(items))
            elif kind == "divider":
                put("- " * 20)
            elif kind == "actions":
                put("   ".join(self.element(e, block_id, message, view) for e in block.get("elements") or []))
            elif kind == "image":
                put(f"[image: {block.get('alt_text', '')}]")
            elif kind == "input":
                put(f"{_text(block.get('label'))}: {self.input_value(block.get('element') or {})}")
            elif kind in ("markdown", "rich_text"):
                put(self.mrkdwn(self.rich_text(block)))
            else:
                put(f"[{kind}]")

    @staticmethod
    def input_value(element: JSON) -> str:
        initial = element.get("initial_value") or _text((element.get("initial_option") or {}).get("text"))
        return f"{initial or '______'}  ({element.get('type', '')} {element.get('action_id', '')})".rstrip()

    def rich_text(self, node: Any) -> str:
        if isinstance(node, str):
            return node
        if isinstance(node, list):
            return "".join(self.rich_text(n) for n in node)
        if not isinstance(node, dict):
            return ""
        if node.get("type") == "user":
            return "@" + self.user_name(str(node.get("user_id", "")))
        return str(node.get("text", "")) + self.rich_text(node.get("elements", []))

    def message(self, msg: Message, indent: str, heading: str = "", *, reply: bool = False) -> None:
        stamp = time.strftime("%H:%M:%S", time.localtime(float(msg.ts)))
        edited = "  (edited)" if msg.edited else ""
        head = f"{indent}{heading}{self.user_name(msg.user)}  {stamp}{edited}"
        text = self.mrkdwn(msg.text)
        if reply and not msg.blocks and "\n" not in text:  # a one-line thread event fits on one line
            self.lines.append(f"{head}  {text}")
            return
        self.lines.append(head)
        if msg.blocks:
            self.blocks(msg.blocks, indent + "    ", msg, None)
        else:
            self.lines.extend(f"{indent}    {line}" for line in text.splitlines())
        if msg.replies:
            count = len(msg.replies)
            self.lines.append(f"{indent}    thread: {count} repl{'y' if count == 1 else 'ies'}")
            for child in msg.replies:
                self.message(child, indent + "    | ", reply=True)

    def modal(self, view: View, errors: Mapping[str, str]) -> None:
        buttons = [f"[{name}: {_text(view.view.get(name))}]" for name in ("submit", "close") if view.view.get(name)]
        self.lines += ["", f"+-- modal: {view.title}  (callback_id {view.callback_id or '-'})"]
        start = len(self.lines)
        self.blocks(view.blocks, "", None, view)
        for block in view.blocks:
            if str(block.get("block_id")) in errors:
                self.lines.append(f"! {_text(block.get('label'))}: {errors[str(block.get('block_id'))]}")
        self.lines[start:] = ["| " + line for line in self.lines[start:]]
        self.lines += ["| " + "  ".join(buttons), "+" + "-" * 40]


@dataclass
class Screen:
    lines: list[str] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def paint(
    *,
    channel: str,
    messages: Sequence[Message],
    ephemerals: Sequence[Message],
    modal: View | None,
    modal_errors: Mapping[str, str],
    user_name: Callable[[str], str],
    channel_name: Callable[[str], str],
) -> Screen:
    """Draw a channel, its threads, the viewer's ephemerals and open modal; number clickables in order."""
    painter = _Painter(user_name, channel_name)
    painter.lines += [f"#{channel_name(channel)}", RULE]
    for msg in messages:
        painter.message(msg, "")
        painter.lines.append(RULE)
    if not messages:
        painter.lines += ["(no messages yet)", RULE]
    for msg in ephemerals:
        painter.message(msg, "", "(only visible to you) ")
        painter.lines.append(RULE)
    if modal is not None:
        painter.modal(modal, modal_errors)
    return Screen(painter.lines, painter.buttons)


def paint_home(view: View | None, *, user_name: Callable[[str], str], channel_name: Callable[[str], str]) -> Screen:
    """Draw the app's Home tab as its person sees it; clickables numbered as in a channel."""
    painter = _Painter(user_name, channel_name)
    painter.lines += ["Home", RULE]
    if view is None:
        painter.lines.append("(the app has not published a Home tab for you)")
    else:
        painter.blocks(view.blocks, "", None, view)
    painter.lines.append(RULE)
    return Screen(painter.lines, painter.buttons)
