"""Acks first: work waits for a pause in the requests, few AWS calls at a time, few threads running Python at
once, no slot or lane kept, no call stopped."""

from __future__ import annotations

import threading
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import Stubber

from bot.entry.acks_first import AcksFirst
from core.adapters.aws.clients import gate_calls


def _capped(gate: AcksFirst) -> tuple[Any, Stubber]:
    """A DynamoDB client with the cap attached before the stubber, as a real client's handlers come first."""
    client = botocore.session.get_session().create_client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    gate_calls(client, gate)
    stubber = Stubber(client)
    stubber.activate()
    return client, stubber


def _in_thread(call: Any) -> threading.Event:
    done = threading.Event()
    threading.Thread(target=lambda: (call(), done.set()), daemon=True).start()
    return done


def _hold_a_slot(gate: AcksFirst) -> threading.Event:
    """Another thread's call in flight until the returned event is set."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        gate.enter()
        held.set()
        release.wait(10)
        gate.leave()

    threading.Thread(target=hold, daemon=True).start()
    assert held.wait(5)
    return release


def test_a_call_waits_while_every_slot_is_in_flight() -> None:
    gate = AcksFirst(slots=1, wait=30, patience=0)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    release = _hold_a_slot(gate)
    done = _in_thread(client.list_tables)
    assert not done.wait(0.3)
    release.set()
    assert done.wait(5)


def test_the_wait_for_a_slot_is_bounded_so_work_is_slowed_never_stopped() -> None:
    gate = AcksFirst(slots=1, wait=0.05, patience=0)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    release = _hold_a_slot(gate)  # e.g. a slot lost to a bug: calls still go, after the wait
    assert _in_thread(client.list_tables).wait(5)
    release.set()


def test_no_slot_is_kept_by_calls_that_succeed_fail_or_are_refused_before_sending() -> None:
    gate = AcksFirst(slots=2, wait=0.01, patience=0)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    stubber.add_client_error("describe_table", "ResourceNotFoundException")
    stubber.add_response("describe_table", {})
    client.list_tables()
    with pytest.raises(ClientError):
        client.describe_table(TableName="gone")
    with pytest.raises(ParamValidationError):
        client.describe_table()  # refused before the call is made: it never took a slot
    assert [gate._slots.acquire(blocking=False) for _ in range(2)] == [True, True]


def test_slots_are_per_call_not_per_thread() -> None:
    gate = AcksFirst(slots=1, wait=30, patience=0)
    client, stubber = _capped(gate)
    for _ in range(3):
        stubber.add_response("list_tables", {"TableNames": []})
    for _ in range(3):  # one thread, calls one after another: each gives its slot back
        client.list_tables()
    assert gate._slots.acquire(blocking=False)


def test_a_call_waits_while_a_request_is_being_acked() -> None:
    gate = AcksFirst(patience=30)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    with gate.ack():
        done = _in_thread(client.list_tables)
        assert not done.wait(0.3)
    assert done.wait(5)


def test_the_wait_for_acks_is_bounded_so_a_flood_of_requests_slows_work_without_stopping_it() -> None:
    gate = AcksFirst(patience=0.05)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    with gate.ack():
        assert _in_thread(client.list_tables).wait(5)


def test_a_request_thread_never_waits_for_the_pause_it_is_part_of() -> None:
    gate = AcksFirst(patience=30)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    with gate.ack():
        assert _in_thread(lambda: None).wait(1)
        client.list_tables()  # would wait 30 s for the pause if this thread were not the one acking


def _lanes_free(gate: AcksFirst, lanes: int) -> bool:
    taken = [gate._lanes.acquire(blocking=False) for _ in range(lanes)]
    for ok in taken:
        if ok:
            gate._lanes.release()
    return all(taken)


def test_a_turn_holds_a_lane_until_its_work_ends_and_no_more_threads_than_lanes_run_at_once() -> None:
    gate = AcksFirst(lanes=1, wait=30, patience=0)
    inside, release = threading.Event(), threading.Event()

    def work() -> None:
        with gate.turn():
            inside.set()
            release.wait(10)

    threading.Thread(target=work, daemon=True).start()
    assert inside.wait(5)
    other = _in_thread(lambda: gate.turn().__enter__())
    assert not other.wait(0.3)  # the one lane is taken
    release.set()
    assert other.wait(5)


def test_calls_free_their_lane_while_the_network_answers_and_once_they_end() -> None:
    gate = AcksFirst(lanes=1, wait=0.01, patience=0)
    client, stubber = _capped(gate)
    stubber.add_response("list_tables", {"TableNames": []})
    stubber.add_client_error("describe_table", "ResourceNotFoundException")
    with gate.turn():
        client.list_tables()  # its first event frees the turn's lane; its end frees the call's
        assert _lanes_free(gate, 1)
        with pytest.raises(ClientError):
            client.describe_table(TableName="gone")
        assert _lanes_free(gate, 1)
    gate.after_pause()
    gate.enter()  # an attempt going out: the network needs no lane
    assert _lanes_free(gate, 1)
    gate.leave()


def test_a_thread_never_waits_for_a_pause_or_a_slot_while_it_holds_a_lane() -> None:
    gate = AcksFirst(lanes=1, slots=1, wait=30, patience=30)
    gate.after_pause()  # this thread holds the lane
    with gate.ack():
        waiting = _in_thread(gate.wait_for_pause)  # another thread waits for the pause...
        gate.wait_for_pause()  # ...and this one, acking, does not wait; but it let its lane go first
        assert _lanes_free(gate, 1)
        assert not waiting.wait(0.1)
    assert waiting.wait(5)
