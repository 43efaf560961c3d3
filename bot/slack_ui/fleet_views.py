"""The operator's overview as Block Kit (pure): the `channels` reply and the Home tab show the same rows.

Each of the bot's channels has Stop (while it runs) and Stop & delete, both behind a confirm dialog; channels the
bot did not create are listed with their state only, since the bot never changes them.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack_ui import messages, progress
from core.watchdog.overview import Fleet, FleetChannel

FLEET_PREFIX = "shelcaster-fleet:"  # its own listener: a Home tab's click has no chat channel to route by
# An action id is `<prefix><stop|delete>:<channel id>`: Slack refuses a surface whose action ids repeat.
STOP, DELETE = "stop", "delete"
MESSAGE_ROWS = 20  # a message holds 50 blocks: two per channel, and the summary
HOME_ROWS = 45  # a Home tab holds 100


def row_text(row: FleetChannel, fleet: Fleet) -> str:
    """`*Late Show* in #morning-show · running 1:02:03 · stream LIVE · $3.20 so far · $5.07/h now`."""
    now = fleet.at
    if row.session is not None:
        head = messages.FLEET_SHOW.format(show=row.session.show_name, chat=row.session.chat_channel)
    elif row.ours:
        head = messages.FLEET_NO_SHOW.format(name=row.name or row.channel_id)
    else:
        head = messages.FLEET_NOT_OURS.format(name=row.name or row.channel_id)
    parts = [head, f"`{row.channel_id}`", row.state.value.lower()]
    if row.running_since is not None:
        parts[-1] = f"running {progress.elapsed(row.running_since, now)}"
    session = row.session
    if session is not None and session.status.active:
        parts.append(f"stream {progress.stream_clock(session, now)}")
    if row.cost is not None:
        ended = session is not None and session.final_cost is not None
        parts.append(f"${row.cost:.2f} " + ("in total" if ended else "so far"))
    if row.hourly:
        parts.append(f"${row.hourly:.2f}/h now" + ("" if row.ours else messages.FLEET_HOURLY_GUESS))
    if row.warned:
        parts.append(messages.FLEET_WARNED)
    return " · ".join(p for p in parts if p)


def _confirm(title: str, text: str, label: str) -> ConfirmObject:
    return ConfirmObject(title=title, text=text, confirm=label, deny="Cancel", style="danger")


def row_buttons(row: FleetChannel) -> list[ButtonElement]:
    if not row.ours:
        return []
    subject = row.session.show_name if row.session is not None else row.name or row.channel_id
    buttons = []
    if row.stoppable:
        text = messages.FLEET_STOP_CONFIRM.format(subject=subject)
        buttons.append(
            ButtonElement(
                text=messages.WATCH_STOP_BUTTON,
                action_id=f"{FLEET_PREFIX}{STOP}:{row.channel_id}",
                value=row.channel_id,
                confirm=_confirm(messages.FLEET_STOP_TITLE, text[:300], messages.WATCH_STOP_BUTTON),
            )
        )
    if row.deletable:
        buttons.append(
            ButtonElement(
                text=messages.WATCH_DELETE_BUTTON,
                action_id=f"{FLEET_PREFIX}{DELETE}:{row.channel_id}",
                value=row.channel_id,
                style="danger",
                confirm=_confirm(
                    messages.WATCH_DELETE_CONFIRM_TITLE,
                    messages.WATCH_DELETE_CONFIRM_TEXT,
                    messages.WATCH_DELETE_BUTTON,
                ),
            )
        )
    return buttons


def summary(fleet: Fleet) -> str:
    ours, others = fleet.ours, fleet.others
    return messages.FLEET_SUMMARY.format(
        ours=len(ours),
        running=sum(1 for c in ours if c.on_air),
        others=len(others),
        others_running=sum(1 for c in others if c.on_air),
        spent=fleet.spent_today,
        since=fleet.day_start,
    )


def fleet_blocks(fleet: Fleet, *, rows: int, note: str | None = None) -> list[dict[str, Any]]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=summary(fleet)))]
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note[:3000])]))
    for row in fleet.channels[:rows]:
        blocks.append(
            SectionBlock(block_id=f"fleet:{row.channel_id}", text=MarkdownTextObject(text=row_text(row, fleet)))
        )
        buttons = row_buttons(row)
        if buttons:
            blocks.append(ActionsBlock(block_id=f"fleet_actions:{row.channel_id}", elements=list(buttons)))
    if not fleet.channels:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=messages.FLEET_EMPTY)))
    if len(fleet.channels) > rows:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=messages.FLEET_MORE.format(count=len(fleet.channels) - rows))]
            )
        )
    return [b.to_dict() for b in blocks]


def channels_reply(fleet: Fleet, *, note: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    return summary(fleet), fleet_blocks(fleet, rows=MESSAGE_ROWS, note=note)


def home_view(fleet: Fleet | None, *, admin: bool, note: str | None = None) -> dict[str, Any]:
    """The Home tab: the overview for an admin, a pointer to the show's own commands for anyone else."""
    head: list[dict[str, Any]] = [HeaderBlock(text=messages.HOME_TITLE).to_dict()]
    if not admin or fleet is None:
        text = messages.HOME_NOT_ADMIN if not admin else messages.HOME_UNAVAILABLE
        return {"type": "home", "blocks": [*head, SectionBlock(text=MarkdownTextObject(text=text)).to_dict()]}
    updated = ContextBlock(elements=[MarkdownTextObject(text=messages.HOME_UPDATED.format(at=fleet.at))]).to_dict()
    blocks = [*head, updated, DividerBlock().to_dict(), *fleet_blocks(fleet, rows=HOME_ROWS, note=note)]
    return {"type": "home", "blocks": blocks}
