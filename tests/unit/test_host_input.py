"""The host input: a push input as the crew's encoder uses, or a file that loops (the account check's test clip)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.config import CoreSettings
from core.domain.channel_spec import channel_request
from core.domain.session import Session, Source, SourceKind
from core.show.channel_plan import ChannelPlanner
from tests.fakes.secrets import FakeSecrets
from tests.unit.test_channel_spec import _validate

SETTINGS = CoreSettings(
    recordings_bucket="rec", medialive_role_arn="arn:aws:iam::1:role/r", input_security_group_id="9"
)


def _session(endpoints: list[str]) -> Session:
    session = Session(id="s1", show_name="Show", chat_channel="C1", created_by="h", created_at=datetime.now(UTC))
    track = Source(kind=SourceKind.TRACK, number=1, name="jingle", input_id="222", url="s3ssl://rec/t.mp4")
    session = session.input_recorded("111", endpoints).source_put(track)
    return session.resources_recorded(ivs_ingest_endpoint="abc.global-contribute.live-video.net")


def _ends(endpoints: list[str]) -> dict[str, str]:
    planner = ChannelPlanner(settings=SETTINGS, ivs=object(), secrets=FakeSecrets())  # type: ignore[arg-type]
    request = channel_request(planner.plan(_session(endpoints), public=False))
    _validate("medialive", "CreateChannel", request)
    return {a["InputAttachmentName"]: a["InputSettings"]["SourceEndBehavior"] for a in request["InputAttachments"]}


def test_a_push_host_and_its_tracks_continue_so_follow_switches_run_when_a_track_ends() -> None:
    assert _ends(["rtmp://203.0.113.1:1935/host-s1/0"]) == {"host": "CONTINUE", "track-1": "CONTINUE"}


def test_a_file_host_loops_so_the_show_never_runs_out_of_picture() -> None:
    assert _ends([]) == {"host": "LOOP", "track-1": "CONTINUE"}
