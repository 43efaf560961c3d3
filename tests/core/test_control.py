"""The service layer against the sandbox AWS over HTTP: happy paths, repeats, concurrency."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from core.clock import utc_now
from core.domain.session import ChannelState, SessionStatus, StreamState
from core.errors import Busy, NeedsConfirmation
from core.show.lifecycle import Outcome
from tests.kit import CoreKit, ivs_live, leftovers, new_session, wait_steady


def test_a_whole_show_goes_live_records_a_take_and_ends_with_nothing_left(kit: CoreKit) -> None:
    created = kit.control.create_session(chat_channel=kit.chat_channel, show_name="Morning Show", actor="host")
    session = created.session
    assert created.changed
    assert session.status is SessionStatus.READY
    assert session.channel_state is ChannelState.IDLE
    assert session.resources.input_endpoints and all(u.startswith("rtmp://") for u in session.resources.input_endpoints)

    live = kit.control.go_live(session_id=session.id, actor="host")
    assert live.changed
    session = wait_steady(kit, live.session)
    assert session.stream is StreamState.LIVE

    kit.recording.start_take(session_id=session.id, actor="producer")
    time.sleep(2.2)
    stopped = kit.recording.stop_take(session_id=session.id, actor="producer")
    take = stopped.session.takes[0]
    assert take.location and take.location.startswith(f"s3://{kit.settings.recordings_bucket}/recordings/{session.id}/")
    assert take.duration_seconds and take.duration_seconds >= 1.5
    key = take.location.split("/", 3)[3]
    playlist = kit.aws.s3.get_object(Bucket=kit.settings.recordings_bucket, Key=key)["Body"].read().decode()
    assert playlist.count(".ts") == take.segments
    assert "#EXT-X-ENDLIST" in playlist
    assert stopped.session.stream is StreamState.LIVE  # recording never touched the stream

    off = kit.control.stop_stream(session_id=session.id, actor="host")
    assert wait_steady(kit, off.session).channel_state is ChannelState.IDLE

    ended = kit.control.end_session(session_id=session.id, actor="host")
    assert ended.session.status is SessionStatus.ENDED
    assert ended.session.final_cost is not None and ended.session.final_cost > 0
    assert leftovers(kit, session.id) == []
    assert kit.control.current(chat_channel=kit.chat_channel) is None


def test_repeating_a_call_in_its_target_state_is_a_no_op_that_says_so(kit: CoreKit) -> None:
    session = new_session(kit)
    again = kit.control.create_session(chat_channel=kit.chat_channel, show_name="Other", actor="host")
    assert (again.changed, again.session.id) == (False, session.id)
    assert not kit.control.stop_stream(session_id=session.id, actor="h").changed
    assert "Not recording" in kit.recording.stop_take(session_id=session.id, actor="h").message
    assert kit.control.go_live(session_id=session.id, actor="h").changed
    second = kit.control.go_live(session_id=session.id, actor="h")
    assert not second.changed
    assert "Already" in second.message
    kit.control.end_session(session_id=session.id, actor="h")
    assert "already ended" in kit.control.end_session(session_id=session.id, actor="h").message


def _count_calls(kit: CoreKit, operation: str) -> list[Any]:
    calls: list[Any] = []
    kit.aws.medialive.meta.events.register(f"before-call.medialive.{operation}", lambda **kw: calls.append(1))
    return calls


def test_twenty_concurrent_go_lives_start_the_channel_once(kit: CoreKit) -> None:
    session = new_session(kit)
    starts = _count_calls(kit, "StartChannel")

    def go(n: int) -> Outcome | Exception:
        try:
            return kit.control.go_live(session_id=session.id, actor=f"user{n}")
        except Busy as busy:
            return busy

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(go, range(20)))
    changed = [r for r in results if isinstance(r, Outcome) and r.changed]
    assert len(changed) == 1
    assert len(starts) == 1
    assert all(
        isinstance(r, Busy) or (isinstance(r, Outcome) and "Already" in r.message) for r in results if r not in changed
    )
    kit.control.end_session(session_id=session.id, actor="h")


def test_twenty_concurrent_creates_in_one_channel_make_one_show(kit: CoreKit) -> None:
    creates = _count_calls(kit, "CreateChannel")
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(
            pool.map(
                lambda n: kit.control.create_session(chat_channel=kit.chat_channel, show_name=f"S{n}", actor="h"),
                range(20),
            )
        )
    assert len({r.session.id for r in results}) == 1
    assert sum(r.changed for r in results) == 1
    assert len(creates) == 1
    current = kit.control.require_current(chat_channel=kit.chat_channel)
    kit.control.end_session(session_id=current.id, actor="h")


def test_stopping_the_stream_keeps_the_take_recording(kit: CoreKit) -> None:
    session = wait_steady(kit, kit.control.go_live(session_id=new_session(kit).id, actor="h").session)
    kit.recording.start_take(session_id=session.id, actor="h")
    off = kit.control.stop_stream(session_id=session.id, actor="h")
    assert "keeps recording" in off.message
    time.sleep(1.5)
    session = kit.control.refresh(session_id=session.id)
    assert session.channel_state is ChannelState.RUNNING
    assert session.stream is StreamState.OFF
    assert not ivs_live(kit, session.resources.ivs_channel_arn)  # key revoked: no reconnect
    done = kit.recording.stop_take(session_id=session.id, actor="h")
    assert done.session.takes[0].segments
    assert wait_steady(kit, done.session).channel_state is ChannelState.IDLE  # nothing left needs the channel
    kit.control.end_session(session_id=session.id, actor="h")


def test_recording_alone_never_reaches_viewers_and_going_live_then_asks_to_restart(kit: CoreKit) -> None:
    session = new_session(kit)
    recording = kit.recording.start_take(session_id=session.id, actor="h")
    assert "starting" in recording.message
    session = wait_steady(kit, recording.session)
    assert session.channel_state is ChannelState.RUNNING
    time.sleep(0.8)
    assert not ivs_live(kit, session.resources.ivs_channel_arn)
    with pytest.raises(NeedsConfirmation):
        kit.control.go_live(session_id=session.id, actor="h")
    live = kit.control.go_live(session_id=session.id, actor="h", restart_ok=True)
    session = wait_steady(kit, live.session)
    assert session.stream is StreamState.LIVE
    assert session.take is not None  # the take survived the restart
    kit.control.end_session(session_id=session.id, actor="h")
    ended = kit.store.require(session.id)
    assert ended.takes and ended.takes[0].segments


def test_an_action_cut_short_by_shutdown_is_handed_back_at_once(kit: CoreKit) -> None:
    import threading

    from core.show.claims import Claims

    session = new_session(kit)
    claims = Claims(store=kit.store, clock=utc_now)
    inside, release = threading.Event(), threading.Event()

    def slow_work(s: object) -> tuple[object, str]:
        inside.set()
        release.wait(5)
        return (lambda x: x), "done"

    worker = threading.Thread(
        target=lambda: claims.act(session.id, action="slow", actor="h", check=lambda s: None, work=slow_work)  # type: ignore[arg-type]
    )
    worker.start()
    assert inside.wait(5)
    assert kit.store.require(session.id).busy is not None
    assert claims.hand_back() == [session.id]
    assert kit.store.require(session.id).busy is None  # the next command need not wait for the mark to expire
    release.set()
    worker.join(5)
    kit.control.end_session(session_id=session.id, actor="h")
