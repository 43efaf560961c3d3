"""A preview from a shell decides with the deployment's recorded watchdog policy, not the shell's settings."""

from __future__ import annotations

from datetime import timedelta

from core.config import WatchdogSettings
from core.watchdog.composition import build_watch_services
from core.watchdog.events import Mode
from core.watchdog.marks import Reason
from core.watchdog.plan import ResourceStatus
from core.watchdog.sweeper import Sweeper
from tests.watchdog.kit import WatchKit


def _shell(wk: WatchKit, **watchdog: float) -> Sweeper:
    """The same deployment and table, with the settings a shell that lacks the server's environment has."""
    settings = wk.settings.model_copy(update={"watchdog": WatchdogSettings(**watchdog)})  # type: ignore[arg-type]
    return build_watch_services(settings, wk.aws, core=wk.core, clock=wk.clock).watchdog


def test_a_preview_with_other_settings_uses_the_deployments_recorded_policy_and_says_so(wk: WatchKit) -> None:
    session = wk.live_session()
    channel_id = session.resources.channel_id
    wk.clock.at(session.channel_runs[-1].start + timedelta(minutes=10, seconds=1))
    wk.sweep()  # the server's sweep: input lost over 7 minutes, so it warns (and records its policy)
    assert [e.reason for e in wk.recorder.about(channel_id or "")] == [Reason.INPUT_LOST]

    preview = _shell(wk, idle_minutes=120).sweep(notifier=wk.recorder, mode=Mode.PREVIEW)
    finding = next(f for f in preview.findings if f.resource_id == channel_id)
    assert (finding.reason, finding.status, finding.next) == (Reason.INPUT_LOST, ResourceStatus.WATCHING, "stop")
    assert not [o for o in preview.outcomes if o.resource_id == channel_id and o.action == "resolve"]
    assert preview.policy is not None and preview.policy.recorded_at is not None
    assert preview.policy.differences == ("idle_minutes: 120.0 here, 10.0 in the deployment",)
    assert len(wk.recorder.about(channel_id or "")) == 1  # a preview posts nothing


def test_a_preview_before_any_sweep_recorded_a_policy_says_it_used_this_shells_settings(wk: WatchKit) -> None:
    preview = _shell(wk, idle_minutes=30).sweep(notifier=wk.recorder, mode=Mode.PREVIEW)
    assert preview.policy is not None and preview.policy.recorded_at is None


def test_a_real_sweep_records_its_policy_once_and_again_when_it_changes(wk: WatchKit) -> None:
    wk.sweep()
    first = wk.watch.marks.recorded_policy()
    assert first is not None and first.watchdog == wk.settings.watchdog
    wk.clock.advance(minutes=5)
    wk.sweep()
    assert wk.watch.marks.recorded_policy() == first  # unchanged settings are not written again
    _shell(wk, idle_minutes=20).sweep(notifier=wk.recorder)
    changed = wk.watch.marks.recorded_policy()
    assert changed is not None and changed.watchdog.idle_minutes == 20 and changed.at > first.at


def test_the_sweep_command_says_whose_settings_a_preview_used() -> None:
    from datetime import UTC, datetime

    from bot.entry.cli_commands.sweep import policy_line
    from core.watchdog.events import PolicySource, SweepReport

    at = datetime(2026, 12, 1, 20, 1, tzinfo=UTC)
    shell = WatchdogSettings(idle_minutes=120)

    def line(source: PolicySource | None) -> str:
        return policy_line(SweepReport(at, Mode.PREVIEW, 0, 0, (), (), source), shell)

    differs = line(PolicySource(at, ("idle_minutes: 120.0 here, 10.0 in the deployment",)))
    assert "deployment's watchdog policy, as its sweep recorded it at 2026-12-01 20:01 UTC" in differs
    assert "This shell's settings differ: idle_minutes: 120.0 here, 10.0 in the deployment." in differs
    assert "(the same as this shell's)" in line(PolicySource(at))
    assert "used this shell's settings (input lost 7 min, no frames 120 min" in line(PolicySource(None))
    assert line(None) == ""
