"""A running channel's recording, as the take cutter reads it back from the object store."""

from __future__ import annotations

import itertools
import posixpath
from datetime import timedelta

from core.domain.channel_spec import recording_prefix
from core.show.takes import PLAYLIST_NAME, Segment, parse_playlist, select, take_playlist
from tests.contract.world import World, new_show, start, stop


def _recorded(world: World, session_id: str) -> list[Segment]:
    """What `TakeCutter.recorded` reads: every pipeline-0 playlist below the session's live prefix."""
    prefix = recording_prefix(live_prefix=world.settings.live_prefix, session_id=session_id)
    return [
        segment
        for key in world.objects.keys(prefix)
        if key.endswith(f"/p0/{PLAYLIST_NAME}")
        for segment in parse_playlist(world.objects.read_text(key), folder=posixpath.dirname(key))
    ]


def test_a_running_channels_recording_lands_as_segments_the_take_cutter_can_parse(world: World) -> None:
    show = new_show(world, run="run-20260302T090000")
    before = world.clock()
    start(world, show)
    world.waits.sleep(1.7)
    segments = _recorded(world, show.session_id)
    assert len(segments) >= 2
    assert all(s.key.startswith(f"live/{show.session_id}/run-20260302T090000/p0/") for s in segments)
    assert all(abs(s.duration - 0.5) < 0.01 for s in segments)  # the sandbox's FAST segment length
    assert all(abs((b.start - a.end).total_seconds()) < 0.01 for a, b in itertools.pairwise(segments))
    assert before - timedelta(seconds=1) <= segments[0].start <= world.clock()
    for segment in segments:
        head = world.objects.head_bytes(segment.key, count=1)
        assert head == b"\x47"  # an MPEG-TS sync byte
    stop(world, show)
    world.waits.sleep(0.3)
    final = _recorded(world, show.session_id)
    assert len(final) >= len(segments)
    assert final[: len(segments)] == segments


def test_a_take_copied_from_the_recording_reads_back_as_the_same_segments(world: World) -> None:
    show = new_show(world, run="run-1")
    start(world, show)
    world.waits.sleep(1.7)
    stop(world, show)
    recorded = _recorded(world, show.session_id)
    chosen = select(recorded, start=recorded[1].start, end=recorded[-1].end)
    folder = f"{world.settings.recordings_prefix}/{show.session_id}/take-001"
    names = [f"segment_{n:05d}.ts" for n in range(1, len(chosen) + 1)]
    for segment, name in zip(chosen, names, strict=True):
        world.objects.copy(segment.key, f"{folder}/{name}")
    world.objects.write_text(f"{folder}/index.m3u8", take_playlist(chosen, names), content_type="application/x-mpegURL")
    back = parse_playlist(world.objects.read_text(f"{folder}/index.m3u8"), folder=folder)
    assert [(s.start, s.duration) for s in back] == [(s.start, s.duration) for s in chosen]
    assert all(world.objects.head_bytes(s.key, count=1) == b"\x47" for s in back)
