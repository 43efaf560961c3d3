"""IVS is live only while a running MediaLive channel pushes to it with a current key: the fake and the sandbox."""

from __future__ import annotations

import pytest

from core.errors import AwsFailure, NotReady, ResourceMissing
from tests.contract.world import World, new_show, start, stop


def test_ivs_is_live_only_while_a_running_channel_pushes_with_a_current_key(world: World) -> None:
    show = new_show(world)
    assert not world.ivs.is_live(show.ivs.arn)  # idle
    start(world, show)
    assert world.ivs.is_live(show.ivs.arn)
    with pytest.raises(NotReady):
        world.ivs.delete_channel(show.ivs.arn)  # live
    stop(world, show)
    assert not world.ivs.is_live(show.ivs.arn)


def test_a_recording_only_channel_never_makes_ivs_live(world: World) -> None:
    show = new_show(world, public=False)
    start(world, show)
    assert not world.ivs.is_live(show.ivs.arn)


def test_a_deleted_key_stops_ivs_being_live_and_a_new_key_does_not_bring_it_back(world: World) -> None:
    show = new_show(world)
    start(world, show)
    world.ivs.delete_stream_key(show.ivs.stream_key_arn)
    assert not world.ivs.is_live(show.ivs.arn)
    world.ivs.delete_stream_key(show.ivs.stream_key_arn)  # again: nothing to do
    with pytest.raises(ResourceMissing):
        world.ivs.stream_key(show.ivs.stream_key_arn)
    fresh = world.ivs.create_stream_key(show.ivs.arn)
    assert world.ivs.stream_key(fresh) != show.plan.stream_key
    world.waits.sleep(0.5)
    assert not world.ivs.is_live(show.ivs.arn)  # the channel still pushes the old key


def test_stop_stream_cuts_the_push_until_the_output_reconnects_with_its_still_valid_key(world: World) -> None:
    show = new_show(world)
    world.ivs.stop_stream(show.ivs.arn)  # not live: nothing to do
    start(world, show)
    world.ivs.stop_stream(show.ivs.arn)
    assert not world.ivs.is_live(show.ivs.arn)
    assert world.until(lambda: world.ivs.is_live(show.ivs.arn), timeout=3)


def test_a_channel_holds_one_stream_key_and_a_deleted_channel_is_simply_gone(world: World) -> None:
    show = new_show(world, public=False)
    with pytest.raises(AwsFailure):
        world.ivs.create_stream_key(show.ivs.arn)  # it has one already
    world.ivs.stop_stream(show.ivs.arn)
    world.ivs.delete_channel(show.ivs.arn)
    world.ivs.delete_channel(show.ivs.arn)  # again: nothing to do
    assert not world.ivs.is_live(show.ivs.arn)
    with pytest.raises(ResourceMissing):
        world.ivs.stream_key(show.ivs.stream_key_arn)  # went with its channel
    with pytest.raises(ResourceMissing):
        world.ivs.create_stream_key(show.ivs.arn)


def test_listed_channels_carry_their_name_and_tags_until_deleted(world: World) -> None:
    show = new_show(world, public=False)
    listed = {c.arn: c for c in world.ivs.list_channels()}
    assert listed[show.ivs.arn].name == show.plan.name
    assert listed[show.ivs.arn].tags == show.plan.tags
    world.ivs.delete_channel(show.ivs.arn)
    assert show.ivs.arn not in {c.arn for c in world.ivs.list_channels()}


def test_the_live_streams_viewer_counts_list_exactly_the_live_channels(world: World) -> None:
    show, quiet = new_show(world), new_show(world)
    assert show.ivs.arn not in world.ivs.live_viewers()
    start(world, show)
    counts = world.ivs.live_viewers()
    assert counts[show.ivs.arn] == 0  # nobody watches unless a viewer is set
    assert counts[show.ivs.arn] == world.ivs.viewer_count(show.ivs.arn)
    assert quiet.ivs.arn not in counts
    stop(world, show)
    assert show.ivs.arn not in world.ivs.live_viewers()
