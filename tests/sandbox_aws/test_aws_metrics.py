"""CloudWatch AWS/MediaLive metrics for running channels, driven by simulated encoders."""

from __future__ import annotations


def _values(aws, channel_id: str, metric: str, pipeline: str = "0") -> list[float]:
    return aws.metric_values(channel_id, metric, pipeline)


def test_frame_rate_appears_only_after_an_encoder_connects(aws, sandbox, until):
    item = aws.push_input(2)
    channel = aws.channel([item], channel_class="STANDARD")
    aws.running(channel["Id"])
    until(lambda: _values(aws, channel["Id"], "NetworkIn"))
    assert _values(aws, channel["Id"], "InputVideoFrameRate") == []

    sandbox.connect_encoder(item["Id"])
    until(lambda: 29.97 in _values(aws, channel["Id"], "InputVideoFrameRate"))
    until(lambda: 29.97 in _values(aws, channel["Id"], "InputVideoFrameRate", pipeline="1"))
    assert max(_values(aws, channel["Id"], "NetworkIn")) > 0

    sandbox.connect_encoder(item["Id"], connected=False)
    until(lambda: 0.0 in _values(aws, channel["Id"], "InputVideoFrameRate"))


def test_no_metrics_while_idle(aws):
    channel = aws.channel()
    assert _values(aws, channel["Id"], "NetworkIn") == []
