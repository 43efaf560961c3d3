"""What the services rely on MediaLive for, held to by the fake and the real adapter alike."""

from __future__ import annotations

import pytest

from core.domain.channel_spec import (
    HOST_ATTACHMENT,
    SESSION_TAG,
    Attachment,
    channel_request,
    channel_update,
    push_input_request,
    security_group_request,
)
from core.domain.session import ChannelState
from core.errors import AwsFailure, InvalidRequest, NotReady
from tests.contract.world import World, edit, new_caller, new_show, start, stop


def test_a_new_channel_is_idle_after_the_create_waiter_holds_its_input_and_is_made_once(world: World) -> None:
    show = new_show(world)
    facts = world.medialive.describe_channel(show.channel_id)
    assert facts is not None
    assert facts.state is ChannelState.IDLE
    assert facts.name == show.plan.name
    assert facts.tags[SESSION_TAG] == show.session_id
    assert facts.input_ids == (show.input_id,)
    assert facts.pipelines_running == 0
    host = world.medialive.describe_input(show.input_id)
    assert host is not None
    assert (host.state, host.type, host.attached_channels) == ("ATTACHED", "RTMP_PUSH", (show.channel_id,))
    assert len(host.endpoints) == 1 and host.endpoints[0].startswith("rtmp://")
    assert show.channel_id in {c.id for c in world.medialive.list_channels()}
    assert show.input_id in {i.id for i in world.medialive.list_inputs()}
    again = push_input_request(
        session_id=show.session_id,
        name=show.plan.name,
        security_group_id=world.settings.input_security_group_id,
        channel_class=world.settings.channel_class,
        tags=show.plan.tags,
    )
    assert world.medialive.create_input(again).id == show.input_id  # the same RequestId: the same input
    assert world.medialive.create_channel(channel_request(show.plan)).id == show.channel_id


def test_starting_an_idle_channel_reaches_running_on_its_first_input(world: World) -> None:
    show = new_show(world)
    world.medialive.start_channel(show.channel_id)
    assert world.state(show.channel_id) is ChannelState.STARTING
    world.medialive.wait("channel_running", "start the channel", ChannelId=show.channel_id)
    facts = world.medialive.describe_channel(show.channel_id)
    assert facts is not None
    assert facts.state is ChannelState.RUNNING
    assert facts.pipelines_running == 1  # SINGLE_PIPELINE
    assert (facts.active_input, facts.active_switch) == (HOST_ATTACHMENT, None)
    stop(world, show)
    facts = world.medialive.describe_channel(show.channel_id)
    assert facts is not None
    assert (facts.state, facts.pipelines_running, facts.active_input) == (ChannelState.IDLE, 0, None)


def test_calls_in_the_wrong_state_are_refused_with_not_ready(world: World) -> None:
    show = new_show(world)
    with pytest.raises(NotReady):
        world.medialive.stop_channel(show.channel_id)  # idle
    start(world, show)
    with pytest.raises(NotReady):
        world.medialive.start_channel(show.channel_id)
    with pytest.raises(NotReady):
        world.medialive.update_channel(show.channel_id, Name="renamed")
    with pytest.raises(NotReady):
        world.medialive.delete_channel(show.channel_id)
    with pytest.raises(NotReady):
        world.medialive.delete_input(show.input_id)  # attached
    world.medialive.stop_channel(show.channel_id)
    with pytest.raises(NotReady):
        world.medialive.start_channel(show.channel_id)  # stopping


def test_an_update_drops_nothing_it_is_sent_the_channel_keeps_its_role_tags_and_input(world: World) -> None:
    show = edit(world, new_show(world), run="run-2", name="renamed-show")
    facts = world.medialive.describe_channel(show.channel_id)
    assert facts is not None
    assert (facts.state, facts.name, facts.input_ids) == (ChannelState.IDLE, "renamed-show", (show.input_id,))
    assert facts.tags[SESSION_TAG] == show.session_id
    start(world, show)
    world.waits.sleep(1.2)
    stop(world, show)
    keys = list(world.objects.keys(f"live/{show.session_id}/"))
    assert keys and all(k.startswith(f"live/{show.session_id}/run-2/p0/") for k in keys)  # still allowed to write


def test_an_update_that_leaves_the_role_out_removes_it_and_the_recording_stops(world: World) -> None:
    # UpdateChannel RoleArn doc: "If you do not specify this on an update call ... that role will be removed."
    show = new_show(world, run="run-1")
    changes = {k: v for k, v in channel_update(show.plan).items() if k != "RoleArn"}
    world.medialive.update_channel(show.channel_id, **changes)
    assert world.state(show.channel_id) is ChannelState.UPDATING
    world.medialive.wait("channel_stopped", "update the channel", ChannelId=show.channel_id)
    start(world, show)
    world.waits.sleep(1.2)
    stop(world, show)
    assert list(world.objects.keys(f"live/{show.session_id}/")) == []


def test_a_deleted_channel_is_gone_and_lets_go_of_its_input(world: World) -> None:
    show = new_show(world)
    world.medialive.delete_channel(show.channel_id)
    assert world.state(show.channel_id) is ChannelState.DELETING
    world.medialive.wait_gone("channel_deleted", "delete the channel", ChannelId=show.channel_id)
    assert world.medialive.describe_channel(show.channel_id) is None
    assert show.channel_id not in {c.id for c in world.medialive.list_channels()}
    world.medialive.delete_channel(show.channel_id)  # again: nothing to do
    world.medialive.wait_gone("input_detached", "detach an input", InputId=show.input_id)
    host = world.medialive.describe_input(show.input_id)
    assert host is not None and (host.state, host.attached_channels) == ("DETACHED", ())
    world.medialive.delete_input(show.input_id)
    world.medialive.wait_gone("input_deleted", "delete an input", InputId=show.input_id)
    assert world.medialive.describe_input(show.input_id) is None
    assert show.input_id not in {i.id for i in world.medialive.list_inputs()}


def test_a_security_group_is_freed_only_once_its_input_is_deleted(world: World) -> None:
    show = new_show(world)
    group, caller = new_caller(world, show, cidrs=["203.0.113.7/32"])
    with pytest.raises(NotReady):
        world.medialive.delete_security_group(group)
    world.medialive.delete_input(caller)
    world.medialive.wait_gone("input_deleted", "delete an input", InputId=caller)
    world.medialive.delete_security_group(group)
    world.medialive.delete_security_group(group)  # again: nothing to do
    with pytest.raises(AwsFailure):
        world.medialive.create_security_group(security_group_request(cidrs=["not-an-address"], tags={}))


def test_listed_security_groups_carry_their_tags_and_the_inputs_that_hold_them(world: World) -> None:
    show = new_show(world)
    group, caller = new_caller(world, show, cidrs=["203.0.113.7/32"])
    listed = {g.id: g for g in world.medialive.list_security_groups()}
    assert listed[group].tags == show.plan.tags
    assert (listed[group].inputs, listed[group].state) == ((caller,), "IN_USE")
    assert listed[group].arn.startswith("arn:aws:medialive:") and listed[group].arn.endswith(group)
    world.medialive.delete_input(caller)
    world.medialive.wait_gone("input_deleted", "delete an input", InputId=caller)
    freed = {g.id: g for g in world.medialive.list_security_groups()}[group]
    assert (freed.inputs, freed.state) == ((), "IDLE")
    world.medialive.delete_security_group(group)
    assert group not in {g.id for g in world.medialive.list_security_groups()}


@pytest.mark.wait_timeout(1.0)
def test_a_wait_that_cannot_succeed_gives_up_after_the_timeout(world: World) -> None:
    show = new_show(world)
    before = world.waits.monotonic()
    with pytest.raises(AwsFailure) as refused:
        world.medialive.wait("channel_running", "start the channel", ChannelId=show.channel_id)  # never started
    assert refused.value.code == "Timeout" and refused.value.retryable
    assert 0.8 <= world.waits.monotonic() - before < 5
    world.medialive.wait_gone("channel_deleted", "delete the channel", ChannelId="1234567")  # never existed: gone


def test_an_immediate_switch_goes_on_air_and_a_cleared_schedule_restarts_on_the_first_input(world: World) -> None:
    show = new_show(world)
    _, caller = new_caller(world, show, cidrs=["0.0.0.0/0"])
    show = edit(world, show, extra_inputs=(Attachment("caller-1", caller),))
    start(world, show)
    switch = {
        "ActionName": "switch-caller-1",
        "ScheduleActionStartSettings": {"ImmediateModeScheduleActionStartSettings": {}},
        "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": "caller-1"}},
    }
    world.medialive.update_schedule(show.channel_id, creates=[switch], deletes=[])
    facts = world.medialive.describe_channel(show.channel_id)
    assert facts is not None and (facts.active_input, facts.active_switch) == ("caller-1", "switch-caller-1")
    stop(world, show)
    world.medialive.clear_schedule(show.channel_id)
    start(world, show)
    facts = world.medialive.describe_channel(show.channel_id)
    assert facts is not None and (facts.active_input, facts.active_switch) == (HOST_ATTACHMENT, None)


def test_the_schedule_refuses_what_medialive_refuses_as_invalid_request(world: World) -> None:
    show = new_show(world)

    def switch(name: str, to: str) -> dict[str, object]:
        return {
            "ActionName": name,
            "ScheduleActionStartSettings": {"ImmediateModeScheduleActionStartSettings": {}},
            "ScheduleActionSettings": {"InputSwitchSettings": {"InputAttachmentNameReference": to}},
        }

    with pytest.raises(InvalidRequest):
        world.medialive.update_schedule(show.channel_id, creates=[switch("a", "host")], deletes=[])  # idle
    start(world, show)
    with pytest.raises(InvalidRequest):
        world.medialive.update_schedule(show.channel_id, creates=[switch("b", "caller-9")], deletes=[])
    with pytest.raises(InvalidRequest):
        world.medialive.update_schedule(show.channel_id, creates=[], deletes=["never-made"])
    world.medialive.update_schedule(show.channel_id, creates=[switch("c", "host")], deletes=[])
    with pytest.raises(InvalidRequest):
        world.medialive.update_schedule(show.channel_id, creates=[switch("c", "host")], deletes=[])  # name taken
    world.medialive.update_schedule(show.channel_id, creates=[switch("d", "host")], deletes=["c"])
