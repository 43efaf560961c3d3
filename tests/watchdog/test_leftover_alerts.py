"""What the crew reads about a leftover IVS channel, security group or stored key (pure rendering)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from bot.entry.cli_commands.sweep import print_report
from bot.slack_ui import alerts
from core.config import WatchdogSettings
from core.domain.session import Session
from core.watchdog.events import EventKind, Mode, SweepReport, WatchEvent
from core.watchdog.marks import Kind, Reason
from core.watchdog.plan import Finding, ResourceStatus

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
SETTINGS = WatchdogSettings()
SHOW = Session(id="s1", show_name="Morning Show", chat_channel="C1", created_by="host", created_at=NOW)
ARN = "arn:aws:ivs:us-east-1:123456789012:channel/abc"


def event(kind: EventKind, resource: Kind, name: str, *, session: Session | None = None, **extra: Any) -> WatchEvent:
    return WatchEvent(kind, resource, name, name, Reason.UNRECORDED, session, **extra)


def test_a_deleted_leftover_is_named_by_its_kind_and_its_show() -> None:
    text = alerts.report(event(EventKind.RESOURCE_DELETED, "ivs_channel", ARN, session=SHOW), watchdog=SETTINGS)
    assert text == f":wastebasket: *Watchdog* deleted IVS channel `{ARN}` of *Morning Show*: no live show records it."
    key = "/shelcaster/prod/s1/platform-2"
    dry = alerts.report(event(EventKind.RESOURCE_DELETED, "parameter", key, dry_run=True), watchdog=SETTINGS)
    assert dry == f":information_source: *Watchdog (dry run)* would delete stored platform key `{key}` now: " + (
        "no live show records it."
    )


def test_a_failed_delete_of_a_group_says_what_it_is() -> None:
    failed = event(EventKind.FAILED, "security_group", "4711", then="delete", error="It is in use.")
    text = alerts.report(failed, watchdog=SETTINGS)
    assert "MediaLive input security group `4711`" in text and "MediaLive channel" not in text


def test_the_sweep_report_lists_leftover_findings() -> None:
    finding = Finding(
        kind="ivs_channel",
        resource_id=ARN,
        name="shelcaster-morning-s1",
        state="",
        owned=True,
        session_id="s1",
        reason=Reason.UNRECORDED,
        status=ResourceStatus.WATCHING,
        next="delete",
        due_at=NOW,
    )
    out = io.StringIO()
    print_report(SweepReport(NOW, Mode.PREVIEW, 0, 0, (finding,), ()), watchdog=SETTINGS, out=out)
    (row,) = [line for line in out.getvalue().splitlines() if line.startswith("ivs_channel")]
    assert ARN in row and "no live show records it" in row and "watching" in row and "delete" in row
