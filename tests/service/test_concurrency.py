"""Concurrent crew actions on the fakes: one show per channel, one effect per action, and a claim handed back
at shutdown. The fake store's conditional writes are the table's (tests/contract/test_store_contract.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from core.domain.session import Session
from core.errors import Busy
from core.show.claims import Claims, Outcome
from tests.fakes.medialive import FakeMediaLive
from tests.service.kit import FakeKit, new_session

CLICKS = 20


def _first_call_held(medialive: FakeMediaLive, method: str, others_done: threading.Event) -> list[object]:
    """Count the calls of `medialive.method`; the first waits (5 s at most) until `others_done`, so every other
    click arrives while the first is in the middle of its action, whatever order the threads run in."""
    real: Callable[..., Any] = getattr(medialive, method)
    calls: list[object] = []

    def held(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 1:
            others_done.wait(5)
        return real(*args, **kwargs)

    setattr(medialive, method, held)
    return calls


def _clicks(action: Callable[[int], Outcome | Exception], others_done: threading.Event) -> list[Outcome | Exception]:
    """`action` from CLICKS threads at once; `others_done` is set once all but one have returned or raised."""
    returned: list[object] = []

    def click(n: int) -> Outcome | Exception:
        try:
            return action(n)
        finally:
            returned.append(n)
            if len(returned) >= CLICKS - 1:
                others_done.set()

    with ThreadPoolExecutor(max_workers=CLICKS) as pool:
        return list(pool.map(click, range(CLICKS)))


def test_twenty_concurrent_go_lives_start_the_channel_once(kit: FakeKit) -> None:
    session = new_session(kit)
    others_done = threading.Event()
    starts = _first_call_held(kit.aws.medialive, "start_channel", others_done)

    def go(n: int) -> Outcome | Exception:
        try:
            return kit.control.go_live(session_id=session.id, actor=f"user{n}")
        except Busy as busy:
            return busy

    results = _clicks(go, others_done)
    changed = [r for r in results if isinstance(r, Outcome) and r.changed]
    assert len(changed) == 1
    assert len(starts) == 1
    assert all(
        isinstance(r, Busy) or (isinstance(r, Outcome) and "Already" in r.message) for r in results if r not in changed
    )
    kit.control.end_session(session_id=session.id, actor="h")


def test_twenty_concurrent_creates_in_one_channel_make_one_show(kit: FakeKit) -> None:
    others_done = threading.Event()
    creates = _first_call_held(kit.aws.medialive, "create_channel", others_done)
    results = _clicks(
        lambda n: kit.control.create_session(chat_channel=kit.chat_channel, show_name=f"S{n}", actor="h"),
        others_done,
    )
    outcomes = [r for r in results if isinstance(r, Outcome)]
    assert len(outcomes) == CLICKS
    assert len({r.session.id for r in outcomes}) == 1
    assert sum(r.changed for r in outcomes) == 1
    assert len(creates) == 1
    current = kit.control.require_current(chat_channel=kit.chat_channel)
    kit.control.end_session(session_id=current.id, actor="h")


def test_an_action_cut_short_by_shutdown_is_handed_back_at_once(kit: FakeKit) -> None:
    session = new_session(kit)
    claims = Claims(store=kit.store, clock=kit.aws.waits.now)
    inside, release = threading.Event(), threading.Event()

    def slow_work(s: Session) -> tuple[Callable[[Session], Session], str]:
        inside.set()
        release.wait(5)
        return (lambda x: x), "done"

    worker = threading.Thread(
        target=lambda: claims.act(session.id, action="slow", actor="h", check=lambda s: None, work=slow_work)
    )
    worker.start()
    assert inside.wait(5)
    assert kit.store.require(session.id).busy is not None
    assert claims.hand_back() == [session.id]
    assert kit.store.require(session.id).busy is None  # the next command need not wait for the mark to expire
    release.set()
    worker.join(5)
    kit.control.end_session(session_id=session.id, actor="h")
