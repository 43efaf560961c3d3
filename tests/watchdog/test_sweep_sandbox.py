"""The watchdog against the sandbox AWS over HTTP, with a clock the test moves; each test owns its deployment tag."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest

from core.adapters.aws.medialive import MediaLive
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.costs import running_hourly
from core.domain.session import SessionStatus
from core.errors import ShelcasterError
from core.watchdog.events import EventKind, Mode, SweepReport
from core.watchdog.lease import Lease, scheduler_lease
from core.watchdog.marks import Reason
from sandbox.aws import AwsSandbox
from sandbox.provision import SandboxAccount
from tests.watchdog.kit import WatchKit, until, watch_kit


def test_a_forgotten_channel_is_warned_at_the_idle_threshold_and_stopped_after_the_grace(wk: WatchKit) -> None:
    session = wk.live_session()
    channel_id = session.resources.channel_id
    assert channel_id
    started = session.channel_runs[-1].start
    idle, grace = timedelta(minutes=7), timedelta(minutes=5)  # MediaLive's input-loss alert is set as it starts

    wk.clock.at(started + idle - timedelta(seconds=20))
    wk.sweep()
    assert wk.recorder.kinds(channel_id) == []

    wk.clock.at(started + idle + timedelta(seconds=1))
    wk.sweep()
    (warning,) = wk.recorder.about(channel_id)
    assert (warning.kind, warning.reason, warning.then) == (EventKind.WARNED, Reason.INPUT_LOST, "stop")
    assert warning.due_at is not None and abs(warning.due_at - (started + idle + grace)) < timedelta(seconds=5)
    assert warning.cost is not None and warning.cost > 0

    wk.clock.at(warning.due_at - timedelta(seconds=20))
    wk.sweep()
    assert wk.recorder.kinds(channel_id) == [EventKind.WARNED]
    assert wk.state(channel_id) == "RUNNING"

    wk.clock.at(warning.due_at + timedelta(seconds=1))
    wk.sweep()
    assert wk.recorder.kinds(channel_id) == [EventKind.WARNED, EventKind.STOPPED]
    assert wk.wait_state(channel_id, "IDLE")
    stopped = wk.core.store.require(session.id)
    assert not stopped.stream_wanted and stopped.status is SessionStatus.READY
    assert stopped.last_error and "watchdog" in stopped.last_error


def _orphan_due(wk: WatchKit, channel_id: str) -> datetime:
    """Sweep until the orphan is warned; returns when its deletion is due."""
    wk.sweep()
    warned = [e for e in wk.recorder.events if e.resource_id == channel_id and e.kind is EventKind.WARNED]
    assert warned, wk.recorder.events
    assert warned[-1].reason is Reason.ORPHAN and warned[-1].then == "delete"
    assert warned[-1].due_at is not None
    return warned[-1].due_at


def test_a_show_whose_end_failed_leaves_an_orphan_that_is_warned_then_deleted_with_everything(
    wk: WatchKit,
) -> None:
    session = wk.live_session()
    channel_id, input_id = session.resources.channel_id, session.resources.input_id
    assert channel_id and input_id
    wk.sandbox.inject_fault(service="medialive", operation="StopChannel", status=400, code="BadRequestException")
    with pytest.raises(ShelcasterError):
        wk.core.control.end_session(session_id=session.id, actor="host")
    wk.sandbox.clear_faults()
    assert wk.core.store.require(session.id).status is SessionStatus.ENDING  # the end died halfway

    due = _orphan_due(wk, channel_id)
    wk.clock.at(due - timedelta(seconds=10))
    wk.sweep()
    assert wk.state(channel_id) == "RUNNING"

    wk.clock.at(due + timedelta(seconds=1))
    wk.sweep()
    assert wk.recorder.kinds(channel_id)[-1] is EventKind.DELETED
    assert wk.state(channel_id) is None
    assert not wk.input_exists(input_id)
    ended = wk.core.store.require(session.id)
    assert ended.status is SessionStatus.ENDED and ended.final_cost is not None
    assert not ended.resources.any


def test_a_channel_whose_session_is_missing_is_deleted_with_its_input_after_the_grace(wk: WatchKit) -> None:
    channel_id, input_id = wk.raw_channel(owner=wk.settings.deployment, session_id="no-such-session")
    due = _orphan_due(wk, channel_id)
    wk.clock.at(due + timedelta(seconds=1))
    wk.sweep()
    assert wk.state(channel_id) is None
    assert not wk.input_exists(input_id)


def test_keeping_postpones_the_stop_until_the_keep_runs_out(wk: WatchKit) -> None:
    session = wk.live_session()
    channel_id = session.resources.channel_id
    assert channel_id
    wk.clock.at(session.channel_runs[-1].start + timedelta(minutes=11))
    wk.sweep()
    assert wk.recorder.kinds(channel_id) == [EventKind.WARNED]

    until = wk.clock() + timedelta(hours=1)
    kept = wk.watch.controls.keep(channel_id=channel_id, actor="<@U0HOST>", until=until)
    assert kept.kind is EventKind.KEPT and kept.warning_posted  # the warning message can be settled
    assert wk.core.store.require(session.id).keep_until == until

    wk.clock.advance(minutes=30)  # long past the warning's due time
    report = wk.sweep()
    assert wk.state(channel_id) == "RUNNING"
    assert [f.status.value for f in report.findings if f.resource_id == channel_id] == ["kept"]

    wk.clock.at(until + timedelta(seconds=1))  # the keep is over: warned afresh, stopped after a new grace
    wk.sweep()
    assert wk.recorder.kinds(channel_id) == [EventKind.WARNED, EventKind.WARNED]
    wk.clock.advance(minutes=5, seconds=1)
    wk.sweep()
    assert wk.recorder.kinds(channel_id)[-1] is EventKind.STOPPED
    assert wk.wait_state(channel_id, "STOPPING", "IDLE")


def test_a_dry_run_warns_and_reports_once_but_deletes_nothing(wk: WatchKit) -> None:
    channel_id, input_id = wk.raw_channel(owner=wk.settings.deployment, session_id=None)
    wk.sweep(Mode.DRY_RUN)
    (warning,) = wk.recorder.about(channel_id)
    assert warning.kind is EventKind.WARNED and warning.dry_run
    assert warning.due_at is not None

    for minutes in (6, 7, 60):
        wk.clock.at(warning.due_at + timedelta(minutes=minutes - 5))
        wk.sweep(Mode.DRY_RUN)
    assert wk.recorder.kinds(channel_id) == [EventKind.WARNED, EventKind.DELETED]  # reported once
    assert wk.recorder.about(channel_id)[-1].dry_run
    assert wk.state(channel_id) == "RUNNING"
    assert wk.input_exists(input_id)

    # A real sweep does not trust a dry run's warning: it warns for real first.
    wk.sweep(Mode.ACT)
    real = wk.recorder.about(channel_id)[-1]
    assert real.kind is EventKind.WARNED and not real.dry_run
    assert wk.state(channel_id) == "RUNNING"


def test_a_preview_decides_but_posts_stores_and_changes_nothing(wk: WatchKit) -> None:
    channel_id, _ = wk.raw_channel(owner=wk.settings.deployment, session_id=None)
    for _ in range(2):
        report = wk.sweep(Mode.PREVIEW)
        assert [o.action for o in report.outcomes if o.resource_id == channel_id] == ["warn"]
    assert wk.recorder.about(channel_id) == []
    assert wk.watch.marks.get("channel", channel_id) is None


def test_channels_that_are_not_ours_are_reported_once_and_never_touched(wk: WatchKit) -> None:
    other, other_input = wk.raw_channel(owner="another-deployment", session_id="whatever")
    untagged, _ = wk.raw_channel(owner=None, session_id=None)
    calls = count_calls(wk)
    for hours in (0, 1, 48):
        wk.clock.advance(hours=hours)
        wk.sweep()
    for channel_id in (other, untagged):
        assert wk.recorder.kinds(channel_id) == [EventKind.UNMANAGED]
        assert wk.state(channel_id) == "RUNNING"
    assert wk.input_exists(other_input)
    changes = {"StopChannel", "DeleteChannel", "DeleteInput", "UpdateChannel", "CreateTags", "DeleteTags"}
    assert not changes & set(calls)
    unmanaged = next(e for e in wk.recorder.events if e.resource_id == other)
    assert unmanaged.hourly == running_hourly(wk.settings.rates)


def test_a_sweep_that_died_between_stop_and_delete_is_finished_by_the_next_without_repeats(
    wk: WatchKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel_id, input_id = wk.raw_channel(owner=wk.settings.deployment, session_id="no-such-session")
    due = _orphan_due(wk, channel_id)
    wk.clock.at(due + timedelta(seconds=1))
    calls = count_calls(wk)
    real_delete = MediaLive.delete_channel

    def die(self: MediaLive, channel_id: str) -> None:
        raise SystemExit("the process was killed")  # not an AWS failure: the sweep itself dies

    monkeypatch.setattr(MediaLive, "delete_channel", die)
    with pytest.raises(SystemExit):
        wk.sweep()
    assert wk.wait_state(channel_id, "IDLE")  # stopped, not deleted

    monkeypatch.setattr(MediaLive, "delete_channel", real_delete)
    wk.sweep()
    assert wk.state(channel_id) is None
    assert not wk.input_exists(input_id)
    assert wk.recorder.kinds(channel_id)[-1] is EventKind.DELETED
    wk.sweep()
    assert (calls["StopChannel"], calls["DeleteChannel"], calls["DeleteInput"]) == (1, 1, 1)
    assert wk.watch.marks.get("channel", channel_id) is None


def test_a_failed_delete_is_reported_and_retried_by_the_next_sweep(wk: WatchKit) -> None:
    channel_id, input_id = wk.raw_channel(owner=wk.settings.deployment, session_id="no-such-session")
    due = _orphan_due(wk, channel_id)
    wk.clock.at(due + timedelta(seconds=1))
    wk.sandbox.inject_fault(service="medialive", operation="DeleteChannel", status=400, code="BadRequestException")
    report = wk.sweep()
    assert report.failed and wk.recorder.kinds(channel_id)[-1] is EventKind.FAILED
    wk.sandbox.clear_faults()
    wk.sweep()
    assert wk.state(channel_id) is None and not wk.input_exists(input_id)


def test_two_replicas_on_one_table_never_both_act(wk: WatchKit) -> None:
    orphans = [wk.raw_channel(owner=wk.settings.deployment, session_id=None)[0] for _ in range(2)]
    leases = [
        Lease(
            wk.core.store,
            name=scheduler_lease(wk.settings.deployment),
            holder=h,
            ttl=timedelta(seconds=60),
            clock=wk.clock,
        )
        for h in ("replica-a", "replica-b")
    ]
    start = threading.Barrier(2)

    def replica(lease: Lease) -> SweepReport | None:
        start.wait()
        return wk.watch.watchdog.sweep(notifier=wk.recorder, leader=lease.held) if lease.renew() else None

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(replica, leases))
    assert sum(r is not None for r in reports) == 1
    assert sorted(e.resource_id for e in wk.recorder.events if e.kind is EventKind.WARNED) == sorted(orphans)

    # The holder dies without releasing: the other takes over once the lease has expired, not before.
    holder = leases[0] if reports[0] is not None else leases[1]
    other = leases[1] if holder is leases[0] else leases[0]
    wk.clock.advance(seconds=30)
    assert not other.renew()
    wk.clock.advance(seconds=31)
    assert other.renew() and not holder.renew()


def test_without_the_lease_two_racing_sweeps_still_warn_and_act_once(wk: WatchKit) -> None:
    channel_id, _ = wk.raw_channel(owner=wk.settings.deployment, session_id=None)
    start = threading.Barrier(4)

    def racer(_: int) -> SweepReport:
        start.wait()
        return wk.sweep()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(racer, range(4)))
    assert wk.recorder.kinds(channel_id) == [EventKind.WARNED]
    warning = wk.recorder.about(channel_id)[0]
    assert warning.due_at is not None
    wk.clock.at(warning.due_at + timedelta(seconds=1))
    calls = count_calls(wk)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(racer, range(4)))
    assert wk.recorder.kinds(channel_id).count(EventKind.DELETED) == 1
    assert calls["DeleteChannel"] == 1


def test_a_leftover_idle_channel_of_an_ended_show_and_unused_inputs_are_deleted_at_once(wk: WatchKit) -> None:
    session = wk.new_session()
    wk.core.control.end_session(session_id=session.id, actor="host")
    leftover, leftover_input = wk.raw_channel(owner=wk.settings.deployment, session_id=session.id, start=False)
    spare = wk.aws.medialive.create_input(
        Name="spare",
        Type="RTMP_PUSH",
        InputSecurityGroups=[wk.settings.input_security_group_id],
        Destinations=[{"StreamName": "spare/a"}],
        Tags={OWNER_TAG: wk.settings.deployment, SESSION_TAG: session.id},
    )["Input"]["Id"]
    wk.sweep()
    assert wk.recorder.kinds(leftover) == [EventKind.DELETED]
    assert wk.recorder.about(leftover)[0].reason is Reason.LEFTOVER
    assert wk.state(leftover) is None
    assert not wk.input_exists(leftover_input)
    assert wk.recorder.kinds(spare) == [EventKind.INPUT_DELETED]
    assert not wk.input_exists(spare)


def test_a_live_shows_inputs_are_kept_and_a_stray_one_only_after_the_grace(wk: WatchKit) -> None:
    session = wk.new_session()
    stray = wk.aws.medialive.create_input(
        Name="stray",
        Type="RTMP_PUSH",
        InputSecurityGroups=[wk.settings.input_security_group_id],
        Destinations=[{"StreamName": "stray/a"}],
        Tags={OWNER_TAG: wk.settings.deployment, SESSION_TAG: session.id},
    )["Input"]["Id"]
    wk.sweep()
    assert wk.input_exists(stray)  # perhaps a source being added right now
    wk.clock.advance(minutes=5, seconds=1)
    wk.sweep()
    assert not wk.input_exists(stray)
    assert session.resources.input_id and wk.input_exists(session.resources.input_id)
    assert wk.state(session.resources.channel_id or "") == "IDLE"


def test_video_arriving_keeps_a_channel_safe_and_its_loss_is_noticed(
    account: SandboxAccount, aws_sandbox: AwsSandbox
) -> None:
    # Real time here: the sandbox's metrics are written as time passes, so the idle threshold is seconds.
    wk = watch_kit(account, aws_sandbox, idle_minutes=0.025, input_loss_minutes=0.025, metric_period_seconds=1)
    session = wk.live_session()
    channel_id, input_id = session.resources.channel_id, session.resources.input_id
    assert channel_id and input_id
    aws_sandbox.connect_encoder(input_id)
    assert until(lambda: wk.watch.watchdog.facts(wk.watch.watchdog.policy(Mode.ACT)).last_input.get(channel_id))
    wk.sweep()
    assert wk.recorder.kinds(channel_id) == []

    aws_sandbox.connect_encoder(input_id, connected=False)
    assert until(lambda: wk.sweep() and EventKind.WARNED in wk.recorder.kinds(channel_id), timeout=15)
    assert wk.recorder.about(channel_id)[-1].reason in (Reason.INPUT_LOST, Reason.NO_INPUT)

    aws_sandbox.connect_encoder(input_id)
    assert until(lambda: wk.sweep() and EventKind.RESOLVED in wk.recorder.kinds(channel_id), timeout=15)
    assert wk.state(channel_id) == "RUNNING"


def count_calls(wk: WatchKit) -> Counter[str]:
    """Successful MediaLive operations made by the kit's client from now on."""
    calls: Counter[str] = Counter()

    def after(http_response: Any, model: Any, **_: Any) -> None:
        if 200 <= http_response.status_code < 300:
            calls[model.name] += 1

    wk.aws.medialive.meta.events.register("after-call.medialive.*", after)
    return calls
