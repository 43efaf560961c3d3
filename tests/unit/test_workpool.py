import logging
import threading

import pytest

from bot.entry.workpool import WorkPool, _Tally


def test_drain_waits_for_running_work_and_refuses_new_work() -> None:
    pool = WorkPool(workers=2)
    release, ran = threading.Event(), list[str]()

    def slow() -> None:
        release.wait(5)
        ran.append("slow")

    pool.submit(slow)
    assert pool.drain(timeout=0.05) is False  # still running: the caller must hand its claim back
    pool.submit(lambda: ran.append("late"))
    release.set()
    assert pool.stopping.is_set()
    for _ in range(100):
        if ran:
            break
        threading.Event().wait(0.01)
    assert ran == ["slow"]


def test_drain_is_true_when_everything_finished() -> None:
    pool = WorkPool(workers=2)
    done = threading.Event()
    pool.submit(done.set)
    assert pool.drain(timeout=5) is True
    assert done.is_set()


def test_a_full_pool_refuses_at_once_and_runs_nothing_more() -> None:
    pool = WorkPool(workers=1, waiting=1)
    release, ran = threading.Event(), list[str]()
    assert pool.submit(lambda: (release.wait(5), ran.append("first"))[1])  # running
    assert pool.submit(lambda: ran.append("second"))  # waiting
    assert pool.submit(lambda: ran.append("third")) is False  # no room: the requester is told to try again
    release.set()
    assert pool.drain(timeout=5) is True
    assert ran == ["first", "second"]


def test_room_comes_back_as_work_finishes() -> None:
    pool = WorkPool(workers=1, waiting=0)
    done = threading.Event()
    assert pool.submit(done.set)
    done.wait(5)
    for _ in range(100):  # the slot is given back by the future's callback, just after the work returns
        if pool.submit(lambda: None):
            break
        threading.Event().wait(0.01)
    else:
        raise AssertionError("the pool never had room again")
    assert pool.drain(timeout=5)


def test_a_busy_notice_is_sent_off_the_callers_thread() -> None:
    pool = WorkPool(workers=1, waiting=0)
    seen, sent = [], threading.Event()
    pool.notify(lambda: (seen.append(threading.current_thread().name), sent.set()))
    assert sent.wait(5)
    assert seen[0].startswith("shelcaster-notice")
    pool.notify(lambda: 1 / 0)  # a failing notice is logged, and the next still goes
    again = threading.Event()
    pool.notify(again.set)
    assert again.wait(5)
    pool.drain(timeout=1)


def test_refusals_are_logged_as_one_line_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    tally = _Tally("refused %d", every=10, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            tally.tick()
        now[0] = 11
        tally.tick()
    assert [r.getMessage() for r in caplog.records] == ["refused 1", "refused 5"]
