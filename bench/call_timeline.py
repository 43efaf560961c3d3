"""Every AWS call a block of code makes, with its time on the client and the sandbox's queueing, and the
critical path through concurrent waves of such calls with that queueing taken out.

The sandbox started with ``--timing-headers`` says in each response how long the request waited behind others
(sandbox/aws/serve_timing.py); AWS serves each call on its own, so that wait is the sandbox's, not the product's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sandbox.aws.serve_timing import QUEUED_HEADER, SERVED_HEADER


@dataclass(frozen=True)
class Call:
    operation: str  # "medialive.ListChannels"
    thread: int
    start: float
    end: float
    queued: float  # waiting behind other requests in the sandbox (0 without timing headers)
    served: float


@dataclass(frozen=True)
class Timeline:
    start: float
    end: float
    calls: tuple[Call, ...]

    @property
    def wall(self) -> float:
        return self.end - self.start


@contextmanager
def recording(clients: Iterable[Any]) -> Iterator[list[Call]]:
    """The calls the clients make inside the block, appended as they end (one per call; retries inside it)."""
    calls: list[Call] = []
    started = threading.local()
    clients = tuple(clients)

    def before(**_: Any) -> None:
        started.at = time.perf_counter()  # a thread makes one call at a time

    def after(event_name: str, parsed: dict[str, Any], **_: Any) -> None:
        end = time.perf_counter()
        # Header names come lower-cased in ResponseMetadata.HTTPHeaders.
        headers = parsed.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        operation = event_name.split(".", 1)[1]
        queued, served = float(headers.get(QUEUED_HEADER, 0)), float(headers.get(SERVED_HEADER, 0))
        calls.append(Call(operation, threading.get_ident(), started.at, end, queued, served))

    for client in clients:
        client.meta.events.register("before-call.*.*", before)
        client.meta.events.register("after-call.*.*", after)
    try:
        yield calls
    finally:
        for client in clients:
            client.meta.events.unregister("before-call.*.*", before)
            client.meta.events.unregister("after-call.*.*", after)


def window(calls: Sequence[Call]) -> tuple[float, float]:
    return min(c.start for c in calls), max(c.end for c in calls)


def longest_thread(calls: Sequence[Call]) -> float:
    """The wave's longest thread: from its first call's start to its last call's end (its pages one after another,
    its own work between them), less the queueing of its calls."""
    by_thread: dict[int, list[Call]] = {}
    for call in calls:
        by_thread.setdefault(call.thread, []).append(call)
    spans = (window(own)[1] - window(own)[0] - sum(c.queued for c in own) for own in by_thread.values())
    return max(spans)


def critical_path(timeline: Timeline, waves: Sequence[Collection[str]]) -> float:
    """The block's wall time with the sandbox's queueing taken out, its concurrency kept.

    Each wave (the operations a block issues together and waits for, in order) is replaced by its longest thread
    less that thread's queueing; time outside the waves (the block's own work, and calls it makes one at a time,
    less their queueing) stays as measured. Waves whose windows overlap count as one, which can only overstate.
    """
    grouped = [[c for c in timeline.calls if c.operation in wave] for wave in waves]
    merged: list[list[Call]] = []
    for calls in sorted((g for g in grouped if g), key=lambda g: window(g)[0]):
        if merged and window(calls)[0] < window(merged[-1])[1]:
            merged[-1] = merged[-1] + calls
        else:
            merged.append(calls)
    in_waves = {id(c) for wave in merged for c in wave}
    alone = sum(c.queued for c in timeline.calls if id(c) not in in_waves)
    saved = sum((window(w)[1] - window(w)[0]) - longest_thread(w) for w in merged)
    return timeline.wall - alone - saved
