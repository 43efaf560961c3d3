"""The operator's view end to end: `/shelcaster channels` and the Home tab list every channel with its show,
state, running time and cost, and admins stop or delete from them behind a confirm."""

from __future__ import annotations

from sandbox.slack import Console, run_script
from tests.bot.conftest import BotWorld, open_show, studio_encoder_on

# The overview sorts the bot's running channels by show name; these sort first among the suite's shows.
SHOW = "AAA Operator Show"


def _live(world: BotWorld, channel: str, name: str) -> str:
    host = world.dispatcher(channel)
    open_show(host, name)
    studio_encoder_on(world, channel)
    host.click("Go live")
    assert host.wait_for("the stream is LIVE on IVS", timeout=30), host.render()
    channel_id = world.runtime.control.require_current(chat_channel=channel).resources.channel_id
    assert channel_id
    return channel_id


def test_channels_is_for_admins_and_lists_the_show_with_its_state_time_and_cost(world: BotWorld, channel: str) -> None:
    channel_id = _live(world, channel, SHOW)
    host = world.dispatcher(channel)
    host.slash("channels")
    assert host.wait_for("only Shelcaster admins", timeout=5)
    host.slash("help")
    assert host.wait_for("record stop", timeout=5)
    assert "`/shelcaster channels`" not in host.render()  # help lists only what the caller may run

    admin = world.dispatcher(channel, "U0ADMIN")
    admin.slash("channels")
    assert admin.wait_for("MediaLive spend of this bot's shows today", timeout=10), admin.render()
    rows = [line for line in admin.render().splitlines() if SHOW in line and channel_id in line]
    assert rows, admin.render()
    assert "running " in rows[0] and "stream 🔴 LIVE" in rows[0] and "so far" in rows[0] and "/h now" in rows[0]

    admin.click(_stop_button(admin, channel_id))  # behind a confirm dialog, confirmed
    assert "Stop the channel?" in admin.out.getvalue()  # type: ignore[attr-defined]
    assert admin.wait_for(f"@admin stopped channel {channel_id}", timeout=30), admin.render()
    assert host.wait_for("stopped the MediaLive channel of", timeout=30), host.render()  # the show's thread too
    host.slash("end")
    host.click("End show")
    assert host.wait_for("Show ended", timeout=30)


def _stop_button(console: Console, channel_id: str) -> int:
    return next(b.number for b in console.buttons() if b.label == "Stop now" and b.value == channel_id)


def test_the_home_tab_shows_admins_every_channel_and_stop_and_delete_ends_the_show(
    world: BotWorld, channel: str
) -> None:
    channel_id = _live(world, channel, "AAB Home Show")
    guest = world.dispatcher(channel, "U0GUEST")
    assert guest.open_home() == 200
    assert guest.wait_for_home("for Shelcaster admins", timeout=10), guest.home_render()
    assert "AAB Home Show" not in guest.home_render()

    admin = world.dispatcher(channel, "U0ADMIN")
    assert admin.open_home() == 200
    assert admin.wait_for_home("AAB Home Show", timeout=10), admin.home_render()
    home = admin.home_render()
    assert "MediaLive spend of this bot's shows today" in home and "running " in home

    assert admin.click_home("Stop & delete", value=channel_id) == 200
    assert "Stop and delete?" in admin.out.getvalue()  # type: ignore[attr-defined]
    assert admin.wait_for_home(f"stopped and deleted channel {channel_id}", timeout=60), admin.home_render()
    host = world.dispatcher(channel)
    assert host.wait_for("@admin stopped and deleted the MediaLive channel of AAB Home Show", timeout=30)
    assert host.wait_for("in total", timeout=10), host.render()  # the panel: ended, with its final cost
    assert world.runtime.store.sessions_for(channel)[0].status.value == "ENDED"


def test_the_console_opens_the_home_tab_from_a_script(world: BotWorld, channel: str) -> None:
    console = world.console(channel)
    assert run_script(console, ["as admin", "home"]) == 0
    printed = console.out.getvalue()  # type: ignore[attr-defined]
    assert "Shelcaster: every channel" in printed and "MediaLive spend of this bot's shows today" in printed
