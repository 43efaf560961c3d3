"""The critical path through concurrent waves of AWS calls, with the sandbox's queueing taken out."""

from __future__ import annotations

import pytest

from bench.call_timeline import Call, Timeline, critical_path


def _call(operation: str, thread: int, start: float, end: float, queued: float = 0.0) -> Call:
    return Call(operation, thread, start, end, queued, served=end - start - queued)


def test_each_wave_counts_its_longest_thread_less_its_queueing_and_the_rest_stays() -> None:
    calls = (
        _call("dynamodb.PutItem", 1, 0.0, 1.0, queued=0.5),  # alone, before the waves
        _call("medialive.ListChannels", 2, 1.0, 3.0),  # two pages on one thread
        _call("medialive.ListChannels", 2, 3.0, 4.0),
        _call("ivs.ListChannels", 3, 1.0, 6.0, queued=4.5),  # waited behind the pages
        _call("dynamodb.BatchGetItem", 2, 7.0, 8.0),
        _call("dynamodb.BatchGetItem", 3, 7.0, 9.0, queued=1.0),
    )
    waves = ({"medialive.ListChannels", "ivs.ListChannels"}, {"dynamodb.BatchGetItem"})
    # 10 s wall: PutItem less 0.5 queued; wave 1 (1-6) by its pages' 3 s; wave 2 (7-9) by 1 s; 1 s between.
    assert critical_path(Timeline(0.0, 10.0, calls), waves) == pytest.approx(10.0 - 0.5 - (5.0 - 3.0) - (2.0 - 1.0))


def test_overlapping_waves_count_as_one_and_no_waves_leaves_only_the_queueing_out() -> None:
    calls = (_call("dynamodb.Query", 1, 0.0, 4.0, queued=1.0), _call("dynamodb.BatchGetItem", 2, 2.0, 5.0))
    waves = ({"dynamodb.Query"}, {"dynamodb.BatchGetItem"})
    assert critical_path(Timeline(0.0, 5.0, calls), waves) == pytest.approx(3.0)
    assert critical_path(Timeline(0.0, 5.0, calls), ()) == pytest.approx(4.0)
