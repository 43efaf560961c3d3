"""MP4 file inputs: the source URLs MediaLive reads, and a playing file counts as video arriving."""

from __future__ import annotations

import dataclasses

import pytest


def _mp4(aws, url: str) -> dict:
    return aws.ml.create_input(Name="clip", Type="MP4_FILE", Sources=[{"Url": url}])["Input"]


@pytest.mark.parametrize(
    "url",
    ["s3ssl://media/clips/loop.mp4", "https://203.0.113.13/filler/ocean.mp4", "mediastoressl://f31z.data/x/a.MP4"],
)
def test_mp4_sources_medialive_reads_are_taken(aws, url):
    assert _mp4(aws, url)["Sources"] == [{"Url": url}]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("s3://media/clips/loop.mp4", "s3ssl://"),
        ("s3ssl://media/clips/loop.mov", ".mp4 extension"),
        ("s3ssl://my.media/loop.mp4", "dots"),
    ],
)
def test_mp4_sources_medialive_cannot_read_are_refused(aws, url, why):
    with pytest.raises(aws.ml.exceptions.BadRequestException, match=why):
        _mp4(aws, url)


def test_a_looping_file_as_the_only_input_delivers_video(aws, sandbox, until):
    sandbox.set_timings(dataclasses.replace(sandbox.timings, file_seconds=0.3))
    args = aws.channel_args([_mp4(aws, "s3ssl://media/test-pattern.mp4")])
    args["InputAttachments"][0]["InputSettings"] = {"SourceEndBehavior": "LOOP"}
    channel = aws.ml.create_channel(**args)["Channel"]
    aws.ml.get_waiter("channel_created").wait(ChannelId=channel["Id"], WaiterConfig=aws.wait)
    aws.running(channel["Id"])
    until(lambda: 29.97 in aws.metric_values(channel["Id"], "InputVideoFrameRate"))
    assert aws.alert_types(channel["Id"]) == []  # no input-loss alert while the file plays


def test_a_file_that_ended_delivers_nothing(aws, sandbox, until):
    sandbox.set_timings(dataclasses.replace(sandbox.timings, file_seconds=0.3))
    channel = aws.channel([_mp4(aws, "s3ssl://media/jingle.mp4")])
    aws.running(channel["Id"])
    until(lambda: 29.97 in aws.metric_values(channel["Id"], "InputVideoFrameRate"))
    until(lambda: 0.0 in aws.metric_values(channel["Id"], "InputVideoFrameRate"))
