"""`kill -9` mid-action: the dead worker's claim stops being renewed, so within seconds another process takes it
over and finishes what was left; a live worker's claim is never taken, however long its work runs."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from core.domain.session import ChannelState, Session, SessionStatus
from core.errors import Busy
from core.show.claims import BEAT, HOLD_FOR, Change, Unchanged
from tests.fakes.crashes import Process, ProcessDied, acting_as, dies_at
from tests.service.kit import FakeKit, leftovers

PAST_HOLD = HOLD_FOR.total_seconds() + 1


def _process(kit: FakeKit, name: str) -> Process:
    process = Process(kit.settings, kit.aws, name=name)
    acting_as(process)
    return process


def _live_show(kit: FakeKit, process: Process) -> Session:
    control = process.services.control
    session = control.create_session(chat_channel=kit.chat_channel, show_name="Late Show", actor="host").session
    control.go_live(session_id=session.id, actor="host")
    live = control.follow(session_id=session.id, on_change=lambda s: None, timeout=20)
    assert live.channel_state is ChannelState.RUNNING
    kit.aws.waits.sleep(60)  # a minute on air
    return live


def test_an_end_killed_mid_teardown_is_finished_by_the_next_process_within_seconds(kit: FakeKit) -> None:
    first = _process(kit, "serve-1")
    session = _live_show(kit, first)
    dies_at(kit.aws.medialive, "delete_channel", after=False)
    with pytest.raises(ProcessDied):
        first.services.control.end_session(session_id=session.id, actor="producer")
    stopped_at = kit.aws.waits.now()
    wedged = kit.store.require(session.id)
    assert wedged.status is SessionStatus.ENDING and wedged.busy is not None
    assert all(run.end is not None for run in wedged.channel_runs)  # the run ended when its stop was asked for

    second = _process(kit, "serve-2")
    with pytest.raises(Busy):  # the mark is fresh: its worker might still be alive
        second.services.control.end_session(session_id=session.id, actor="producer")
    assert second.services.control.resume(session_id=session.id) is None
    kit.aws.waits.sleep(PAST_HOLD)  # nobody renewed it: the worker is dead

    finished = second.services.control.end_session(session_id=session.id, actor="producer")  # typed `end` again
    assert finished.changed
    assert finished.session.status is SessionStatus.ENDED and finished.session.busy is None
    assert leftovers(kit, session.id) == []
    assert max(run.end for run in finished.session.channel_runs if run.end) <= stopped_at  # not billed while wedged
    assert kit.store.current_id(kit.chat_channel) is None


def test_the_follow_up_finishes_an_end_whose_worker_died_without_anyone_asking(kit: FakeKit) -> None:
    first = _process(kit, "serve-1")
    session = _live_show(kit, first)
    dies_at(kit.aws.medialive, "stop_channel", after=True)
    with pytest.raises(ProcessDied):
        first.services.control.end_session(session_id=session.id, actor="producer")
    second = _process(kit, "serve-2")
    kit.aws.waits.sleep(PAST_HOLD)
    finished = second.services.control.resume(session_id=session.id)  # what the follow-up job does each minute
    assert finished is not None and finished.session.status is SessionStatus.ENDED
    assert "Final cost" in finished.message
    assert leftovers(kit, session.id) == []


def test_a_setup_killed_after_aws_made_the_channel_finishes_with_that_same_channel(kit: FakeKit) -> None:
    first = _process(kit, "serve-1")
    dies_at(kit.aws.medialive, "create_channel", after=True)  # AWS made it; the bot never wrote its id down
    with pytest.raises(ProcessDied):
        first.services.control.create_session(chat_channel=kit.chat_channel, show_name="Crash", actor="host")
    made = [c.id for c in kit.aws.medialive.list_channels()]
    session_id = kit.store.current_id(kit.chat_channel)
    assert session_id and kit.store.require(session_id).status is SessionStatus.CREATING

    second = _process(kit, "serve-2")
    assert second.services.control.resume(session_id=session_id) is None  # not yet: maybe it is only slow
    kit.aws.waits.sleep(PAST_HOLD)
    done = second.services.control.resume(session_id=session_id)
    assert done is not None and done.session.status is SessionStatus.READY
    assert done.session.resources.channel_id in made  # CreateChannel's RequestId gave back the same channel
    assert [c.id for c in kit.aws.medialive.list_channels()] == made
    second.services.control.end_session(session_id=session_id, actor="host")
    assert leftovers(kit, session_id) == []


def test_a_live_worker_keeps_its_claim_however_long_its_work_takes(kit: FakeKit) -> None:
    first, second = _process(kit, "serve-1"), _process(kit, "serve-2")
    session = first.services.control.create_session(chat_channel=kit.chat_channel, show_name="S", actor="h").session
    refused: list[str] = []

    def slow(s: Session) -> Change:
        kit.aws.waits.sleep(HOLD_FOR.total_seconds() * 10)  # e.g. minutes waiting for a channel to stop
        try:
            second.services.claims.act(s.id, action="live", actor="guest", check=lambda _: None, work=_noop)
        except Busy as busy:
            refused.append(str(busy))
        return (lambda x: x), "done"

    first.services.claims.act(session.id, action="end", actor="producer", check=lambda _: None, work=slow)
    assert refused and "producer is already running `end`" in refused[0]
    assert kit.store.require(session.id).busy is None  # released when done


def test_a_worker_that_lost_its_claim_does_not_clear_the_new_holders(kit: FakeKit) -> None:
    first, second = _process(kit, "serve-1"), _process(kit, "serve-2")
    session = first.services.control.create_session(chat_channel=kit.chat_channel, show_name="S", actor="h").session
    taken, release = threading.Event(), threading.Event()
    threads: list[threading.Thread] = []

    def stalled(s: Session) -> Change:
        first.alive = False  # paused: its heartbeat does not run (a stop-the-world pause, a partition)
        kit.aws.waits.sleep(PAST_HOLD)
        first.alive = True

        def hold(_: Session) -> Change:
            taken.set()
            release.wait(5)
            return (lambda x: x.noted("second")), "second"

        thread = threading.Thread(
            target=second.services.claims.act,
            args=(s.id,),
            kwargs={"action": "live", "actor": "guest", "check": lambda _: None, "work": hold},
        )
        thread.start()
        threads.append(thread)
        assert taken.wait(5)
        return (lambda x: x.noted("first")), "first"

    first.services.claims.act(session.id, action="end", actor="producer", check=lambda _: None, work=stalled)
    mid = kit.store.require(session.id)
    assert mid.last_error == "first"  # what the first worker did is still recorded
    assert mid.busy is not None and mid.busy.actor == "guest"  # but the new holder keeps its claim
    release.set()
    threads[0].join(5)
    assert kit.store.require(session.id).busy is None


def test_the_heartbeat_renews_a_held_mark_once_per_beat(kit: FakeKit) -> None:
    process = _process(kit, "serve-1")
    session = process.services.control.create_session(chat_channel=kit.chat_channel, show_name="S", actor="h").session
    seen: list[timedelta] = []

    def watch(s: Session) -> Change:
        for _ in range(6):
            kit.aws.waits.sleep(BEAT.total_seconds() / 2)
            mark = kit.store.require(s.id).busy
            assert mark is not None and mark.alive(kit.aws.waits.now())
            seen.append(mark.until - kit.aws.waits.now())
        return (lambda x: x), "ok"

    process.services.claims.act(session.id, action="x", actor="h", check=lambda _: None, work=watch)
    assert min(seen) >= HOLD_FOR - BEAT - timedelta(seconds=BEAT.total_seconds() / 2)


def _noop(s: Session) -> Change:
    raise Unchanged("never reached")
