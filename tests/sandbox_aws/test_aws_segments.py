"""HLS segments and playlists written to S3 while a channel runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import posixpath
import re

from sandbox.aws.segments import HlsOutput, HlsTarget, Segment, hls_targets, render_child, ts_bytes


def _keys(aws, bucket: str) -> list[str]:
    return [o["Key"] for o in aws.s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def _text(aws, bucket: str, key: str) -> str:
    return aws.s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()


def test_running_channel_writes_segments_and_playlists(aws, until):
    bucket = aws.bucket()
    channel = aws.channel(hls_url=f"s3ssl://{bucket}/live/main")
    aws.running(channel["Id"])
    until(lambda: [k for k in _keys(aws, bucket) if k.endswith(".ts")][2:])
    prefix = "live"
    assert f"{prefix}/main_720p_00001.ts" in _keys(aws, bucket)
    data = aws.s3.get_object(Bucket=bucket, Key=f"{prefix}/main_720p_00001.ts")["Body"].read()
    assert len(data) % 188 == 0
    assert data[::188] == b"\x47" * (len(data) // 188)

    main = _text(aws, bucket, f"{prefix}/main.m3u8")
    assert "#EXT-X-STREAM-INF:BANDWIDTH=" in main
    assert "RESOLUTION=1280x720" in main
    assert "main_720p.m3u8" in main

    child = _text(aws, bucket, f"{prefix}/main_720p.m3u8")
    lines = child.splitlines()
    assert lines[:2] == ["#EXTM3U", "#EXT-X-VERSION:3"]
    assert "#EXT-X-MEDIA-SEQUENCE:1" in lines
    assert "#EXT-X-PLAYLIST-TYPE:EVENT" in lines
    assert "#EXT-X-ENDLIST" not in lines
    names = [line for line in lines if line.endswith(".ts")]
    for name in names:
        index = lines.index(name)
        assert lines[index - 1].startswith("#EXTINF:0.100,")
        assert re.fullmatch(r"#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", lines[index - 2])
    stamps = [dt.datetime.fromisoformat(line.split(":", 1)[1]) for line in lines if "PROGRAM-DATE-TIME" in line]
    gaps = {round((b - a).total_seconds(), 3) for a, b in itertools.pairwise(stamps)}
    assert gaps == {0.1}

    aws.ml.stop_channel(ChannelId=channel["Id"])
    until(lambda: "#EXT-X-ENDLIST" in _text(aws, bucket, f"{prefix}/main_720p.m3u8"))
    final = [line for line in _text(aws, bucket, f"{prefix}/main_720p.m3u8").splitlines() if line.endswith(".ts")]
    count = len(final)
    assert final == [f"main_720p_{n:05d}.ts" for n in range(1, count + 1)]
    aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    assert len([k for k in _keys(aws, bucket) if k.endswith(".ts")]) == count  # nothing after the stop


def test_live_mode_keeps_a_sliding_window(aws, until):
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, segment=0.04))
    bucket = aws.bucket()
    channel = aws.channel(hls_url=f"s3://{bucket}/main", mode="LIVE")
    aws.running(channel["Id"])
    until(lambda: len([k for k in _keys(aws, bucket) if k.endswith(".ts")]) >= 13)
    lines = _text(aws, bucket, "main_720p.m3u8").splitlines()
    assert "#EXT-X-PLAYLIST-TYPE:EVENT" not in lines
    assert len([line for line in lines if line.endswith(".ts")]) == 10
    assert int(next(line for line in lines if "MEDIA-SEQUENCE" in line).split(":")[1]) > 1


def _segment_uris(text: str) -> list[tuple[dt.datetime, str]]:
    """(program date-time, URI) of every segment a child playlist lists."""
    lines = text.splitlines()
    return [
        (dt.datetime.fromisoformat(lines[i - 2].split(":", 1)[1]), line)
        for i, line in enumerate(lines)
        if line.endswith(".ts")
    ]


def test_dt_resolves_per_segment_and_playlists_stay_with_the_first(aws, until):
    aws.sandbox.set_timings(dataclasses.replace(aws.sandbox.timings, segment=0.3))
    bucket = aws.bucket()
    channel = aws.channel(hls_url=f"s3ssl://{bucket}/live/$dt$/main")
    aws.running(channel["Id"])
    until(lambda: len({k.split("/")[1] for k in _keys(aws, bucket) if k.endswith(".ts")}) >= 3, timeout=6)
    aws.ml.stop_channel(ChannelId=channel["Id"])
    keys = _keys(aws, bucket)
    (child,) = [k for k in keys if k.endswith("_720p.m3u8")]
    until(lambda: "#EXT-X-ENDLIST" in _text(aws, bucket, child))
    folder = child.rsplit("/", 1)[0]
    assert f"{folder}/main.m3u8" in _keys(aws, bucket)
    listed = _segment_uris(_text(aws, bucket, child))
    assert listed[0][1] == "main_720p_00001.ts"  # the first segment sits with the playlists
    assert folder == "live/" + listed[0][0].strftime("%Y%m%dT%H%M%S")
    keys = _keys(aws, bucket)
    for when, uri in listed:
        key = posixpath.normpath(f"{folder}/{uri}")
        assert key in keys
        assert key.split("/")[1] == when.strftime("%Y%m%dT%H%M%S")  # each segment's own start time
    assert len({posixpath.dirname(posixpath.normpath(f"{folder}/{uri}")) for _, uri in listed}) >= 3


def test_each_start_numbers_from_one_under_its_own_first_folder(aws, until):
    bucket = aws.bucket()
    channel = aws.channel(hls_url=f"s3ssl://{bucket}/live/$dt$/main")
    playlists: set[str] = set()
    last_second = None
    for _ in range(2):
        # $dt$ has second resolution: start each run early in a fresh second, never the last run's.
        def fresh(after: object = last_second) -> bool:
            now = dt.datetime.now(dt.UTC)
            return now.microsecond < 300_000 and now.replace(microsecond=0) != after

        until(fresh, timeout=3)
        last_second = dt.datetime.now(dt.UTC).replace(microsecond=0)
        aws.running(channel["Id"])
        new = lambda seen=frozenset(playlists): {k for k in _keys(aws, bucket) if k.endswith("_720p.m3u8")} - seen  # noqa: E731
        until(new, timeout=15)  # its first segment: seconds on a quiet machine, more under CI's four workers
        aws.ml.stop_channel(ChannelId=channel["Id"])
        aws.ml.get_waiter("channel_stopped").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
        playlists = {k for k in _keys(aws, bucket) if k.endswith("_720p.m3u8")}
    assert len(playlists) == 2
    for child in playlists:
        until(lambda child=child: "#EXT-X-ENDLIST" in _text(aws, bucket, child))
        assert _segment_uris(_text(aws, bucket, child))[0][1] == "main_720p_00001.ts"


def test_missing_bucket_is_skipped_and_logged(aws, until, caplog):
    caplog.set_level(logging.WARNING, logger="sandbox.aws.segments")
    channel = aws.channel(hls_url="s3ssl://no-such-bucket-for-sandbox/live/main")
    aws.running(channel["Id"])
    until(lambda: "no-such-bucket-for-sandbox" in caplog.text)
    assert "no-such-bucket-for-sandbox" in aws.sandbox.skipped_buckets
    assert aws.state(channel["Id"]) == "RUNNING"


def test_render_child_shapes():
    start = dt.datetime(2026, 11, 24, 10, 0, 1, tzinfo=dt.UTC).timestamp()
    target = HlsTarget("b", "p/main", start, [HlsOutput("_720p", 1, None)], live_window=None)
    target.segments = [Segment(1, start, 6.0), Segment(2, start + 6, 6.0), Segment(3, start + 12, 2.5)]
    text = render_child(target, target.outputs[0], ended=True)
    assert text.splitlines() == [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        "#EXT-X-TARGETDURATION:6",
        "#EXT-X-MEDIA-SEQUENCE:1",
        "#EXT-X-PLAYLIST-TYPE:EVENT",
        "#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:01.000Z",
        "#EXTINF:6.000,",
        "main_720p_00001.ts",
        "#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:07.000Z",
        "#EXTINF:6.000,",
        "main_720p_00002.ts",
        "#EXT-X-PROGRAM-DATE-TIME:2026-11-24T10:00:13.000Z",
        "#EXTINF:2.500,",
        "main_720p_00003.ts",
        "#EXT-X-ENDLIST",
    ]
    assert ts_bytes("x")[0] == 0x47


def test_hls_targets_resolve_destinations():
    spec = {
        "Destinations": [{"Id": "d", "Settings": [{"Url": "s3ssl://bkt/a/b/$dt$/name"}]}],
        "EncoderSettings": {
            "OutputGroups": [
                {
                    "OutputGroupSettings": {"HlsGroupSettings": {"Destination": {"DestinationRefId": "d"}}},
                    "Outputs": [{"OutputSettings": {"HlsOutputSettings": {"NameModifier": "_1080p"}}}],
                },
                {"OutputGroupSettings": {"RtmpGroupSettings": {}}, "Outputs": []},
            ]
        },
    }
    start = dt.datetime(2026, 11, 24, 10, 0, 0, tzinfo=dt.UTC).timestamp()
    (target,) = hls_targets(spec, start)
    assert (target.bucket, target.path) == ("bkt", "a/b/$dt$/name")
    assert target.playlist_key(target.outputs[0]) == "a/b/20261124T100000/name_1080p.m3u8"
    later = Segment(7, start + 6.5, 6.0)
    assert target.segment_key(target.outputs[0], later) == "a/b/20261124T100006/name_1080p_00007.ts"
    assert target.uri(target.segment_key(target.outputs[0], later)) == "../20261124T100006/name_1080p_00007.ts"
    assert [o.modifier for o in target.outputs] == ["_1080p"]
    assert target.live_window == 10
