from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.show.takes import Segment, parse_playlist, select, take_playlist

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)

PLAYLIST = """#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:6
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-PROGRAM-DATE-TIME:2026-11-24T20:00:00.000Z
#EXTINF:6.000,
index_720p_00001.ts
#EXTINF:6.000,
index_720p_00002.ts
#EXT-X-PROGRAM-DATE-TIME:2026-11-24T20:00:12.000Z
#EXTINF:4.500,
index_720p_00003.ts
"""


def test_segments_are_timed_by_program_date_time_and_carried_forward() -> None:
    segments = parse_playlist(PLAYLIST, folder="live/s/20261124T200000/p0")
    assert [s.key.rsplit("/", 1)[1] for s in segments] == [f"index_720p_0000{n}.ts" for n in (1, 2, 3)]
    assert [s.start for s in segments] == [T0, T0 + timedelta(seconds=6), T0 + timedelta(seconds=12)]
    assert segments[2].duration == 4.5
    assert segments[0].key.startswith("live/s/20261124T200000/p0/")


def test_segments_without_a_date_are_skipped_not_guessed() -> None:
    assert parse_playlist("#EXTM3U\n#EXTINF:6.0,\na.ts\n", folder="x") == []


def test_a_take_includes_every_segment_overlapping_its_time() -> None:
    segments = parse_playlist(PLAYLIST, folder="f")
    chosen = select(segments, start=T0 + timedelta(seconds=7), end=T0 + timedelta(seconds=13))
    assert [s.key for s in chosen] == ["f/index_720p_00002.ts", "f/index_720p_00003.ts"]


def test_take_playlist_marks_gaps_and_ends() -> None:
    a = Segment(key="a", start=T0, duration=6)
    b = Segment(key="b", start=T0 + timedelta(seconds=60), duration=6)
    text = take_playlist([a, b], ["1.ts", "2.ts"])
    assert text.count("#EXT-X-DISCONTINUITY") == 1
    assert text.rstrip().endswith("#EXT-X-ENDLIST")
    assert parse_playlist(text, folder="t") == [
        Segment(key="t/1.ts", start=T0, duration=6),
        Segment(key="t/2.ts", start=T0 + timedelta(seconds=60), duration=6),
    ]


@given(st.lists(st.floats(min_value=0.5, max_value=10), min_size=1, max_size=30), st.integers(0, 300))
def test_selection_covers_exactly_the_overlapping_segments(durations: list[float], offset: int) -> None:
    at, segments = T0, []
    for n, d in enumerate(durations):
        segments.append(Segment(key=str(n), start=at, duration=d))
        at += timedelta(seconds=d)
    start = T0 + timedelta(seconds=offset % 60)
    end = start + timedelta(seconds=20)
    chosen = select(segments, start=start, end=end)
    assert all(s.start < end and s.end > start for s in chosen)
    assert len(chosen) == sum(1 for s in segments if s.start < end and s.end > start)
