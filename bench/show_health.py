"""From a change in the sandbox (an encoder drops, or comes back) to the panel and the thread showing it, by events
and by polling.

One show runs live on the sandbox (its ticker raises and clears MediaLive's input-loss alert as the simulated
encoder drops and returns, and writes InputVideoFrameRate) with the real bot's panel, follow-up job and event
handler against the Slack stand-in. Each round toggles the encoder (an alert set, then cleared) and times, from
that call, until the panel shows it ("nothing arriving" / "receiving") and until the thread has its line; then
rounds of a state change: the channel stopped outside the bot, until the panel says idle and the thread says
MediaLive stopped it (the bot then starts it again for the next round).

- events: the sandbox emits EventBridge's events (sandbox/aws/events.py) to `AwsEvents.handle`, what the Lambda
  `aws_events` entry point runs. Measured end to end, on real time.
- polling: the follow-up job notices a change at its next pass over the show: a drop at the next full pass
  (every `steady_seconds`, 60 s: a show receiving video is steady), a return at the next tick (every
  `transitional_seconds`, 3 s: a show with nothing arriving is re-read every tick). The change lands at an even
  spread of phases over that period; each figure is that phase's wait plus the pass's own time, measured here
  by running the job back to back after the change.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.loadgen import percentile
from bot.entry.config import BotSettings
from bot.entry.runtime import Runtime, build_runtime
from bot.jobs.aws_events import AwsEvents
from bot.jobs.follow_up import PanelFollowUp
from core.config import FollowUpSettings, load
from sandbox.aws.timings import SandboxTimings
from sandbox.stack import SandboxStack

CHANNEL = "C0MORNING"  # a channel the Slack stand-in knows
ROUNDS = 20  # drops and returns each
STOP_ROUNDS = 8  # MediaLive stopping the channel on its own, each followed by a restart from the bot
TIMINGS = SandboxTimings(create=0.2, start=0.6, stop=0.3, update=0.2, delete=0.2, segment=0.5, ivs_reconnect=0.3)
DROP, BACK = ("nothing arriving", "stopped sending"), ("receiving", "Video is arriving")
STOPPED = ("*Channel*\\nidle", "MediaLive stopped the channel on its own")  # the panel as JSON, the thread


@dataclass(frozen=True)
class Latencies:
    panel: list[float]
    thread: list[float]


@contextmanager
def _bot() -> Iterator[tuple[SandboxStack, Runtime]]:
    with SandboxStack(timings=TIMINGS, poll_seconds=0.1) as stack:
        saved = dict(os.environ)
        os.environ.update(stack.environment())
        try:
            yield stack, build_runtime(load(BotSettings))
        finally:
            os.environ.clear()
            os.environ.update(saved)


def _screen(stack: SandboxStack, panel_ts: str) -> tuple[str, str]:
    """The panel's blocks and the thread's lines, as the stand-in holds them now."""
    assert stack.slack
    found = next((m for m in stack.slack.messages(CHANNEL) if m.ts == panel_ts), None)
    if found is None:
        return "", ""
    return json.dumps(found.blocks), "\n".join(reply.text for reply in found.replies)


def _timed(
    stack: SandboxStack, panel_ts: str, change: Callable[[], None], marks: tuple[str, str]
) -> tuple[float, float]:
    """Seconds from `change` until the panel shows marks[0] and the thread has one more line with marks[1]."""
    before = _screen(stack, panel_ts)[1].count(marks[1])
    start = time.perf_counter()
    change()
    panel_at = thread_at = None
    while (panel_at is None or thread_at is None) and time.perf_counter() - start < 30:
        panel, thread = _screen(stack, panel_ts)
        now = time.perf_counter() - start
        if panel_at is None and marks[0] in panel:
            panel_at = now
        if thread_at is None and thread.count(marks[1]) > before:
            thread_at = now
        time.sleep(0.01)
    if panel_at is None or thread_at is None:
        raise RuntimeError(f"the bot never showed {marks!r} within 30 s")
    return panel_at, thread_at


def _rounds(stack: SandboxStack, input_id: str, panel_ts: str) -> tuple[Latencies, Latencies]:
    assert stack.aws
    aws = stack.aws
    drops: list[tuple[float, float]] = []
    backs: list[tuple[float, float]] = []
    for _ in range(ROUNDS):
        drops.append(_timed(stack, panel_ts, lambda: aws.connect_encoder(input_id, connected=False), DROP))
        backs.append(_timed(stack, panel_ts, lambda: aws.connect_encoder(input_id), BACK))
    return (
        Latencies([p for p, _ in drops], [t for _, t in drops]),
        Latencies([p for p, _ in backs], [t for _, t in backs]),
    )


def _stops(stack: SandboxStack, rt: Runtime, session_id: str, panel_ts: str) -> Latencies:
    """The channel stopped outside the bot (as MediaLive does when an output's retries run out): a state change."""
    channel_id = rt.control.get(session_id).resources.channel_id
    found: list[tuple[float, float]] = []
    assert channel_id

    def stop() -> None:
        rt.aws.medialive.stop_channel(ChannelId=channel_id)

    for _ in range(STOP_ROUNDS):
        found.append(_timed(stack, panel_ts, stop, STOPPED))
        _go_live(rt, session_id)
    return Latencies([p for p, _ in found], [t for _, t in found])


def _go_live(rt: Runtime, session_id: str) -> None:
    rt.control.go_live(session_id=session_id, actor="U0HOST")
    rt.control.follow(session_id=session_id, on_change=lambda s: rt.panel.post_notices(rt.panel.update(s)))


def _live_show(stack: SandboxStack, rt: Runtime) -> tuple[str, str, str]:
    """A show live with its encoder pushing; returns its id, host input and panel message."""
    assert stack.aws
    session = rt.control.create_session(chat_channel=CHANNEL, show_name="Bench Show", actor="U0HOST").session
    session = rt.panel.post(session)
    assert session.resources.input_id
    stack.aws.connect_encoder(session.resources.input_id)
    _go_live(rt, session.id)
    return session.id, session.resources.input_id, session.ui["ts"]


def run() -> dict[str, Latencies]:
    with _bot() as (stack, rt):
        assert stack.aws
        session_id, input_id, panel_ts = _live_show(stack, rt)
        settings = rt.settings.follow_up
        events = AwsEvents(
            store=rt.store,
            follow_up=PanelFollowUp(
                store=rt.store, control=rt.control, panel=rt.panel, settings=settings, clock=rt.clock
            ),
        )

        def wake(event: dict[str, object]) -> None:
            events.handle(event)

        stack.aws.subscribe_events(wake)
        by_events = _rounds(stack, input_id, panel_ts)
        stops_by_events = _stops(stack, rt, session_id, panel_ts)
        stack.aws.unsubscribe_events(wake)

        # The job back to back: every tick a full pass, so what is measured is the pass, not the schedule.
        eager = FollowUpSettings(transitional_seconds=settings.transitional_seconds, steady_seconds=1e-6)
        job = PanelFollowUp(store=rt.store, control=rt.control, panel=rt.panel, settings=eager, clock=rt.clock)
        with _ticking(job):
            passes = _rounds(stack, input_id, panel_ts)
            stop_passes = _stops(stack, rt, session_id, panel_ts)
        rt.control.end_session(session_id=session_id, actor="U0HOST")
    drop_wait, back_wait = settings.steady_seconds, settings.transitional_seconds
    return {
        "events, encoder drops": by_events[0],
        "events, encoder returns": by_events[1],
        "polling, encoder drops": _scheduled(passes[0], drop_wait),
        "polling, encoder returns": _scheduled(passes[1], back_wait),
        "events, AWS stops the channel": stops_by_events,
        "polling, AWS stops the channel": _scheduled(stop_passes, drop_wait),  # a running show is steady
    }


@contextmanager
def _ticking(job: PanelFollowUp) -> Iterator[None]:
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            job.tick()
            time.sleep(0.02)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def _scheduled(measured: Latencies, period: float) -> Latencies:
    """Add the wait for the job's next pass, at an even spread of phases over its period."""
    phases = [(n + 0.5) / len(measured.panel) * period for n in range(len(measured.panel))]
    return Latencies(
        [p + w for p, w in zip(measured.panel, phases, strict=True)],
        [t + w for t, w in zip(measured.thread, phases, strict=True)],
    )


def rows() -> list[tuple[str, str, str]]:
    found = run()
    out = []
    for name, lat in found.items():
        figure = (
            f"panel p50 {percentile(lat.panel, 50):.2f} s, p99 {percentile(lat.panel, 99):.2f} s; "
            f"thread p50 {percentile(lat.thread, 50):.2f} s, p99 {percentile(lat.thread, 99):.2f} s"
        )
        out.append((f"show health: {name}", figure, "panel p99 < 5 s" if name.startswith("events") else ""))
    return out


if __name__ == "__main__":
    for name, figure, target in rows():
        print(f"{name:<44}{figure:<80}{target}")
