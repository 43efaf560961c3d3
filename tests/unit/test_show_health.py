"""The show's health: what each reading of AWS adds to the thread, told once when set and once when cleared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.domain.health import AlertFact, Health, Reading, Where, assess

NOW = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
WHERE = Where(platform_hosts={"a.rtmp.youtube.com": "YouTube"}, ivs_host="abc.global-contribute.live-video.net")
LOSS = AlertFact(alert_type="RTMP Has No Audio/Video", message="No audio or video", pipeline="0", set_at=NOW)


def _rtmp(host: str) -> AlertFact:
    return AlertFact("RTMP Connection Failure", f"RTMP output to {host} cannot connect; retrying", "0", NOW)


def test_nothing_arriving_at_the_first_reading_is_a_pre_flight_line_then_arrival_is_told_once() -> None:
    health, lines = assess(Health(), Reading(source="host", alerts=(LOSS,)), now=NOW, where=WHERE)
    assert health.video is False and len(lines) == 1 and "Nothing arrives from host's encoder yet" in lines[0]
    again, repeated = assess(health, Reading(source="host", alerts=(LOSS,)), now=NOW, where=WHERE)
    assert repeated == [] and again.told == health.told
    back, arrived = assess(again, Reading(source="host", frame_rate=29.97), now=NOW, where=WHERE)
    assert back.video is True and back.video_seen and arrived == [":white_check_mark: Video is arriving from host."]


def test_a_drop_after_video_says_how_long_ago_and_is_cleared_when_it_returns() -> None:
    seen, _ = assess(Health(), Reading(source="host", frame_rate=30.0), now=NOW, where=WHERE)
    later = NOW + timedelta(seconds=40)
    dropped, lines = assess(seen, Reading(source="host", alerts=(LOSS,)), now=later, where=WHERE)
    assert len(lines) == 1 and lines[0].startswith(":warning: host's encoder stopped sending 40 s ago")
    _, cleared = assess(dropped, Reading(source="host", frame_rate=30.0), now=later, where=WHERE)
    assert cleared == [":white_check_mark: Video is arriving from host."]


def test_a_failing_platform_output_names_the_platform_and_the_command_that_helps() -> None:
    health, lines = assess(
        Health(), Reading(source="host", alerts=(_rtmp("a.rtmp.youtube.com"),)), now=NOW, where=WHERE
    )
    assert len(lines) == 1 and "YouTube output can't connect" in lines[0] and "`platform list`" in lines[0]
    _, cleared = assess(health, Reading(source="host", frame_rate=30.0), now=NOW, where=WHERE)
    assert cleared[0] == ":white_check_mark: The YouTube output is connected again."


def test_the_ivs_output_failing_after_its_key_was_revoked_on_purpose_is_not_told() -> None:
    revoked = Where(platform_hosts={}, ivs_host=WHERE.ivs_host, ivs_wanted=False)
    alert = _rtmp("abc.global-contribute.live-video.net")
    assert assess(Health(), Reading(source="host", alerts=(alert,)), now=NOW, where=revoked)[1] == []
    assert (
        "can't connect to IVS" in assess(Health(), Reading(source="host", alerts=(alert,)), now=NOW, where=WHERE)[1][0]
    )


def test_ivs_starving_and_s3_and_unknown_alerts_each_get_a_line_and_a_platform_key_never_shows() -> None:
    s3 = AlertFact("S3 Access Denied", "no role", "0", NOW)
    odd = AlertFact("Some New Alert", "rtmp://x.example/app/secret-key-123 failed", "0", NOW)
    health, lines = assess(
        Health(), Reading(source="host", alerts=(s3, odd), ivs_health="STARVING"), now=NOW, where=WHERE
    )
    assert len(lines) == 3 and "S3" in lines[0] and "Some New Alert" in lines[1] and "starving" in lines[2]
    assert "secret-key-123" not in "".join(lines)
    _, cleared = assess(health, Reading(source="host", frame_rate=30.0, ivs_health="HEALTHY"), now=NOW, where=WHERE)
    assert len(cleared) == 3 and all(line.startswith(":white_check_mark:") for line in cleared)


def test_a_channel_that_stops_forgets_its_conditions_without_a_line() -> None:
    health, _ = assess(Health(), Reading(source="host", alerts=(LOSS,)), now=NOW, where=WHERE)
    assert assess(health, None, now=NOW, where=WHERE) == (Health(), [])


def test_video_counts_as_arriving_once_the_channel_has_run_quietly_and_not_before() -> None:
    assert Reading(source="host", running_for=5).video is None  # too early to tell without frames
    assert Reading(source="host", running_for=25).video is True  # no input-loss alert all that time
    assert Reading(source="host", running_for=25, alerts=(LOSS,)).video is False
