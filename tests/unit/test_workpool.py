import threading

from bot.entry.workpool import WorkPool


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
